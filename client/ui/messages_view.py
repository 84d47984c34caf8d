"""Office messages: the general channel and a conversation with each colleague, unread counts beside them, the
conversation on the right with the box to write in (@mentions completed as typed); an open conversation counts as
read, and one's own last direct message says when the colleague has read it."""

from __future__ import annotations

import html
import logging

from client.core.replica import Change, Replica
from client.core.talk import messages, people, reads
from client.ui.card_comments import rich, when_text
from client.ui.i18n import tr
from client.ui.mention_edit import MentionEdit
from client.ui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from lan_server.records import talk

log = logging.getLogger(__name__)
SHOWN = 200  # the latest messages of a conversation shown (older ones stay on the PC and in `messages`)


class MessagesView(QWidget):
    unread_changed = pyqtSignal(int)

    def __init__(self, replica: Replica) -> None:
        super().__init__()
        self.replica = replica
        self.chat = talk.CHANNEL
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        splitter = QSplitter()
        self.chats = QListWidget()
        self.chats.setMinimumWidth(200)
        self.chats.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.chats.currentItemChanged.connect(self._chosen)
        splitter.addWidget(self.chats)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(6, 0, 0, 0)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: 600;")
        rv.addWidget(self.title)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.host = QWidget()
        self.lines = QVBoxLayout(self.host)
        self.lines.setSpacing(6)
        self.scroller.setWidget(self.host)
        rv.addWidget(self.scroller, 1)
        self.input = MentionEdit(lambda: people.colleagues(self.replica))
        self.input.send.connect(self.send)
        rv.addWidget(self.input)
        row = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #6b7280;")
        self.hint.setWordWrap(True)  # one unbroken line asked 750 px: the window outgrew a 1366 px laptop screen
        row.addWidget(self.hint, 1)
        self.send_button = QPushButton()
        self.send_button.clicked.connect(self.send)
        row.addWidget(self.send_button)
        rv.addLayout(row)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        rv.addWidget(self.error)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([230, 700])
        layout.addWidget(splitter)
        self.retranslate()

    def retranslate(self) -> None:
        self.input.setPlaceholderText(tr("Write a message; @ and a name tells a colleague"))
        self.hint.setText(tr("Ctrl+Enter sends. A colleague whose PC is off gets it when it connects."))
        self.send_button.setText(tr("Send"))

    def chat_name(self, chat: str) -> str:
        if chat == talk.CHANNEL:
            return tr("Office channel")
        other = messages.other_of(self.replica, chat)
        return people.names(self.replica).get(other, other)

    def refresh(self) -> None:
        """The conversations with their unread counts, and the open one."""
        found = {c.key: c for c in messages.chats(self.replica)}  # a colleague not written to yet included
        keys = list(found)
        self.chats.blockSignals(True)
        self.chats.clear()
        for key in keys:
            unread = found[key].unread if key in found else 0
            item = QListWidgetItem(self.chat_name(key) + (f"  ({unread})" if unread else ""))
            item.setData(Qt.ItemDataRole.UserRole, key)
            if unread:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.chats.addItem(item)
            if key == self.chat:
                self.chats.setCurrentItem(item)
        self.chats.blockSignals(False)
        self.show_chat(self.chat)
        self.unread_changed.emit(self.unread())

    def unread(self) -> int:
        return sum(c.unread for c in messages.chats(self.replica))

    def _chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.open_chat(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_chat(self, chat: str) -> None:
        """Show a conversation (a notification or a click chose it); shown, it counts as read."""
        self.chat = chat
        self.show_chat(chat)
        if self.isVisible():
            before = self.unread()
            messages.mark_read(self.replica, chat)
            if self.unread() != before:
                self.refresh()

    def show_chat(self, chat: str) -> None:
        while self.lines.count():
            item = self.lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from the screen now; deleted at the next turn of the event loop
                widget.deleteLater()
        self.title.setText(self.chat_name(chat))
        shown = people.names(self.replica)
        me = self.replica.user
        upto = reads.read_upto(self.replica, chat)
        found = messages.conversation(self.replica, chat, limit=SHOWN)
        theirs = reads.chat_read_by(self.replica, chat, messages.other_of(self.replica, chat)) \
            if chat != talk.CHANNEL else 0
        for i, m in enumerate(found):
            new = m.author != me and m.at > upto
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            state = ""
            if m.author == me and chat != talk.CHANNEL and i == len(found) - 1 and theirs >= m.at:
                state = f" <span style='color:#047857'>✓ {html.escape(tr('read'))}</span>"
            label.setText(f"<b>{html.escape(shown.get(m.author, m.author))}</b> "
                          f"<span style='color:#6b7280'>{when_text(m.at)}</span>{state}<br>{rich(m.text, shown)}")
            label.setStyleSheet("background: %s; border: 1px solid #e5e7eb; border-radius: 6px; padding: 6px;"
                                % ("#fff7d6" if new else "#eef4ff" if m.author == me else "white"))
            self.lines.addWidget(label)
        if not found:
            empty = QLabel(tr("No messages yet."))
            empty.setStyleSheet("color: #6b7280;")
            self.lines.addWidget(empty)
        self.lines.addStretch(1)
        bar = self.scroller.verticalScrollBar()
        QTimer.singleShot(0, lambda: bar.setValue(bar.maximum()))

    def send(self) -> str | None:
        self.error.clear()
        try:
            mid = messages.send(self.replica, self.chat, self.input.toPlainText())
        except ValueError as e:
            self.error.setText(str(e))
            return None
        self.input.clear()
        self.refresh()
        return mid

    def changed(self, change: Change) -> None:
        if change.kinds & {talk.MESSAGE, talk.READ}:
            if self.isVisible():
                self.refresh()
                if self.chat:
                    messages.mark_read(self.replica, self.chat)
            else:
                self.unread_changed.emit(self.unread())
