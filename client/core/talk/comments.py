"""Comments on a record: the thread (oldest first, newest last), posting with @mentions, files and a quoted reply,
and editing or deleting one's own."""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from client.core.error_words import in_words
from client.core.i18n import _
from client.core.replica import Replica
from client.core.talk import now_ms, people
from lan_server.records import Record, talk

QUOTE_CHARS = 300  # a reply quotes the start of what it answers


@dataclass(frozen=True)
class FileRef:
    id: str
    name: str
    size: int


@dataclass(frozen=True)
class Comment:
    id: str
    record: str
    author: str
    at: int
    text: str
    mentions: tuple[str, ...] = ()
    reply_to: str = ""
    quote: str = ""
    edited: int = 0
    files: tuple[FileRef, ...] = ()
    deleted: bool = False

    @classmethod
    def of(cls, record: Record) -> Comment:
        f = record.fields
        files = tuple(FileRef(str(x.get("id", "")), str(x.get("name", "")), int(x.get("size") or 0))
                      for x in f.get("files") or [] if isinstance(x, dict))
        found = talk.of_kind(record.id, talk.COMMENT)
        return cls(id=record.id, record=found.parent if found else str(f.get("on") or ""), author=record.creator,
                   at=int(f.get("at") or 0), text=str(f.get("text") or ""),
                   mentions=tuple(str(m) for m in f.get("mentions") or [] if isinstance(m, str)),
                   reply_to=str(f.get("reply_to") or ""), quote=str(f.get("quote") or ""),
                   edited=int(f.get("edited") or 0), files=files, deleted=record.deleted)


@dataclass(frozen=True)
class NewFile:
    """A file to attach: its name and bytes (read from disk, or a picture pasted from the clipboard)."""

    name: str
    data: bytes
    mime: str = field(default="")


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip("."))
    return _("{n} KB").format(n=max(1, round(size / 1024)))


def limit_text() -> str:
    return size_text(talk.MAX_ATTACHMENT_BYTES)


def read_file(path: Path) -> NewFile:
    """A file chosen to attach; ValueError, saying the limit, when it is too big or cannot be read."""
    try:
        size = path.stat().st_size
        if size > talk.MAX_ATTACHMENT_BYTES:
            raise ValueError(too_big(path.name, size))
        return NewFile(path.name, path.read_bytes())
    except OSError as e:
        raise ValueError(_("cannot read {name}: {reason}").format(name=path.name,
                                                                  reason=in_words(e, file=False))) from None


def too_big(name: str, size: int) -> str:
    return _("{name} is {size}: a file attached to a comment may be at most {limit}").format(
        name=name, size=size_text(size), limit=limit_text())


def thread(replica: Replica, record_id: str) -> list[Comment]:
    """The comments on a record, oldest first (the newest at the bottom, where one writes the next)."""
    found = [Comment.of(r) for r in replica.records(talk.COMMENT, where={"on": record_id})]
    return sorted(found, key=lambda c: (c.at, c.id))


def count(replica: Replica, record_id: str) -> int:
    return replica.count(talk.COMMENT, where={"on": record_id})


def get(replica: Replica, comment_id: str) -> Comment | None:
    record = replica.get(comment_id)
    return Comment.of(record) if record is not None and record.kind == talk.COMMENT else None


def post(replica: Replica, record_id: str, text: str, *, reply_to: str | None = None,
         files: Sequence[NewFile] = ()) -> str:
    """Write a comment on a record as the user logged in here; returns its id. @mentions are read as colleagues'
    logins (people.resolve). ValueError says why it cannot be posted (empty, a file too big, no such record)."""
    text = text.strip()
    if not text and not files:
        raise ValueError(_("write something first"))
    target = replica.get(record_id)
    if target is None or target.kind in talk.TALK_KINDS:
        raise ValueError(_("there is no record {id}").format(id=record_id))
    for f in files:
        if len(f.data) > talk.MAX_ATTACHMENT_BYTES:
            raise ValueError(too_big(f.name, len(f.data)))
    written, mentions = people.resolve(text, people.colleagues(replica))
    cid = talk.comment_id(record_id)
    values: dict[str, Any] = {"on": record_id, "text": written, "at": now_ms(replica), "mentions": mentions}
    if reply_to:
        answered = get(replica, reply_to)
        if answered is None or answered.record != record_id:
            raise ValueError(_("the comment you answer is not on this record"))
        values["reply_to"] = reply_to
        values["quote"] = answered.text[:QUOTE_CHARS]
        values["answers"] = answered.author  # whom it answers: their PC finds its replies by this
    refs = [(talk.attachment_id(cid), f) for f in files]
    if refs:
        values["files"] = [{"id": aid, "name": f.name, "size": len(f.data)} for aid, f in refs]

    def write() -> None:
        # The comment first, then its files: the server accepts a file only on a comment it already has.
        replica.add(talk.COMMENT, values, rec_id=cid, made_here=True)
        for aid, f in refs:
            replica.add(talk.ATTACHMENT, _file_values(cid, f), rec_id=aid, made_here=True)
    replica.transaction(write)
    return cid


def _file_values(cid: str, f: NewFile) -> dict[str, Any]:
    values: dict[str, Any] = {"comment": cid, "name": f.name, "size": len(f.data),
                              "mime": f.mime or mimetypes.guess_type(f.name)[0] or "application/octet-stream"}
    for i, key in enumerate(talk.PART_FIELDS):
        part = f.data[i * talk.PART_BYTES:(i + 1) * talk.PART_BYTES]
        if part:
            values[key] = base64.b64encode(part).decode("ascii")
    return values


def file_bytes(replica: Replica, attachment_id: str) -> tuple[str, bytes] | None:
    """An attached file's name and bytes, or None when this PC does not hold it (yet)."""
    record = replica.get(attachment_id)
    if record is None or record.kind != talk.ATTACHMENT:
        return None
    data = b"".join(base64.b64decode(str(record.fields.get(k) or "")) for k in talk.PART_FIELDS)
    return str(record.fields.get("name") or "file"), data


def _own(replica: Replica, comment_id: str, *, admin_too: bool = False) -> Comment:
    found = get(replica, comment_id)
    if found is None:
        raise ValueError(_("there is no comment {id}").format(id=comment_id))
    if found.author != replica.user and not (admin_too and replica.meta("role") == "admin"):
        raise ValueError(_("only its author may change a comment"))
    return found


def edit(replica: Replica, comment_id: str, text: str) -> None:
    """Change one's own comment; its mentions are read again."""
    _own(replica, comment_id)
    text = text.strip()
    if not text:
        raise ValueError(_("write something first"))
    written, mentions = people.resolve(text, people.colleagues(replica))
    replica.set(comment_id, {"text": written, "mentions": mentions, "edited": now_ms(replica)})


def delete(replica: Replica, comment_id: str) -> None:
    """Delete one's own comment (an administrator may delete anyone's); it goes to the bin like any record."""
    _own(replica, comment_id, admin_too=True)
    replica.delete(comment_id)
