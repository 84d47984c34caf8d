"""What calls for the user's attention until seen: mentions, replies to their comments, messages to them and in the
channel; marks that say it was seen or acknowledged; the watcher that tells of new ones once each."""

from __future__ import annotations

from client.core.talk import comments, messages, notifications, reads
from client.core.talk.notifications import Watcher
from lan_server.records import talk
from tests.client.core.talk.conftest import Office


def test_mentions_replies_and_messages_are_unread_until_seen(office: Office) -> None:
    r = office.replica
    rec = r.add("contact", {"name": "Орлова Анна"})
    mine = comments.post(r, rec, "нужен счёт")
    with office.as_user("admin"):
        mention = comments.post(r, rec, "@olga позвони до пятницы")
        reply = comments.post(r, rec, "счёт готов", reply_to=mine)
        comments.post(r, rec, "@ivan тоже посмотри")                        # not about olga
        direct = messages.send(r, talk.chat_of("admin", "olga"), "Зайди ко мне")
        messages.send(r, talk.chat_of("admin", "ivan"), "Не для Ольги")      # another conversation
        channel = messages.send(r, talk.CHANNEL, "Обед в 13:00")
    found = {n.item: n for n in notifications.unread(r)}
    assert {(n.item, n.kind, n.author) for n in found.values()} == {
        (mention, "mention", "admin"), (reply, "reply", "admin"), (direct, "message", "admin"),
        (channel, "channel", "admin")}
    assert found[mention].record == rec and found[direct].chat == "admin,olga"
    comments.post(r, rec, "@olga заметка себе")  # one's own writing never notifies
    notifications.mark_read(r, [found[mention], found[reply]])
    assert {n.item for n in notifications.unread(r)} == {direct, channel}
    assert reads.seen(r, mention) and not reads.acknowledged(r, mention)
    messages.mark_read(r, "admin,olga")
    assert [n.item for n in notifications.unread(r)] == [channel]
    # the channel first, then her conversations, the latest first (one with each colleague, written in or not)
    assert [(c.key, c.unread) for c in messages.chats(r)] == [("all", 1), ("admin,olga", 0), ("ivan,olga", 0),
                                                              ("olga,olga2", 0)]


def test_acknowledged_is_seen_by_the_author(office: Office) -> None:
    r = office.replica
    rec = r.add("contact", {"name": "Орлова Анна"})
    cid = comments.post(r, rec, "@ivan ознакомься с условиями")
    with office.as_user("ivan"):
        reads.acknowledge(r, cid)
        assert reads.acknowledged(r, cid)
    found = reads.readers(r, cid)
    assert [(x.user, bool(x.seen), bool(x.ack)) for x in found] == [("ivan", True, True)]


def test_a_conversation_mark_never_moves_back_and_counts_the_others_reading(office: Office) -> None:
    r = office.replica
    chat = talk.chat_of("olga", "ivan")
    mid = messages.send(r, chat, "Привет")
    assert [c.unread for c in messages.chats(r) if c.key == chat] == [0]  # one's own message is never unread
    with office.as_user("ivan"):
        assert [c.unread for c in messages.chats(r) if c.key == chat] == [1]
        messages.mark_read(r, chat)
        later = reads.read_upto(r, chat)
        reads.read_chat(r, chat, 1)
        assert reads.read_upto(r, chat) == later
    assert reads.chat_read_by(r, chat, "ivan") >= messages.conversation(r, chat)[0].at
    assert messages.conversation(r, chat)[0].id == mid


def test_the_watcher_tells_each_new_one_once_and_only_what_came_from_the_server(office: Office) -> None:
    r = office.replica
    rec = r.add("contact", {"name": "Орлова Анна"})
    told: list[list[str]] = []
    watcher = Watcher(r, lambda found: told.append([n.item for n in found]))
    with office.as_user("admin"):
        before = comments.post(r, rec, "@olga раньше")
    assert [n.item for n in watcher.start()] == [before]
    try:
        with office.as_user("admin"):
            comments.post(r, rec, "@olga сейчас")
        assert told == []  # written on this PC: the server has not brought it
        # The same comment arriving from the server: applied as the sync engine applies it.
        with office.as_user("admin"):
            ops = r.stamp(talk.comment_id(rec), talk.COMMENT, {"on": rec, "text": "@olga с сервера",
                                                                "mentions": ["olga"], "at": 1})
        r.apply_remote(ops)
        r.apply_remote(ops)  # heard twice (a reconnect): told once
        assert told == [[ops[0].rec]]
    finally:
        watcher.stop()
