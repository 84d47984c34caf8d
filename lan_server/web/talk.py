"""A record's discussion in a browser: its comments (oldest first), writing one with @mentions and a quoted reply,
marks of what was seen and "Acknowledged", an attached file opened. Written as ops through the hub as a PC writes
them (device "browser"), read through the same rights: a comment reaches whoever may read its record."""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any
from urllib.parse import quote

from aiohttp import web

from lan_server.auth import User
from lan_server.records import Op, Record, talk
from lan_server.records.ops import new_id, record_op
from lan_server.web.cards import STAMPS_KEY, send
from lan_server.web.edits import DEVICE, Stamps, record_of
from lan_server.web.listener import web_of
from lan_server.web.reader import Reader
from lan_server.web.requests import body_of, record_answer, refuse, text_of, visit_of
from lan_server.web.shown import colleagues

MAX_TEXT = 10_000


def _visible(reader: Reader, user: User, records: list[Record]) -> list[Record]:
    return [r for r in records if not r.deleted and reader.rights.may_read(user, r)]


def thread(reader: Reader, user: User, rec: str) -> dict[str, Any] | None:
    """The record's comments as the page shows them; None when the user may not read the record."""
    reader.rights.recheck()
    record = record_of(reader, user, rec)
    if record is None or record.kind in talk.TALK_KINDS:
        return None
    found = sorted(_visible(reader, user, reader.store.records(talk.COMMENT, where={"on": rec})),
                   key=lambda c: (int(c.fields.get("at") or 0), c.id))
    shown = {p.login: p.shown for p in colleagues(reader)}
    ids = [c.id for c in found]
    marks = reader.store.get_many([talk.read_id(cid, user.name) for cid in ids])
    mine = [c.id for c in found if c.creator == user.name]
    readers: dict[str, list[dict[str, Any]]] = {}
    for mark in _visible(reader, user, reader.store.records(talk.READ, where={"item": mine})) if mine else []:
        who = str(mark.fields.get("user") or "")
        if who != user.name and mark.fields.get("seen"):
            readers.setdefault(str(mark.fields.get("item")), []).append(
                {"name": shown.get(who, who), "ack": bool(mark.fields.get("ack"))})
    by_id = {c.id: c for c in found}
    out = []
    for c in found:
        f = c.fields
        seen = marks.get(talk.read_id(c.id, user.name))
        mentions = [m for m in f.get("mentions") or [] if isinstance(m, str)]
        answered = by_id.get(str(f.get("reply_to") or ""))
        to_me = c.creator != user.name and (user.name in mentions or f.get("answers") == user.name)
        out.append({
            "id": c.id, "author": shown.get(c.creator, c.creator), "mine": c.creator == user.name,
            "at": int(f.get("at") or 0), "edited": bool(f.get("edited")),
            "text": talk.shown_text(str(f.get("text") or ""), shown),
            "quote": talk.shown_text(str(f.get("quote") or ""), shown) if f.get("quote") else None,
            "answers": shown.get(answered.creator, answered.creator) if answered is not None else None,
            "files": [{"id": str(x.get("id")), "name": str(x.get("name")), "size": int(x.get("size") or 0)}
                      for x in f.get("files") or [] if isinstance(x, dict)],
            "to_me": to_me, "mention_me": user.name in mentions and c.creator != user.name,
            "unread": to_me and not (seen is not None and seen.fields.get("seen")),
            "acked": bool(seen is not None and seen.fields.get("ack")),
            "read_by": readers.get(c.id, []),
        })
    return {"comments": out, "people": [{"login": p.login, "name": p.shown} for p in colleagues(reader)],
            "limit": talk.MAX_ATTACHMENT_BYTES}


def _ops(stamps: Stamps, reader: Reader, user: User, kind: str, rec: str, values: dict[str, Any]) -> list[Op]:
    times = stamps.after(reader, rec, len(values))
    return [Op(id=new_id(), rec=rec, kind=kind, field=key, value=value, hlc=stamp, dev=DEVICE, user=user.name)
            for (key, value), stamp in zip(values.items(), times)]


def comment_ops(reader: Reader, user: User, stamps: Stamps, rec: str, text: str,
                reply_to: str | None) -> list[Op] | None:
    """The ops of a new comment on `rec` (None: the record is not there for this user)."""
    record = record_of(reader, user, rec)
    if record is None or record.kind in talk.TALK_KINDS:
        return None
    written, mentions = talk.resolve(text.strip(), colleagues(reader))
    values: dict[str, Any] = {"on": rec, "text": written, "at": int(time.time() * 1000), "mentions": mentions}
    if reply_to:
        answered = reader.store.get(reply_to)
        found = talk.of_kind(reply_to, talk.COMMENT)
        if answered is None or found is None or found.parent != rec or not reader.rights.may_read(user, answered):
            raise refuse(400, "bad_request", message="the comment answered is not on this record")
        values.update(reply_to=reply_to, quote=str(answered.fields.get("text") or "")[:300], answers=answered.creator)
    cid = talk.comment_id(rec)  # a fresh id made here: the comment is made in one op, as a PC makes it
    return [record_op(cid, talk.COMMENT, values, hlc=stamps.after(reader, cid, 1)[0], dev=DEVICE, user=user.name)]


def read_ops(reader: Reader, user: User, stamps: Stamps, cid: str, ack: bool) -> list[Op] | None:
    """A read mark (and with `ack`, "Acknowledged") of a comment the user may read."""
    comment = reader.store.get(cid)
    if comment is None or comment.kind != talk.COMMENT or not reader.rights.may_read(user, comment):
        return None
    rid = talk.read_id(cid, user.name)
    before = reader.store.get(rid)
    now = int(time.time() * 1000)
    values: dict[str, Any] = {} if before is not None else {"item": cid, "user": user.name}
    if before is None or not before.fields.get("seen"):
        values["seen"] = now
    if ack and not (before is not None and before.fields.get("ack")):
        values["ack"] = now
    return _ops(stamps, reader, user, talk.READ, rid, values) if values else []


def attachment(reader: Reader, user: User, aid: str) -> tuple[str, str, bytes] | None:
    found = reader.store.get(aid)
    if found is None or found.kind != talk.ATTACHMENT or not reader.rights.may_read(user, found):
        return None
    try:
        data = b"".join(base64.b64decode(str(found.fields.get(k) or "")) for k in talk.PART_FIELDS)
    except (binascii.Error, ValueError):
        return None
    return str(found.fields.get("name") or "file"), str(found.fields.get("mime") or "application/octet-stream"), data


async def get_thread(request: web.Request) -> web.Response:
    return await record_answer(request, thread)


async def post_comment(request: web.Request) -> web.Response:
    """{"text": ..., "reply_to": comment id or null}."""
    visit = await visit_of(request)
    body = await body_of(request)
    text = text_of(body, "text", MAX_TEXT)
    reply_to = body.get("reply_to")
    if not text.strip():
        raise refuse(400, "bad_request", message="write something first")
    if reply_to is not None and not isinstance(reply_to, str):
        raise refuse(400, "bad_request", message="reply_to must be a comment's id")
    rec, stamps = request.match_info["rec"], request.app[STAMPS_KEY]
    await send(request, visit, lambda reader: comment_ops(reader, visit.user, stamps, rec, text, reply_to), "gone")
    return web.json_response(await web_of(request).reader(visit.office).call(thread, visit.user, rec) or {})


async def post_read(request: web.Request) -> web.Response:
    """{"ack": true|false}: the comment was seen (and acknowledged)."""
    visit = await visit_of(request)
    body = await body_of(request)
    ack = body.get("ack", False)
    if not isinstance(ack, bool):
        raise refuse(400, "bad_request", message="ack is yes or no")
    cid, stamps = request.match_info["cid"], request.app[STAMPS_KEY]
    await send(request, visit, lambda reader: read_ops(reader, visit.user, stamps, cid, ack), "gone")
    return web.json_response({})


async def get_file(request: web.Request) -> web.Response:
    visit = await visit_of(request)
    found = await web_of(request).reader(visit.office).call(attachment, visit.user, request.match_info["aid"])
    if found is None:
        raise web.HTTPNotFound()
    name, mime, data = found
    plain = name.encode("ascii", "replace").decode().replace('"', "'")  # old browsers; others read filename*
    return web.Response(body=data, content_type=mime, headers={
        "Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, max-age=60"})


def mount(app: web.Application) -> None:
    app.router.add_get("/api/record/{rec}/comments", get_thread)
    app.router.add_post("/api/record/{rec}/comments", post_comment)
    app.router.add_post("/api/comment/{cid}/read", post_read)
    app.router.add_get("/api/file/{aid}", get_file)
