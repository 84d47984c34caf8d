"""Switching the language in a running window turns every text it shows: the window walks its widgets after
Settings > Language > Русский and finds no text left in English that has Russian (menus, buttons, tabs,
headers, placeholders, the status bar, the card), in each section and page."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import QAbstractButton

from client.core.replica import Replica
from client.ui import i18n
from client.ui.main_window import MainWindow
from client.ui.qt import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    Qt,
    QTableView,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from tools.build_translations import RU


def texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every text a user can see in `root` and its menus."""
    found: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and not isinstance(w, QMenu):
            continue
        name = type(w).__name__
        if isinstance(w, QLabel):
            found.append((name, w.text()))
        elif isinstance(w, QAbstractButton):
            found += [(name, w.text()), (name + " tip", w.toolTip())]
        elif isinstance(w, QLineEdit):
            found.append((name + " placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox):
            found += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            found += [(name, w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QMenu):
            found += [("menu " + w.title(), a.text()) for a in w.actions()] + [("menu", w.title())]
        if isinstance(w, (QTableView, QTableWidget)):
            model = w.model()
            found += [(name + " header", str(model.headerData(c, Qt.Orientation.Horizontal)))
                      for c in range(model.columnCount())]
    return found


def english_left(root: QWidget) -> list[tuple[str, str]]:
    """Texts still in English though they have Russian: a whole text ("&File" is "File" with its shortcut
    letter), or a phrase of three words or more inside one ("Waiting to send: 0")."""
    english = {text.replace("&", ""): text for text in RU if RU[text] != text}
    phrases = [e for e in english if len(e.split()) >= 3]
    return sorted({(where, t) for where, t in texts(root)
                   if t and (t.replace("&", "") in english or any(e in t for e in phrases))})


def test_every_text_of_the_window_follows_a_live_switch_to_russian(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    replica.add("contact", {"name": "Иванов Пётр", "phone": "+7 916 111-22-33"})
    replica.add("invoice", {"number": "1", "date": "2026-11-20"})
    window = MainWindow(replica, lang="en")
    qtbot.addWidget(window)
    window.show()
    try:
        next(a for a in window.act_lang.values() if a.text() == "Русский").trigger()
        assert window.lang == "ru" and window.menu_file.title() == "&Файл"
        left: list[tuple[str, str, str]] = []
        for row in range(window.sections.count()):  # every section, the dashboard and the planner
            window.sections.setCurrentRow(row)
            where = window.sections.item(row).text()
            window.table.selectRow(0)  # a record in the card, where the section has one
            left += [(where, *x) for x in english_left(window)]
        assert not left, left
        assert not english_left(window.statusBar())
    finally:
        window.close()
        replica.close()
        i18n.install(QApplication.instance(), "en")


def test_a_new_pc_on_a_russian_system_starts_in_russian(qtbot, tmp_path: Path, monkeypatch) -> None:
    """No language chosen yet and a Russian system: the login dialog of a new PC is Russian from the start."""
    from client.ui.login_dialog import LoginDialog
    monkeypatch.delenv("ORGANIZER_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert i18n.preferred_language() == "ru"
    replica = Replica(tmp_path / "new-pc")
    try:
        i18n.install(QApplication.instance(), i18n.preferred_language())
        dialog = LoginDialog(replica, discover=False)
        qtbot.addWidget(dialog)
        dialog.show()
        assert not english_left(dialog), english_left(dialog)
        assert any(t == "Войти" or "Вход" in t for _w, t in texts(dialog)), texts(dialog)
    finally:
        replica.close()
        i18n.install(QApplication.instance(), "en")


def test_roles_read_in_russian_in_the_users_dialog(qtbot, office_server, tmp_path: Path) -> None:
    from client.core.session import login
    from client.ui.admin_dialog import AdminDialog
    replica = Replica(tmp_path / "admin")
    i18n.install(QApplication.instance(), "ru")
    try:
        login(replica, office_server.address, "admin", "admin-pass-1")
        dialog = AdminDialog(replica)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.users.rowCount() > 0 and dialog.role.count() > 0, timeout=10000)
        assert dialog.users.item(0, 1).text() == "администратор"
        assert dialog.users.item(0, 3).text() == "Администратор"  # the first user's full name
        roles = {dialog.role.itemText(i): dialog.role.itemData(i) for i in range(dialog.role.count())}
        assert roles["менеджер"] == "manager" and roles["наблюдатель"] == "viewer"
        dialog.show()
        assert not english_left(dialog), english_left(dialog)
    finally:
        replica.close()
        i18n.install(QApplication.instance(), "en")
