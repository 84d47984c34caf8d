"""What calls for the user's attention: a comment that mentions them or answers theirs, a message to them or in
the office channel, until seen; and a watcher that says so the moment one arrives on this PC."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable, Iterable

from client.core.replica import Change, Replica
from client.core.talk import messages, reads
from client.core.talk.comments import Comment
from client.core.talk.messages import CHANNEL, Message
from lan_server.records import Record, talk

log = logging.getLogger(__name__)
MENTION, REPLY, MESSAGE, CHANNEL_MESSAGE = "mention", "reply", "message", "channel"
# What pops up at once; the channel's messages are counted and listed, not popped up (unless they name the user).
LOUD = frozenset({MENTION, REPLY, MESSAGE})


@dataclass(frozen=True)
class Notification:
    item: str       # the comment's or message's id
    kind: str       # mention | reply | message | channel
    author: str
    at: int
    text: str
    record: str = ""  # the record a comment is on
    chat: str = ""    # the conversation of a message


def _of_comment(replica: Replica, record: Record, authors: dict[str, str], seen: set[str]) -> Notification | None:
    me = replica.user
    c = Comment.of(record)
    if c.deleted or not me or c.author == me:
        return None
    if me in c.mentions:
        kind = MENTION
    elif c.reply_to and (record.fields.get("answers") == me or authors.get(c.reply_to, me + ":") == me):
        kind = REPLY
    else:
        return None
    if c.id in seen:
        return None
    return Notification(c.id, kind, c.author, c.at, c.text, record=c.record)


def _of_message(replica: Replica, record: Record, upto: dict[str, int]) -> Notification | None:
    me = replica.user
    m = Message.of(record)
    if m.deleted or not me or m.author == me or (m.chat != CHANNEL and me not in m.chat.split(",")):
        return None
    if m.chat not in upto:
        upto[m.chat] = reads.read_upto(replica, m.chat)
    if m.at <= upto[m.chat]:
        return None
    kind = MESSAGE if m.chat != CHANNEL else (MENTION if me in m.mentions else CHANNEL_MESSAGE)
    return Notification(m.id, kind, m.author, m.at, m.text, chat=m.chat)


def _notes(replica: Replica, records: Iterable[Record]) -> list[Notification]:
    found = list(records)
    answered = sorted({str(r.fields.get("reply_to")) for r in found
                       if r.kind == talk.COMMENT and r.fields.get("reply_to")})
    authors = {rid: rec.creator for rid, rec in replica.get_many(answered).items()} if answered else {}
    marks = replica.get_many([talk.read_id(r.id, replica.user) for r in found if r.kind == talk.COMMENT])
    seen = {str(m.fields.get("item")) for m in marks.values() if m.fields.get("seen")}
    upto: dict[str, int] = {}
    out = []
    for record in found:
        note = _of_comment(replica, record, authors, seen) if record.kind == talk.COMMENT else \
            _of_message(replica, record, upto) if record.kind == talk.MESSAGE else None
        if note is not None:
            out.append(note)
    return sorted(out, key=lambda n: (n.at, n.item))


def _candidates(replica: Replica) -> list[Record]:
    """The comments and messages that may call for the user's attention, found by queries (an office's years of
    talk are not read through): those naming them, answering them, in their conversations after their mark."""
    me = replica.user
    if not me:
        return []
    found = [*replica.records(talk.COMMENT, where={"mentions": {"op": "contains", "value": me}}),
             *replica.records(talk.COMMENT, where={"answers": me})]
    unread, _ = messages.unread_messages(replica)
    found += replica.get_many([m.id for m in unread]).values()
    return list({r.id: r for r in found}.values())


def unread(replica: Replica) -> list[Notification]:
    """Every unread mention, reply and message of the user logged in here, oldest first."""
    return _notes(replica, _candidates(replica))


def among(replica: Replica, ids: Iterable[str]) -> list[Notification]:
    """Which of these records (just arrived) are unread notifications of the user."""
    wanted = [i for i in ids if (found := talk.parse(i)) is not None and found.kind in (talk.COMMENT, talk.MESSAGE)]
    return _notes(replica, replica.get_many(wanted).values()) if wanted else []


def mark_read(replica: Replica, notes: Iterable[Notification]) -> None:
    """These were shown to the user: comments get their read mark, conversations are read up to the latest."""
    notes = list(notes)
    latest: dict[str, int] = {}
    for n in notes:
        if n.chat:
            latest[n.chat] = max(latest.get(n.chat, 0), n.at)

    def write() -> None:
        reads.mark_seen(replica, [n.item for n in notes if not n.chat])
        for chat, at in latest.items():
            reads.read_chat(replica, chat, at)
    replica.transaction(write)


class Watcher:
    """Calls `on_new(notifications)` when unread notifications arrive from the server (on the thread that applied
    them: the sync thread), each once; the window turns that into its popup, the `notifications --follow`
    command into lines."""

    def __init__(self, replica: Replica, on_new: Callable[[list[Notification]], None]) -> None:
        self.replica = replica
        self.on_new = on_new
        self._told: set[str] = set()
        self._lock = threading.Lock()
        self._unlisten: Callable[[], None] | None = None

    def start(self) -> list[Notification]:
        """Listen from now on; returns what is unread already (told as well, so it is not told twice)."""
        self._unlisten = self.replica.on_change(self._changed)
        found = unread(self.replica)
        with self._lock:
            self._told.update(n.item for n in found)
        return found

    def stop(self) -> None:
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None

    def _changed(self, change: Change) -> None:
        if change.source != "remote" or not change.kinds & {talk.COMMENT, talk.MESSAGE}:
            return
        try:
            found = among(self.replica, change.records)
        except Exception:  # a listener must not break the sync that applied the change
            log.exception("looking for notifications failed")
            return
        with self._lock:
            new = [n for n in found if n.item not in self._told]
            self._told.update(n.item for n in new)
        if new:
            self.on_new(new)
