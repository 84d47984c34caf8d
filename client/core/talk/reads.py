"""Read marks: what the user has seen (a mention, a reply), what they acknowledged ("Ознакомлен"), how far they
have read each conversation; and, for an author, who has seen their comment or message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from client.core.replica import Replica
from client.core.talk import now_ms
from lan_server.records import talk


@dataclass(frozen=True)
class Reader:
    user: str
    seen: int
    ack: int = 0


def _write(replica: Replica, rid: str, item: str, values: dict[str, Any]) -> None:
    # The same id on each of the user's PCs: marks made on two of them merge into one, field by field.
    if replica.get(rid) is None:
        replica.add(talk.READ, {"item": item, "user": replica.user, **values}, rec_id=rid)
    else:
        replica.set(rid, values)


def mark(replica: Replica, item: str) -> dict[str, Any]:
    record = replica.get(talk.read_id(item, replica.user))
    return dict(record.fields) if record is not None else {}


def seen(replica: Replica, item: str) -> bool:
    return bool(mark(replica, item).get("seen"))


def mark_seen(replica: Replica, comment_ids: Iterable[str]) -> int:
    """The user has seen these comments (they were shown to them); returns how many were new to them."""
    todo = [cid for cid in dict.fromkeys(comment_ids) if not seen(replica, cid)]
    if todo:
        at = now_ms(replica)
        def write() -> None:
            for cid in todo:
                _write(replica, talk.read_id(cid, replica.user), cid, {"seen": at})
        replica.transaction(write)
    return len(todo)


def acknowledge(replica: Replica, comment_id: str) -> None:
    """"Ознакомлен": the user confirms they have read it; its author sees that."""
    at = now_ms(replica)
    values = {"ack": at} if seen(replica, comment_id) else {"seen": at, "ack": at}
    _write(replica, talk.read_id(comment_id, replica.user), comment_id, values)


def acknowledged(replica: Replica, comment_id: str) -> bool:
    return bool(mark(replica, comment_id).get("ack"))


def read_upto(replica: Replica, chat: str) -> int:
    """The time up to which the user has read a conversation (0: nothing read)."""
    return int(mark(replica, talk.chat_item(chat)).get("upto") or 0)


def read_chat(replica: Replica, chat: str, upto: int) -> None:
    """The user has read a conversation up to `upto` (a message's time); a mark never moves back."""
    if upto > read_upto(replica, chat):
        item = talk.chat_item(chat)
        _write(replica, talk.read_id(item, replica.user), item, {"upto": upto})


def readers(replica: Replica, item: str) -> list[Reader]:
    """Who else has seen an item of the user's (the server sends the author those marks, nobody else)."""
    out = [Reader(str(r.fields.get("user") or ""), int(r.fields.get("seen") or 0), int(r.fields.get("ack") or 0))
           for r in replica.records(talk.READ, where={"item": item})]
    return sorted((r for r in out if r.user and r.user != replica.user and r.seen), key=lambda r: r.seen)


def chat_read_by(replica: Replica, chat: str, user: str) -> int:
    """How far a colleague has read a direct conversation with the user (their mark reaches both)."""
    record = replica.get(talk.read_id(talk.chat_item(chat), user))
    return int(record.fields.get("upto") or 0) if record is not None else 0
