"""Mentions, replies and messages the moment they arrive: a small window at the screen's corner (on top, as the
reminders' is) listing what is unread, a tray message and a sound; "Open" goes to the comment's record or the
conversation, "Acknowledged" answers a mention, and what was shown counts as seen."""

from __future__ import annotations

import html
from typing import Callable

from client.core.replica import Replica
from client.core.talk import notifications, people, reads
from client.core.talk.notifications import LOUD, Notification, Watcher
from client.ui.card_comments import when_text
from client.ui.i18n import settings, tr
from client.ui.qt import (
    QApplication,
    QDialog,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPushButton,
    QSystemTrayIcon,
    Qt,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)


def headline(replica: Replica, n: Notification, shown: dict[str, str], titles: dict[str, str]) -> str:
    """"Ольга Петрова mentioned you · Орлова Анна" in the user's language."""
    who = shown.get(n.author, n.author)
    if n.kind == notifications.REPLY:
        what = tr("answered you")
    elif n.kind == notifications.MENTION:
        what = tr("mentioned you")
    elif n.kind == notifications.MESSAGE:
        what = tr("wrote to you")
    else:
        what = tr("wrote in the office channel")
    where = titles.get(n.record, "") if n.record else (tr("Office channel") if n.chat == "all" else "")
    return f"{who} {what}" + (f" · {where}" if where else "")


class NotificationPopup(QDialog):
    open_note = pyqtSignal(object)  # the Notification to open

    def __init__(self, replica: Replica, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.notes: list[Notification] = []
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setObjectName("notifications")
        self.resize(460, 300)
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 15px; font-weight: 600;")
        layout.addWidget(self.header)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.itemDoubleClicked.connect(lambda _: self.open_selected())
        self.list.currentRowChanged.connect(lambda _: self._buttons())
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.ack_button = QPushButton()
        self.ack_button.clicked.connect(self.ack_selected)
        self.read_button = QPushButton()
        self.read_button.clicked.connect(self.read_all)
        for w in (self.open_button, self.ack_button, self.read_button):
            row.addWidget(w)
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Messages and mentions"))
        self.open_button.setText(tr("Open"))
        self.ack_button.setText(tr("Acknowledged"))
        self.read_button.setText(tr("Mark all read"))

    def show_notes(self, notes: list[Notification]) -> None:
        self.notes = list(notes)
        self.list.clear()
        shown = people.names(self.replica)
        titles = self.replica.titles(n.record for n in notes if n.record)
        for n in notes:
            text = n.text if len(n.text) <= 200 else n.text[:200] + "…"
            for login, name in shown.items():
                text = text.replace(f"@{login}", f"@{name}")
            item = QListWidgetItem(f"{headline(self.replica, n, shown, titles)}   {when_text(n.at)}\n{text}")
            item.setData(Qt.ItemDataRole.UserRole, n.item)
            item.setToolTip(html.escape(n.text))
            self.list.addItem(item)
        if notes:
            self.list.setCurrentRow(len(notes) - 1)  # the newest
        self.retranslate()
        self.header.setText(f"{tr('Unread')}: {len(notes)}")
        self._buttons()
        if notes and not self.isVisible():
            self._to_corner()
            self.show()
            self.raise_()
        elif not notes:
            self.hide()

    def _to_corner(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry()
            self.move(free.right() - self.width() - 24, free.bottom() - self.height() - 48)

    def selected(self) -> Notification | None:
        item = self.list.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((n for n in self.notes if n.item == key), None)

    def _buttons(self) -> None:
        n = self.selected()
        self.ack_button.setVisible(n is not None and n.kind == notifications.MENTION and not n.chat)

    def _done(self, handled: list[Notification]) -> None:
        notifications.mark_read(self.replica, handled)
        self.show_notes([n for n in self.notes if n not in handled])

    def open_selected(self) -> None:
        n = self.selected()
        if n is not None:
            self._done([n])
            self.open_note.emit(n)

    def ack_selected(self) -> None:
        n = self.selected()
        if n is not None:
            reads.acknowledge(self.replica, n.item)
            self._done([n])

    def read_all(self) -> None:
        self._done(list(self.notes))


class NotificationController(QObject):
    """Watches this PC's copy for new mentions, replies and messages (from the sync thread) and shows them here:
    the popup, a tray message, a sound. Counts of what is unread go to whoever shows them (the sections list)."""

    open_note = pyqtSignal(object)
    unread_changed = pyqtSignal(int)
    _arrived = pyqtSignal(object)

    def __init__(self, replica: Replica, parent: QWidget | None = None, *,
                 tray: QSystemTrayIcon | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.popup = NotificationPopup(replica, parent)
        self.popup.open_note.connect(self.open_note)
        self.tray = tray
        self._arrived.connect(self._show)  # from the sync thread to this (the UI) thread
        self.watcher = Watcher(replica, self._arrived.emit)
        self.told: list[Notification] = []  # every one shown since start, for tests and the status

    def start(self) -> None:
        waiting = [n for n in self.watcher.start() if n.kind in LOUD]
        if waiting:
            self._show(waiting, quiet=True)  # what came while the PC was off: listed, not rung

    def stop(self) -> None:
        self.watcher.stop()

    def _show(self, found: list[Notification], quiet: bool = False) -> None:
        self.told += found
        loud = [n for n in found if n.kind in LOUD]
        if loud:
            unread = {n.item for n in notifications.unread(self.replica)}
            still = [n for n in self.popup.notes if n.item in unread]
            self.popup.show_notes(still + [n for n in loud if n.item in unread and n not in still])
            if not quiet:
                self._tray(loud)
        self.unread_changed.emit(len(notifications.unread(self.replica)))

    def _tray(self, loud: list[Notification]) -> None:
        shown = people.names(self.replica)
        titles = self.replica.titles(n.record for n in loud if n.record)
        if self.tray is not None:
            self.tray.showMessage(tr("Messages and mentions"),
                                  "\n".join(f"{headline(self.replica, n, shown, titles)}: {n.text[:80]}"
                                            for n in loud[:5]))
        if bool(settings().value("reminder_sound", True, type=bool)):
            QApplication.beep()

    def retranslate(self) -> None:
        self.popup.retranslate()


OpenNote = Callable[[Notification], None]
