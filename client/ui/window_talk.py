"""Part of the main window: the feed and office messages as pages of the sections list with their unread counts,
the card's discussion kept in step, and a notification opened where it belongs (the comment in its record's card,
the message in its conversation)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from client.core.replica import Change
from client.core.talk import messages, notifications
from client.core.talk.notifications import Notification
from client.ui.feed_view import FeedView
from client.ui.i18n import tr
from client.ui.messages_view import MessagesView
from client.ui.qt import QListWidgetItem, Qt

FEED = "@feed"          # the sections list's entries for the feed
MESSAGES = "@messages"  # and for office messages
TALK_PAGES = (FEED, MESSAGES)

if TYPE_CHECKING:
    from client.ui.window_state import WindowState as Window
else:
    Window = object


class TalkMixin(Window):
    """Part of MainWindow."""

    def _make_talk_pages(self) -> None:
        self.feed_view = FeedView(self.replica, self.lang)
        self.feed_view.open_record.connect(self.open_record)
        self.messages_view = MessagesView(self.replica)
        self.messages_view.unread_changed.connect(lambda _: self.show_unread())
        self.pages.addWidget(self.feed_view)
        self.pages.addWidget(self.messages_view)

    def _add_talk_sections(self) -> None:
        for key in TALK_PAGES:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sections.addItem(item)
            if self.pages.currentWidget() is self._talk_page(key):
                self.sections.setCurrentItem(item)
        self.show_unread()

    def _talk_page(self, key: str) -> Any:
        return self.feed_view if key == FEED else self.messages_view if key == MESSAGES else None

    def show_unread(self) -> None:
        """The sections list's words with what is unread: mentions and replies by the feed, messages by theirs."""
        found = notifications.unread(self.replica)
        counts = {FEED: sum(1 for n in found if not n.chat),
                  MESSAGES: sum(c.unread for c in messages.chats(self.replica))}
        names = {FEED: tr("Feed"), MESSAGES: tr("Messages")}
        for i in range(self.sections.count()):
            item = self.sections.item(i)
            key = item.data(Qt.ItemDataRole.UserRole)
            if key in names:
                item.setText(names[key] + (f"  ({counts[key]})" if counts[key] else ""))
                font = item.font()
                font.setBold(bool(counts[key]))
                item.setFont(font)

    def _talk_changed(self, change: Change) -> None:
        self.card.comments_tab.changed(change)
        self.feed_view.changed(change)
        self.messages_view.changed(change)
        if change.kinds & {"comment", "message", "read"}:
            self.show_unread()

    def open_note(self, note: Notification) -> None:
        """A notification chosen: its comment shown in its record's card, or its conversation opened."""
        self.raise_window()
        if note.chat:
            self.show_page(MESSAGES)
            self.messages_view.open_chat(note.chat)
            return
        self.open_record(note.record)
        self.card.tabs.setCurrentWidget(self.card.comments_tab)
        self.card.comments_tab.show_comment(note.item)

    def show_page(self, key: str) -> None:
        for i in range(self.sections.count()):
            if self.sections.item(i).data(Qt.ItemDataRole.UserRole) == key:
                self.sections.setCurrentRow(i)
                return

    def raise_window(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
