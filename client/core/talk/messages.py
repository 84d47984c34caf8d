"""Office messages: direct conversations between two colleagues and the one general channel, with unread counts.
A message to a colleague whose PC is off waits on the server and arrives when it connects, as any record does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from client.core.i18n import _
from client.core.replica import Replica
from client.core.talk import now_ms, people, reads
from lan_server.records import Record, talk

CHANNEL = talk.CHANNEL


@dataclass(frozen=True)
class Message:
    id: str
    chat: str
    author: str
    at: int
    text: str
    mentions: tuple[str, ...] = ()
    edited: int = 0
    deleted: bool = False

    @classmethod
    def of(cls, record: Record) -> Message:
        f = record.fields
        found = talk.of_kind(record.id, talk.MESSAGE)
        return cls(id=record.id, chat=found.parent if found else str(f.get("chat") or ""), author=record.creator,
                   at=int(f.get("at") or 0), text=str(f.get("text") or ""),
                   mentions=tuple(str(m) for m in f.get("mentions") or [] if isinstance(m, str)),
                   edited=int(f.get("edited") or 0), deleted=record.deleted)


@dataclass(frozen=True)
class Chat:
    key: str            # "all", or the two logins of a direct conversation
    other: str          # the colleague of a direct conversation ("" for the channel)
    unread: int
    upto: int           # how far the user has read it (ms; 0: never opened)
    latest: int         # the latest activity the user knows of (their mark, or the newest unread message)


def chat_with(replica: Replica, who: str) -> str:
    """The conversation with a colleague named by login or name (`all`: the office channel)."""
    if who.strip().casefold() in (CHANNEL, "все", "всем"):
        return CHANNEL
    everyone = people.colleagues(replica)
    key = who.strip().casefold().lstrip("@")
    found = [p for p in everyone if p.login.casefold() == key] or \
        [p for p in everyone if p.full_name.casefold() == key] or \
        [p for p in everyone if key in (w.casefold() for w in p.full_name.split())]
    if len(found) != 1:
        raise ValueError(_("no colleague called {name!r}").format(name=who) if not found else
                         _("several colleagues are called {name!r}: write the login").format(name=who))
    if found[0].login == replica.user:
        raise ValueError(_("a message needs a colleague other than you"))
    return talk.chat_of(replica.user, found[0].login)


def other_of(replica: Replica, chat: str) -> str:
    """The colleague of a direct conversation ("" for the channel)."""
    return "" if chat == CHANNEL else next((p for p in chat.split(",") if p != replica.user), "")


def send(replica: Replica, chat: str, text: str) -> str:
    """Write a message in a conversation as the user logged in here; returns its id."""
    text = text.strip()
    if not text:
        raise ValueError(_("write something first"))
    if chat != CHANNEL and replica.user not in chat.split(","):
        raise ValueError(_("you are not in this conversation"))
    written, mentions = people.resolve(text, people.colleagues(replica))
    values: dict[str, Any] = {"chat": chat, "text": written, "at": now_ms(replica)}
    if mentions:
        values["mentions"] = mentions
    # One record and nothing else (no read mark of one's own): what a colleague's PC receives is the message.
    return replica.add(talk.MESSAGE, values, rec_id=talk.message_id(chat), made_here=True)


def conversation(replica: Replica, chat: str, limit: int | None = None) -> list[Message]:
    """A conversation's messages, oldest first; with `limit`, the latest that many."""
    found = [Message.of(r) for r in replica.records(talk.MESSAGE, where={"chat": chat}, order="at", descending=True,
                                                    limit=limit)]
    return sorted(found, key=lambda m: (m.at, m.id))


def every(replica: Replica) -> list[Message]:
    """Every message this PC holds (the user's conversations and the channel), oldest first."""
    return sorted((Message.of(r) for r in replica.records(talk.MESSAGE)), key=lambda m: (m.at, m.id))


def unread_messages(replica: Replica) -> tuple[list[Message], dict[str, int]]:
    """The messages the user has not read, and how far they have read each of their conversations (the channel,
    those they have a mark in, one with each colleague): found by queries of the marks and of what came after
    them, never by reading every message an office ever wrote."""
    me = replica.user
    upto: dict[str, int] = {CHANNEL: 0}
    upto.update({talk.chat_of(me, p.login): 0 for p in people.colleagues(replica) if me and p.login != me})
    for r in replica.records(talk.READ, where={"user": me, "item": {"op": "starts", "value": "@"}}):
        chat = str(r.fields.get("item") or "")[1:]
        if r.id == talk.read_id("@" + chat, me) and (chat == CHANNEL or me in chat.split(",")):
            upto[chat] = int(r.fields.get("upto") or 0)
    found: list[Message] = []
    for key, mark in upto.items():  # counted first: most conversations have nothing new, and a count reads no rows
        after = {"chat": key, "at": {"op": "gt", "value": mark}}
        if replica.count(talk.MESSAGE, where=after):
            found += [Message.of(r) for r in replica.records(talk.MESSAGE, where=after)]
    unread = [m for m in found if m.author != me and not m.deleted and m.at > upto.get(m.chat, 0)]
    return sorted(unread, key=lambda m: (m.at, m.id)), upto


def chats(replica: Replica) -> list[Chat]:
    """The channel first, then each conversation, the latest activity first, with unread counts."""
    unread, upto = unread_messages(replica)
    out = []
    for key, mark in upto.items():
        mine = [m for m in unread if m.chat == key]
        out.append(Chat(key, other_of(replica, key), len(mine), mark, max([mark, *(m.at for m in mine)])))
    shown = people.names(replica)
    return sorted(out, key=lambda c: (c.key != CHANNEL, -c.latest, shown.get(c.other, c.other).casefold()))


def mark_read(replica: Replica, chat: str) -> None:
    """The user has the conversation open: everything in it up to now counts as read."""
    found = conversation(replica, chat)
    if found:
        reads.read_chat(replica, chat, max(m.at for m in found))


def edit(replica: Replica, message_id: str, text: str) -> None:
    record = replica.get(message_id)
    if record is None or record.kind != talk.MESSAGE:
        raise ValueError(_("there is no message {id}").format(id=message_id))
    if record.creator != replica.user:
        raise ValueError(_("only its author may change a message"))
    written, mentions = people.resolve(text.strip(), people.colleagues(replica))
    if not written:
        raise ValueError(_("write something first"))
    replica.set(message_id, {"text": written, "mentions": mentions, "edited": now_ms(replica)})


def delete(replica: Replica, message_id: str) -> None:
    record = replica.get(message_id)
    if record is None or record.kind != talk.MESSAGE:
        raise ValueError(_("there is no message {id}").format(id=message_id))
    if record.creator != replica.user and replica.meta("role") != "admin":
        raise ValueError(_("only its author may change a message"))
    replica.delete(message_id)
