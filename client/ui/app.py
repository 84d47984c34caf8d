"""Start the window: language, local copy, login if needed, background sync, then the main window."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from client.core import companies
from client.core.replica import Replica, default_profile
from client.core.sync import SyncEngine
from client.ui import i18n
from client.ui.i18n import tr
from client.ui.one_window import OneWindow
from client.ui.qt import QApplication, QCoreApplication, QEvent, QWidget


def _no_screen() -> bool:
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def _dispose(widget: QWidget) -> None:
    """Destroy a closed window now: the app may live on (tests, a re-login) and must not keep it as active."""
    widget.close()  # saves what the closing window saves, if it is still open
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def run_window(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m client")
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES))
    parser.add_argument("--discovery-interface", action="append", default=None, metavar="IP",
                        help="look for servers only on this address (default: every network)")
    args, qt_args = parser.parse_known_args(argv)
    if _no_screen():
        print("error: there is no screen here for the window. Start it on the desktop, or use the commands "
              "(python -m client --help).", file=sys.stderr)
        return 2
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("LAN organizer")
    lang = args.lang or i18n.preferred_language()
    i18n.install(app, lang)  # type: ignore[arg-type]
    root = args.profile or default_profile()
    one = OneWindow(root)
    if not one.first():  # a window already works on this copy: it came to the front
        return 0
    one.listen(lambda: _to_front(app))
    try:
        while True:  # once per company the user works in: File > Company closes the window and names the next
            code, switch_to, lang = _run_copy(app, root, lang, args.discovery_interface)
            if switch_to is None:
                return code
            companies.choose(root, switch_to)
    finally:
        one.close()


def _to_front(app: QApplication) -> None:
    """The open window (or the login dialog) comes to the front, restored if it was minimized."""
    for widget in app.topLevelWidgets():
        if widget.isVisible():
            if widget.isMinimized():
                widget.showNormal()
            widget.raise_()
            widget.activateWindow()


def _run_copy(app: QApplication, root: Path, lang: str, interfaces: list[str] | None
              ) -> tuple[int, Path | None, str]:
    """The window on the copy of the company in use, until it closes: its exit code, the copy to open next if
    one was chosen, and the language it ended in (the user may have changed it there)."""
    from lan_server.records.versions import NewerData
    try:
        replica = Replica(companies.current(root))
    except NewerData as e:  # the copy stays untouched for the newer release that made it
        from client.ui.qt import QMessageBox
        QMessageBox.critical(None, tr("Office organizer"), tr("This PC's data was made by a newer version of the "
                                                              "organizer. Install that version.") + f"\n\n{e}")
        return 2, None, lang
    from client.ui.errors import ErrorHooks
    hooks = ErrorHooks(replica.profile).install()  # an error on any thread: a message and the log, not a dead window
    from client.core.plugins import registry
    registry().attach(replica)
    try:
        if not replica.meta("token"):
            from client.ui.login_dialog import LoginDialog
            dialog = LoginDialog(replica, interfaces=interfaces)
            accepted = dialog.exec() == LoginDialog.DialogCode.Accepted
            _dispose(dialog)
            if not accepted:
                return 0, None, lang
        if replica.meta("server_name"):
            companies.remember(root, replica.profile, str(replica.meta("server_name")))
        desk = open_desk(replica, root, lang, interfaces)
        window = desk.window
        try:
            window.show()
            code = int(app.exec())
            return code, window.company_menu.switch_to, window.lang
        finally:
            desk.stop()  # before the window goes: its last word of status must not reach a deleted window
            _dispose(window)
    finally:
        replica.close()
        hooks.uninstall()


class Desk:
    """The main window of a logged-in copy with what works beside it: sync, reminders, colleagues' messages."""

    def __init__(self, window: Any, engine: SyncEngine, reminders: Any, talk: Any) -> None:
        self.window, self.engine, self.reminders, self.talk = window, engine, reminders, talk

    def stop(self) -> None:
        self.talk.stop()
        self.reminders.stop()
        self.engine.stop()


def open_desk(replica: Replica, root: Path, lang: str, interfaces: list[str] | None) -> Desk:
    """The window on a logged-in copy, its sync started, its reminders and notifications listening (not shown yet):
    as the program starts it, and as the scripted tour starts a second PC."""
    from client.ui.company_menu import CompanyMenu
    from client.ui.main_window import MainWindow
    window = MainWindow(replica, lang=lang)
    window.company_menu = CompanyMenu(window, root, window.act_sync, interfaces)
    window.discovery_interfaces = interfaces
    engine = SyncEngine(replica, on_status=window.bridge.emit_status)
    window.engine = engine
    engine.start()
    try:
        from client.ui.reminder_popup import ReminderController
        reminders = ReminderController(replica, window)
        reminders.open_record.connect(window.open_record)
        reminders.start()
        from client.ui.notify_popup import NotificationController
        talk = NotificationController(replica, window, tray=reminders.tray)
        talk.open_note.connect(window.open_note)
        talk.unread_changed.connect(lambda _: window.show_unread())
        talk.start()
    except BaseException:  # sync stops with the failure: the copy is closed next
        engine.stop()
        raise
    return Desk(window, engine, reminders, talk)
