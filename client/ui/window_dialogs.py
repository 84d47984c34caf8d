"""What the main window's menus open: printing what the list shows, letters, mailing, import and export, the
settings, users, backups and the day's agenda."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from client.core.rights import may_export
from client.ui.i18n import tr
from client.ui.qt import QMessageBox
from lan_server.records.store import ID_KEY

if TYPE_CHECKING:
    from client.ui.window_state import WindowState as Window
else:
    Window = object


class DialogsMixin(Window):
    """Part of MainWindow: each dialog for exactly what the list shows (its search, filters and columns)."""

    replica: Any
    lang: str
    engine: Any
    model: Any
    table: Any
    card: Any

    def login_again(self) -> None:
        """After a password change or a revoked login: log in (the data on this PC stays)."""
        from client.ui.login_dialog import LoginDialog
        if LoginDialog(self.replica, self).exec() == LoginDialog.DialogCode.Accepted:
            self._apply_role()
            self.retranslate()
            if self.engine is not None:
                self.engine.sync_now()

    def open_users(self) -> None:
        from client.ui.admin_dialog import open_admin_dialog
        open_admin_dialog(self, self.replica)

    def open_today(self) -> None:
        from client.ui.today_view import TodayView
        view = TodayView(self.replica, self)
        view.open_record.connect(self.open_record)
        view.show()

    def list_html(self) -> str:
        from client.core.printout import list_html
        from client.ui.printing import visible_columns
        columns = visible_columns(self.table.horizontalHeader(), self.model.fields)
        return list_html(self.replica, self.model.shown(), columns, self.lang)

    def list_pdf(self) -> bytes:
        """The list as shown (its filter, its visible columns in their order) as a PDF: the same on any PC."""
        from client.core.printout import list_pdf
        from client.ui.printing import visible_columns
        columns = visible_columns(self.table.horizontalHeader(), self.model.fields)
        return list_pdf(self.replica, self.model.shown(), columns, self.lang)

    def print_preview(self) -> Any:
        """The print preview (Ctrl+P): the list's PDF page by page, printed as it shows."""
        import tempfile
        from pathlib import Path

        from client.ui.pdf_print import preview_pdf
        path = Path(tempfile.mkdtemp(prefix="list-")) / "list.pdf"
        path.write_bytes(self.list_pdf())
        dialog = preview_pdf(self, path, self.replica.schema().kind(self.model.kind).label(self.lang))
        if self.isVisible():
            dialog.exec()
        return dialog

    def save_pdf(self, path: Any = None) -> Any:
        from pathlib import Path

        from client.ui.qt import QFileDialog
        if not path:
            name, _ = QFileDialog.getSaveFileName(self, tr("Save the list as PDF…"),
                                                  f"{self.replica.schema().kind(self.model.kind).label(self.lang)}.pdf",
                                                  "PDF (*.pdf)")
            if not name:
                return None
            path = Path(name).with_suffix(".pdf")
        try:
            from lan_server.files import write_whole
            write_whole(Path(path), self.list_pdf())
            return Path(path)
        except OSError as e:
            QMessageBox.warning(self, tr("Save the list as PDF…"), str(e))
            return None

    def print_card(self) -> None:
        from client.core.printout import card_html
        from client.ui.printing import preview
        if self.card.record is not None:
            preview(self, card_html(self.replica, self.card.record, self.lang),
                    self.replica.schema().title(self.card.record.kind, self.card.record.fields)).exec()

    def open_letters(self, shown: Any = None) -> Any:
        """Letters for exactly what the list shows (or, from a card, for that one record)."""
        from client.ui.letters_dialog import open_letters_dialog
        return open_letters_dialog(self, self.replica, shown or self.model.shown())

    def open_mailing(self) -> Any:
        """A mailing to exactly what the list shows."""
        from client.ui.mailing_dialog import open_mailing_dialog
        return open_mailing_dialog(self, self.replica, self.model.shown())

    def open_backups(self) -> Any:
        from client.ui.backups_dialog import BackupsDialog
        dialog = BackupsDialog(self.replica, self.lang, self)
        dialog.show()
        return dialog

    def open_phones(self) -> Any:
        from client.ui.phones_dialog import PhonesDialog
        dialog = PhonesDialog(self.replica, self)
        dialog.show()
        return dialog

    def open_mail_settings(self) -> Any:
        from client.ui.mailing_dialog import MailSettingsDialog
        dialog = MailSettingsDialog(self.replica, self)
        dialog.show()
        return dialog

    def letters_for(self, rec_id: str) -> Any:
        from client.core.selection import Shown
        record = self.replica.get(rec_id)
        return self.open_letters(Shown(record.kind, where={ID_KEY: [rec_id]})) if record else None

    def open_price_list(self) -> None:
        from client.ui.price_list_dialog import PriceListDialog
        PriceListDialog(self.replica, self.lang, self).exec()

    def open_requisites(self) -> None:
        from client.ui.requisites_dialog import RequisitesDialog
        RequisitesDialog(self.replica, self.lang, self).exec()

    def open_forms(self) -> None:
        from client.ui.forms_dialog import FormsDialog
        FormsDialog(self.replica, self.lang, self).exec()

    def open_settings(self) -> None:
        from client.ui.settings_dialog import SettingsDialog
        SettingsDialog(self.replica, self.model.kind, self.lang, self).exec()

    def open_import(self) -> None:
        from client.ui import import_dialog  # type: ignore[attr-defined]
        import_dialog.open_import_dialog(self, self.replica)

    def open_export(self) -> None:
        if not may_export(self.replica, self.model.kind):  # a shortcut while the menu entry is hidden
            return
        from client.ui import export_dialog  # type: ignore[attr-defined]
        export_dialog.open_export_dialog(self, self.replica, self.model.shown())
