"""What the main window's menus open: printing what the list shows, letters, mailing, import and export, the
settings, users, backups and the day's agenda."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from client.core.error_words import in_words
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
    discovery_interfaces: list[str] | None

    def login_again(self) -> None:
        """After a password change or a revoked login: log in (the data on this PC stays)."""
        from client.ui.login_dialog import LoginDialog
        # The server is known: no need to look for it (and never beyond the interfaces the window was given).
        dialog = LoginDialog(self.replica, self, discover=not self.replica.meta("server"),
                             interfaces=self.discovery_interfaces)
        if dialog.exec() == LoginDialog.DialogCode.Accepted:
            self._apply_role()
            self.retranslate()
            if self.engine is not None:
                self.engine.sync_now()

    def open_users(self) -> None:
        from client.ui.admin_dialog import open_admin_dialog
        open_admin_dialog(self, self.replica)
        if self.engine is not None:  # a colleague added, renamed or disabled there is named here at once
            self.engine.sync_now()

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
        """Ctrl+P: the list's PDF in a print preview with its Print button (the pages it prints); on a PC with no
        printer, the offer of a PDF."""
        def list_preview() -> Any:
            import tempfile
            from pathlib import Path

            from client.ui.pdf_print import preview_pdf
            path = Path(tempfile.mkdtemp(prefix="list-")) / "list.pdf"
            path.write_bytes(self.list_pdf())
            return preview_pdf(self, path, self.replica.schema().kind(self.model.kind).label(self.lang))
        return self._print(list_preview, lambda: self.save_pdf())

    def print_card(self) -> Any:
        """The shown record's card, printed the same way as the list."""
        record = self.card.record
        if record is None:
            return None
        from client.core.printout import card_html
        from client.ui.printing import preview
        html, title = card_html(self.replica, record, self.lang), self.replica.schema().title(record.kind,
                                                                                               record.fields)
        return self._print(lambda: preview(self, html, title), lambda: self.save_card_pdf())

    def _print(self, make_preview: Any, save: Any) -> Any:
        from client.ui.printing import offer_pdf, printers
        from client.ui.qt import Qt
        dialog = offer_pdf(self, save) if not printers() else make_preview()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # not exec(): the window goes on repainting, and a test can reach the dialog
        return dialog

    def save_pdf(self, path: Any = None) -> Any:
        """"Save the list as PDF": the file, then a notice naming it with Open and Show in folder."""
        from lan_server.files import write_whole

        def write(target: Any) -> Any:
            write_whole(target, self.list_pdf())  # the list's own PDF engine, no Qt in the file
            return target
        return self._write_pdf(write, self.replica.schema().kind(self.model.kind).label(self.lang),
                               tr("The list was saved as PDF."), path)

    def save_card_pdf(self, path: Any = None) -> Any:
        record = self.card.record
        if record is None:
            return None
        from client.core.printout import card_html
        from client.ui.printing import save_pdf
        html = card_html(self.replica, record, self.lang)
        return self._write_pdf(lambda target: save_pdf(html, target),
                               self.replica.schema().title(record.kind, record.fields),
                               tr("The card was saved as PDF."), path)

    def _write_pdf(self, write: Any, name: str, said: str, path: Any) -> Any:
        from pathlib import Path

        from client.core.merge import safe_file_name
        from client.ui.files import suggested, tell_made
        from client.ui.qt import QFileDialog
        if not path:
            chosen, _ = QFileDialog.getSaveFileName(self, tr("Save as PDF…"), suggested(f"{safe_file_name(name)}.pdf"),
                                                    "PDF (*.pdf)")
            if not chosen:
                return None
            path = Path(chosen).with_suffix(".pdf")
        try:
            made = write(Path(path))
        except Exception as e:  # a full disk, a folder without write rights: said, the window goes on
            QMessageBox.warning(self, tr("Save as PDF…"), tr("The PDF was not made:") + f" {in_words(e)}")
            return None
        if not made.exists() or made.stat().st_size == 0:
            QMessageBox.warning(self, tr("Save as PDF…"), tr("The PDF was not made:") + f" {made}")
            return None
        tell_made(self, said, made)
        return made

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

    def open_browser_address(self) -> Any:
        from client.ui.browser_dialog import BrowserDialog
        dialog = BrowserDialog(self.replica, self)
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
