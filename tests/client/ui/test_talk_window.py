"""Colleagues talk through the window, two PCs against a real server: a mention typed with completion notifies the
colleague's PC at once and opens the record; the author's card shows who read and acknowledged it; a message to a
colleague whose PC is offline arrives when it connects; the thread's reply, edit, delete, files and their limit,
text shown as text, a comment kept with its record in the bin; the feed and its filters; both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from client.core.talk import comments
from client.ui import i18n
from client.ui.notify_popup import NotificationController
from client.ui.qt import QApplication, QImage, Qt
from client.ui.window_talk import FEED, MESSAGES
from tests.client.ui.pcs import PC, type_text
from tests.servers import ServerProcess


class TalkPC(PC):
    """An office PC with its notifications, as the program starts them (client/ui/app.py)."""

    def __init__(self, qtbot, profile: Path, address: str, user: str, password: str, lang: str = "en") -> None:
        super().__init__(qtbot, profile, address, lang=lang, user=user, password=password)
        self.notes = NotificationController(self.replica, self.window)
        self.notes.open_note.connect(self.window.open_note)
        self.notes.start()

    def close(self) -> None:
        self.notes.stop()
        self.notes.popup.close()
        super().close()


@pytest.fixture
def admin_and_olga(qtbot, office_server: ServerProcess, tmp_path: Path) -> Iterator[tuple[TalkPC, TalkPC]]:
    office_server.add_user("olga", "olga-pass-1", full_name="Ольга Петрова")
    office_server.add_user("ivan", "ivan-pass-1", full_name="Иван Сидоров")
    a = TalkPC(qtbot, tmp_path / "admin", office_server.address, "admin", "admin-pass-1")
    b = TalkPC(qtbot, tmp_path / "olga", office_server.address, "olga", "olga-pass-1")
    try:
        qtbot.waitUntil(lambda: a.engine.status.state == "online" and b.engine.status.state == "online",
                        timeout=15000)
        yield a, b
    finally:
        a.close()
        b.close()
        i18n.install(QApplication.instance(), "en")


def _discussion(pc: PC, rec: str):
    pc.window.open_record(rec)
    card = pc.window.card
    card.tabs.setCurrentWidget(card.comments_tab)
    return card.comments_tab


def test_a_mention_notifies_the_colleague_at_once_opens_the_record_and_the_author_sees_it_read(
        qtbot, admin_and_olga: tuple[TalkPC, TalkPC]) -> None:
    a, b = admin_and_olga
    rec = a.replica.add("contact", {"name": "Орлова Анна"})
    qtbot.waitUntil(lambda: b.replica.get(rec) is not None, timeout=10000)
    tab = _discussion(a, rec)
    assert a.window.card.tabs.tabText(3) == "Discussion"
    tab.input.setFocus()
    type_text(tab.input, "@Оль")
    assert tab.input.offered() == ["olga"]  # completed as typed, by first name
    qtbot.keyClick(tab.input, Qt.Key.Key_Return)
    type_text(tab.input, "позвони Орловой до пятницы")
    assert tab.input.toPlainText() == "@Ольга Петрова позвони Орловой до пятницы"
    qtbot.keyClick(tab.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert a.window.card.tabs.tabText(3) == "Discussion (1)"
    [posted] = comments.thread(a.replica, rec)
    assert posted.mentions == ("olga",) and posted.text == "@olga позвони Орловой до пятницы"

    # Olga's PC: the popup at once, with the sidebar's count.
    popup = b.notes.popup
    qtbot.waitUntil(lambda: popup.isVisible() and popup.list.count() == 1, timeout=10000)
    assert "Administrator mentioned you · Орлова Анна" in popup.list.item(0).text()
    assert "@Ольга Петрова позвони Орловой" in popup.list.item(0).text()
    feed_item = next(b.window.sections.item(i) for i in range(b.window.sections.count())
                     if b.window.sections.item(i).data(Qt.ItemDataRole.UserRole) == FEED)
    assert feed_item.text() == "Feed  (1)"
    qtbot.mouseClick(popup.open_button, Qt.MouseButton.LeftButton)
    card = b.window.card
    assert card.record is not None and card.record.id == rec  # the record, opened
    assert card.tabs.currentWidget() is card.comments_tab and not popup.isVisible()
    qtbot.waitUntil(lambda: feed_item.text() == "Feed", timeout=5000)

    # The author's card says she has read it; then that she acknowledged it.
    qtbot.waitUntil(lambda: "Read by: Ольга Петрова" in tab.views[0].label.text(), timeout=10000)
    view = card.comments_tab.views[0]
    assert "Acknowledged" in view.label.text()
    card.comments_tab.act(f"ack:{posted.id}")
    assert "You acknowledged it" in card.comments_tab.views[0].label.text()
    qtbot.waitUntil(lambda: "Read by: Ольга Петрова ✓" in tab.views[0].label.text(), timeout=10000)


def test_a_message_to_an_offline_colleague_arrives_when_their_pc_connects(
        qtbot, admin_and_olga: tuple[TalkPC, TalkPC]) -> None:
    a, b = admin_and_olga
    b.engine.stop()  # Olga's PC goes offline
    a.window.show_page(MESSAGES)
    view = a.window.messages_view
    chat = next(i for i in range(view.chats.count())
                if view.chats.item(i).text() == "Ольга Петрова")
    view.chats.setCurrentRow(chat)
    type_text(view.input, "Зайди ко мне в 15:00")
    qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: a.replica.outbox_size() == 0, timeout=10000)
    assert not b.notes.popup.isVisible()
    b.engine.start()  # back online: the message comes, and says so
    qtbot.waitUntil(lambda: b.notes.popup.isVisible(), timeout=15000)
    assert "wrote to you" in b.notes.popup.list.item(0).text()
    messages_item = next(b.window.sections.item(i) for i in range(b.window.sections.count())
                         if b.window.sections.item(i).data(Qt.ItemDataRole.UserRole) == MESSAGES)
    assert messages_item.text() == "Messages  (1)"
    qtbot.mouseClick(b.notes.popup.open_button, Qt.MouseButton.LeftButton)
    assert b.window.pages.currentWidget() is b.window.messages_view
    assert b.window.messages_view.title.text() == "Administrator"
    qtbot.waitUntil(lambda: messages_item.text() == "Messages", timeout=5000)
    # The author sees it read.
    qtbot.waitUntil(lambda: "✓ read" in view.lines.itemAt(0).widget().text(), timeout=10000)


def test_the_thread_reply_edit_delete_files_and_text_shown_as_text(qtbot, admin_and_olga: tuple[TalkPC, TalkPC],
                                                                      tmp_path: Path) -> None:
    a, b = admin_and_olga
    rec = b.replica.add("deal", {"title": "Поставка бумаги", "assignee": "olga"})
    qtbot.waitUntil(lambda: a.replica.get(rec) is not None, timeout=10000)
    tab = _discussion(a, rec)
    type_text(tab.input, "<b>не жирный</b> & @ivan")
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    first = tab.views[0].comment
    assert "&lt;b&gt;не жирный&lt;/b&gt; &amp;" in tab.views[0].label.text()  # text is shown as text
    # A file over the limit is refused where chosen, saying the limit in words; one within it goes.
    big, small = tmp_path / "видео.mp4", tmp_path / "скан.pdf"
    big.write_bytes(b"x" * (3 * 1024 * 1024 + 1))
    small.write_bytes(b"%PDF-1.4 short")
    tab.attach_paths([big, small])
    assert tab.error.text() == "видео.mp4 is 3 MB: a file attached to a comment may be at most 3 MB"
    assert [f.name for f in tab.pending] == ["скан.pdf"] and "скан.pdf" in tab.files_label.text()
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    tab.add_picture(image)  # a pasted picture
    assert [f.name for f in tab.pending] == ["скан.pdf", "picture-1.jpg"]
    tab.act(f"reply:{first.id}")
    assert tab.reply_bar.isVisible() and "не жирный" in tab.reply_bar.text()
    type_text(tab.input, "с файлами")
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    second = tab.views[1].comment
    assert second.reply_to == first.id and second.quote == first.text and len(second.files) == 2
    # Olga's card has both, the file opens there.
    btab = _discussion(b, rec)
    qtbot.waitUntil(lambda: len(btab.views) == 2 and b.replica.get(second.files[0].id) is not None, timeout=10000)
    btab.open_files = False
    opened = btab.open_file(second.files[0].id)
    assert opened is not None and opened.read_bytes() == b"%PDF-1.4 short" and opened.name == "скан.pdf"
    assert "Edit" not in btab.views[0].label.text()  # not hers to change
    # Edit and delete one's own.
    tab.act(f"edit:{first.id}")
    assert tab.input.toPlainText() == first.text and tab.send_button.text() == "Save the change"
    tab.input.setPlainText("исправлено")
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    assert tab.views[0].comment.text == "исправлено" and "edited" in tab.views[0].label.text()
    qtbot.waitUntil(lambda: btab.views and btab.views[0].comment.text == "исправлено", timeout=10000)
    tab.ask_delete = False
    tab.act(f"delete:{second.id}")
    assert len(tab.views) == 1
    qtbot.waitUntil(lambda: len(btab.views) == 1, timeout=10000)
    # A record deleted meanwhile keeps its comments in the bin.
    a.replica.delete(rec)
    a.window.show_bin(True)
    a.window.card.show_record(rec)
    assert [v.comment.text for v in a.window.card.comments_tab.views] == ["исправлено"]


def test_the_feed_its_filters_and_following_in_russian(qtbot, admin_and_olga: tuple[TalkPC, TalkPC]) -> None:
    a, b = admin_and_olga
    deal = a.replica.add("deal", {"title": "Поставка бумаги", "stage": "new", "assignee": "olga"})
    other = a.replica.add("deal", {"title": "Чужая сделка", "stage": "new", "assignee": "ivan"})
    qtbot.waitUntil(lambda: b.replica.get(other) is not None, timeout=10000)
    a.replica.set(deal, {"stage": "talks"})
    comments.post(a.replica, deal, "клиент думает")
    qtbot.waitUntil(lambda: len(comments.thread(b.replica, deal)) == 1, timeout=10000)
    b.window.set_language("ru")
    b.window.show_page(FEED)
    view = b.window.feed_view
    assert b.window.pages.currentWidget() is view and view.title.text() == "Лента"
    rows = view.rows()
    assert ["Администратор", "Поставка бумаги (Сделки)", "изменено: Этап: Новая → Переговоры"] in [r[1:] for r in rows]
    assert ["Администратор", "Поставка бумаги (Сделки)", "Комментарий: клиент думает"] in [r[1:] for r in rows]
    assert not any("Чужая сделка" in r[2] for r in rows)
    view.set_filter("comments")
    assert [r[3] for r in view.rows()] == ["Комментарий: клиент думает"]
    view.set_filter("all")
    b.window.open_record(other)  # following a record from its card brings it into the feed
    tab = b.window.card.comments_tab
    assert tab.follow_button.text() == "Следить за записью"
    qtbot.mouseClick(tab.follow_button, Qt.MouseButton.LeftButton)
    assert tab.follow_button.text() == "Вы следите за записью"
    a.replica.set(other, {"stage": "won"})
    b.window.show_page(FEED)
    qtbot.waitUntil(lambda: any("Чужая сделка" in r[2] for r in view.rows()), timeout=10000)
    view.unfollow(deal)
    assert not any("Поставка бумаги" in r[2] for r in view.rows())
    view.table.cellDoubleClicked.emit(0, 1)
    assert b.window.card.record is not None and b.window.card.record.id == other
