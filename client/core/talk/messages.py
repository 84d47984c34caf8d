"""Office messages: direct conversations between two colleagues and the one general channel, with unread counts.
A message to a colleague whose PC is off waits on the server and arrives when it connects, as any record does."""

from __future__ import annotations

from dataclasses import dataclass

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
    last: Message | None


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
    at = now_ms(replica)
    mid = talk.message_id(chat)

    def write() -> None:
        replica.add(talk.MESSAGE, {"chat": chat, "text": written, "at": at, "mentions": mentions}, rec_id=mid)
        reads.read_chat(replica, chat, at)  # one's own message: everything before it counts as read
    replica.transaction(write)
    return mid


def conversation(replica: Replica, chat: str) -> list[Message]:
    """A conversation's messages, oldest first."""
    found = [Message.of(r) for r in replica.records(talk.MESSAGE, where={"chat": chat})]
    return sorted(found, key=lambda m: (m.at, m.id))


def every(replica: Replica) -> list[Message]:
    """Every message this PC holds (the user's conversations and the channel), oldest first."""
    return sorted((Message.of(r) for r in replica.records(talk.MESSAGE)), key=lambda m: (m.at, m.id))


def chats(replica: Replica) -> list[Chat]:
    """The channel first, then each direct conversation, the latest first, with unread counts."""
    me = replica.user
    by_chat: dict[str, list[Message]] = {CHANNEL: []}
    for m in every(replica):
        if m.chat == CHANNEL or me in m.chat.split(","):
            by_chat.setdefault(m.chat, []).append(m)
    out = []
    for key, found in by_chat.items():
        upto = reads.read_upto(replica, key)
        unread = sum(1 for m in found if m.author != me and m.at > upto)
        out.append(Chat(key, other_of(replica, key) if key != CHANNEL else "", unread, found[-1] if found else None))
    return sorted(out, key=lambda c: (c.key != CHANNEL, -(c.last.at if c.last else 0)))


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
