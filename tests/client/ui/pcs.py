"""Office PCs for window tests: a replica, its sync engine and its main window, and typing as users type."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtGui import QKeyEvent

from client.core.replica import Replica
from client.core.session import login
from client.core.sync import SyncEngine
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication, QEvent, QLineEdit, Qt


class PC:
    """One office PC: its replica, sync engine and main window."""

    def __init__(self, qtbot, profile: Path, address: str, lang: str = "en", *, user: str = "admin",
                 password: str = "admin-pass-1") -> None:
        self.replica = Replica(profile)
        login(self.replica, address, user, password)
        self.window = MainWindow(self.replica, lang=lang)
        qtbot.addWidget(self.window)
        self.engine = SyncEngine(self.replica, on_status=self.window.bridge.emit_status, min_delay=0.1,
                                 max_delay=0.5)
        self.window.engine = self.engine
        self.engine.start()
        self.window.show()

    def close(self) -> None:
        self.engine.stop()
        self.window.close()
        self.replica.close()

    def titles(self) -> list[str]:
        m = self.window.model
        return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


def focus(qtbot, window: MainWindow) -> None:
    """Bring a window to the front, as clicking on it would, so its keyboard shortcuts apply."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.table.setFocus()


def type_text(widget, text: str) -> None:
    """Key presses carrying each character (QTest.keyClicks only handles ASCII; users type Cyrillic)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def type_into(qtbot, card, key: str, text: str) -> None:
    editor = card.editors[key].widget
    assert isinstance(editor, QLineEdit)
    editor.clear()
    type_text(editor, text)
