"""The main window's actions: the toolbar and menus, their words in the user's language, and who sees which."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

from client.core.rights import rights_of
from client.ui import i18n
from client.ui.i18n import tr
from client.ui.qt import QAction, QKeySequence, QMenu, QMenuBar, QMessageBox, Qt, QToolBar

if TYPE_CHECKING:
    from client.ui.window_state import WindowState as Window
else:
    Window = object


def new_menu(parent: QMenuBar | QMenu | None) -> QMenu:
    """A menu added to the menu bar or to another menu (Qt types both as possibly absent: a main window's is not)."""
    assert parent is not None
    menu = QMenu(parent)
    parent.addMenu(menu)
    return menu


def _checkable(action: QAction) -> QAction:
    action.setCheckable(True)
    return action


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


class ActionsMixin(Window):
    """Part of MainWindow: every `act_*`, the toolbar and the menus."""

    replica: Any
    lang: str

    def _make_actions(self) -> None:
        self.act_new = QAction(self)
        self.act_new.setShortcut(QKeySequence.StandardKey.New)
        self.act_new.triggered.connect(self.new_record)
        self.act_save = QAction(self)
        self.act_save.setShortcut(QKeySequence.StandardKey.Save)
        self.act_save.triggered.connect(self.card.save)
        self.act_delete = QAction(self)
        self.act_delete.setShortcut(QKeySequence.StandardKey.Delete)
        self.act_delete.triggered.connect(self.delete_record)
        self.act_find = QAction(self)
        self.act_find.setShortcut(QKeySequence.StandardKey.Find)
        self.act_find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.act_undo = QAction(self)
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.triggered.connect(self.undo)
        self.act_settings = QAction(self)
        self.act_settings.triggered.connect(self.open_settings)
        self.act_sync = QAction(self)
        self.act_sync.triggered.connect(lambda: self.engine.sync_now() if self.engine else None)
        self.act_login = QAction(self)
        self.act_login.triggered.connect(self.login_again)
        self.act_quit = QAction(self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        self.act_save_filter = QAction(self)
        self.act_save_filter.triggered.connect(self.save_filter)
        self.act_lang = {code: _checkable(QAction(name, self)) for code, name in i18n.LANGUAGES.items()}
        for code, act in self.act_lang.items():
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
        self.act_bin = _checkable(QAction(self))
        self.act_bin.toggled.connect(self.show_bin)
        self.act_restore = QAction(self)
        self.act_restore.triggered.connect(self.restore_record)
        self.act_restore.setVisible(False)
        self.act_today = QAction(self)
        self.act_today.setShortcut(QKeySequence("Ctrl+T"))
        self.act_today.triggered.connect(self.open_today)
        self.act_import = QAction(self)
        self.act_import.triggered.connect(self.open_import)
        self.act_export = QAction(self)
        self.act_export.triggered.connect(self.open_export)
        self.act_board = _checkable(QAction(self))
        self.act_board.toggled.connect(self.show_board)
        self.act_board.setVisible(False)
        self.act_print = QAction(self)
        self.act_print.setShortcut(QKeySequence.StandardKey.Print)
        self.act_print.triggered.connect(self.print_preview)
        self.act_pdf = QAction(self)
        self.act_pdf.triggered.connect(self.save_pdf)
        self.act_print_card = QAction(self)
        self.act_print_card.triggered.connect(self.print_card)
        self.act_letters = QAction(self)
        self.act_letters.triggered.connect(self.open_letters)
        self.act_mailing = QAction(self)
        self.act_mailing.triggered.connect(self.open_mailing)
        self.act_mail_settings = QAction(self)
        self.act_mail_settings.triggered.connect(self.open_mail_settings)
        self.act_backups = QAction(self)
        self.act_backups.triggered.connect(self.open_backups)
        self.act_phones = QAction(self)
        self.act_phones.triggered.connect(self.open_phones)
        self.act_price_list = QAction(self)
        self.act_price_list.triggered.connect(self.open_price_list)
        self.act_requisites = QAction(self)
        self.act_requisites.triggered.connect(self.open_requisites)
        self.act_forms = QAction(self)
        self.act_forms.triggered.connect(self.open_forms)
        self.act_import.setVisible(_has("client.ui.import_dialog"))
        self.act_export.setVisible(_has("client.ui.export_dialog"))

        self.toolbar = QToolBar()
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.act_new, self.act_save, self.act_delete, self.act_undo, self.act_today, self.act_sync,
                    self.act_board):
            self.toolbar.addAction(act)
        self.addToolBar(self.toolbar)
        self.menu_file = new_menu(self.menuBar())
        for act in (self.act_import, self.act_export, self.act_letters, self.act_mailing, self.act_price_list,
                    self.act_print,
                    self.act_pdf,
                    self.act_print_card, self.act_sync, self.act_login, self.act_quit):
            self.menu_file.addAction(act)
        self.menu_edit = new_menu(self.menuBar())
        for act in (self.act_new, self.act_save, self.act_delete, self.act_undo, self.act_find, self.act_save_filter,
                    self.act_bin, self.act_restore):
            self.menu_edit.addAction(act)
        self.toolbar.addAction(self.act_restore)
        self.menu_settings = new_menu(self.menuBar())
        self.menu_settings.addAction(self.act_settings)
        self.act_users = QAction(self)
        self.act_users.triggered.connect(self.open_users)
        self.menu_settings.addAction(self.act_users)
        self.menu_settings.addAction(self.act_requisites)
        self.menu_settings.addAction(self.act_forms)
        self.menu_settings.addAction(self.act_mail_settings)
        self.menu_settings.addAction(self.act_backups)
        self.menu_settings.addAction(self.act_phones)
        self.menu_lang = new_menu(self.menu_settings)
        for act in self.act_lang.values():
            self.menu_lang.addAction(act)
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self.show_about)
        self.act_browser = QAction(self)
        self.act_browser.triggered.connect(self.open_browser_address)
        self.menu_help = new_menu(self.menuBar())
        self.menu_help.addAction(self.act_browser)
        self.menu_help.addAction(self.act_about)

    def _retranslate_actions(self) -> None:
        self.act_new.setText(tr("New"))
        self.act_save.setText(tr("Save"))
        self.act_delete.setText(tr("Delete"))
        self.act_find.setText(tr("Find"))
        self.act_undo.setText(tr("Undo"))
        self.act_settings.setText(tr("Fields and sections…"))
        self.act_sync.setText(tr("Sync now"))
        self.act_quit.setText(tr("Quit"))
        self.act_login.setText(tr("Log in again…"))
        self.act_import.setText(tr("Import…"))
        self.act_export.setText(tr("Export…"))
        self.act_save_filter.setText(tr("Save this filter…"))
        self.act_today.setText(tr("Today"))
        self.act_bin.setText(tr("Show the bin"))
        self.act_restore.setText(tr("Restore from the bin"))
        self.act_users.setText(tr("Users…"))
        self.act_board.setText(tr("Board"))
        self.act_price_list.setText(tr("Price list…"))
        self.act_print.setText(tr("Print the list…"))
        self.act_letters.setText(tr("Letters from a template…"))
        self.act_mailing.setText(tr("Mailing…"))
        self.act_mail_settings.setText(tr("Mail server…"))
        self.act_backups.setText(tr("Backups…"))
        self.act_phones.setText(tr("Phones…"))
        self.act_pdf.setText(tr("Save the list as PDF…"))
        self.act_print_card.setText(tr("Print the card…"))
        self.act_price_list.setVisible(self.replica.schema().has_kind("product"))
        self.act_requisites.setText(tr("Company requisites…"))
        self.act_forms.setText(tr("Print forms…"))
        self.menu_file.setTitle(tr("&File"))
        self.menu_edit.setTitle(tr("&Edit"))
        self.menu_settings.setTitle(tr("&Settings"))
        self.menu_lang.setTitle(tr("Language"))
        self.menu_help.setTitle(tr("&Help"))
        self.act_about.setText(tr("About the organizer"))
        self.act_browser.setText(tr("The office in a browser or on a phone…"))
        for code, act in self.act_lang.items():
            act.setChecked(code == self.lang)

    def about_text(self) -> str:
        from lan_server import __version__
        server = str(self.replica.meta("server_name") or self.replica.meta("server") or "")
        return (f"{tr('Office organizer')} {__version__}\n\n{tr('Office server')}: {server or '—'}\n"
                f"{tr('Data of this PC')}: {self.replica.profile}")

    def show_about(self) -> None:
        QMessageBox.about(self, tr("About the organizer"), self.about_text())

    def _apply_role(self) -> None:
        """Hide what the logged-in user may not do here, as the server's rules say (the server refuses it anyway)."""
        rights = rights_of(self.replica)
        kind = self.model.kind
        self.act_new.setVisible(rights.may_create(kind))
        writer = rights.may_edit_some(kind) or rights.may_create(kind)
        for act in (self.act_save, self.act_delete, self.act_undo):
            act.setVisible(writer)
        self.card.save_button.setVisible(writer)
        self.act_settings.setVisible(rights.is_admin)
        self.act_export.setVisible(_has("client.ui.export_dialog") and rights.may_export(kind))
        logged_in = bool(self.replica.meta("token"))
        self.act_users.setVisible(rights.is_admin and logged_in)
        self.act_requisites.setVisible(rights.is_admin)
        self.act_backups.setVisible(rights.is_admin and logged_in)
        self.act_phones.setVisible(logged_in)  # every user's own phones
