"""A record's card in a browser: every field by its type, what links to it, its history; saving changed fields and
making new records as ops through the hub, as a PC does."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Callable

from aiohttp import web

from lan_server.auth import User
from lan_server.documents.forms import forms_for, number_due
from lan_server.protocol.reasons import say
from lan_server.records import Op, Record, ties
from lan_server.records.defaults import new_record_defaults
from lan_server.records.hlc import wall_ms
from lan_server.records.ops import new_id
from lan_server.records.schema import DELETED, META_KINDS, PRIVATE_KINDS
from lan_server.web.edits import DEVICE, BadValue, Stamps, ops_for, record_of
from lan_server.web.listener import web_of
from lan_server.web.reader import Reader
from lan_server.web.requests import body_of, lang_of, record_answer, refuse, visit_of
from lan_server.web.shown import brief, field_def, kind_def, names_of_people, people, titles, value_of, view
from lan_server.web.visits import Visit
from lan_server.web.words import said

RELATED_SHOWN = 20
HISTORY_SHOWN = 200
_PICTURE = re.compile(r"data:(image/(?:jpeg|png|gif|webp));base64,([A-Za-z0-9+/=\s]+)")
STAMPS_KEY = web.AppKey("stamps", Stamps)


def may_edit(reader: Reader, user: User, record: Record) -> bool:
    probe = Op(id="probe", rec=record.id, kind=record.kind, field="_probe", value=None, hlc=0, dev="browser")
    return reader.rights.check_write(user, probe, record) is None


def card(reader: Reader, user: User, rec: str, lang: str) -> dict[str, Any] | None:
    reader.rights.recheck()
    record = view(reader, user).get(rec)
    schema = reader.store.schema()
    if record is None or record.kind in META_KINDS or not schema.has_kind(record.kind):
        return None
    kd = schema.kind(record.kind)
    editable = may_edit(reader, user, record)
    fields = [fd for fd in kd.fields if not fd.hidden]
    names = titles(reader, user, [record.fields.get(fd.key) for fd in fields if fd.type == "link"], lang)
    names_of = names_of_people(reader, lang)
    shown = []
    for fd in fields:
        item = {"f": field_def(fd), "v": value_of(fd, record), "edit": editable and not fd.computed
                and fd.type not in ("image", "file")}
        if fd.type == "link" and record.fields.get(fd.key):
            link = str(record.fields[fd.key])
            item["t"] = names.get(link, "")
            if link not in names:
                item["v"] = None  # a record the user may not read is not even named
        elif fd.type == "user" and record.fields.get(fd.key):
            item["t"] = names_of.get(str(record.fields[fd.key]), str(record.fields[fd.key]))
        shown.append(item)
    related = []
    for section, link_field in schema.links_to(record.kind):
        if section in PRIVATE_KINDS:
            continue
        found = view(reader, user).records(section, where={link_field: record.id}, limit=RELATED_SHOWN)
        if found:
            rows = brief(reader, user, schema, found, lang)
            for row in rows:  # the link back to this card says nothing here
                row["cells"] = [c for c in row["cells"] if c["f"]["key"] != link_field]
            related.append({"kind": kind_def(schema.kind(section)), "via": link_field, "rows": rows})
    related = tied(reader, user, record, lang) + related
    return {"id": record.id, "kind": kind_def(kd), "title": schema.title(record.kind, record.fields, lang),
            "fields": shown, "editable": editable, "related": related, "forms": forms_for(record.kind),
            "may_pay": record.kind == "invoice" and reader.rights.rule(user, "payment").create,
            "people": people(reader, lang) if editable else []}


def tie_ops(reader: Reader, user: User, stamps: Stamps, rec: str, other: Any, tied: bool) -> list[Op] | None:
    """The ops that tie two records by hand (or remove their tie), as a PC's «Связать с…» sends them; None when
    either is not there for the user or the two cannot be tied. The hub judges who may (lan_server/rights.py)."""
    tie = ties.tie_id(rec, other) if isinstance(other, str) else None
    if tie is None or record_of(reader, user, rec) is None or record_of(reader, user, str(other)) is None:
        return None
    found = reader.store.get(tie)
    if tied and found is None:
        return ops_for(reader, user, stamps, reader.store.schema().kind(ties.TIE), tie, ties.fields_of(tie))
    if found is None or found.deleted != tied:
        return []  # tied already, or no tie to remove
    return [Op(id=new_id(), rec=tie, kind=ties.TIE, field=DELETED, value=not tied,
               hlc=stamps.after(reader, tie, 1)[0], dev=DEVICE, user=user.name)]


def tied(reader: Reader, user: User, record: Record, lang: str) -> list[dict[str, Any]]:
    """The records tied to this one by hand, by section, as the card's related groups (`tied`): only ties whose both
    records the user may read reach here (lan_server/rights.py), and ends in the bin are left out."""
    seen = view(reader, user)
    found = [t for key in ties.ENDS for t in seen.records(ties.TIE, where={key: record.id}, limit=RELATED_SHOWN)]
    others = [other for t in sorted(found, key=lambda t: t.id) if (other := ties.other_end(t.id, record.id))]
    ends = seen.get_many(others)
    schema = reader.store.schema()
    by_kind: dict[str, list[Record]] = {}
    for rec in others:
        if rec in ends and schema.has_kind(ends[rec].kind):
            by_kind.setdefault(ends[rec].kind, []).append(ends[rec])
    return [{"kind": kind_def(schema.kind(kind)), "via": ties.TIE, "tied": True,
             "rows": brief(reader, user, schema, rows, lang)} for kind, rows in by_kind.items()]


def history(reader: Reader, user: User, rec: str, lang: str) -> list[dict[str, Any]] | None:
    record = record_of(reader, user, rec)
    if record is None:
        return None
    schema = reader.store.schema()
    kd = schema.kind(record.kind) if schema.has_kind(record.kind) else None
    entries = [e for e in reader.store.history(rec) if not e.field.startswith("_")]
    entries = sorted(entries, key=lambda e: e.hlc, reverse=True)[:HISTORY_SHOWN]
    names = titles(reader, user, [e.value for e in entries if kd and (fd := kd.field(e.field)) and fd.type == "link"],
                   lang)
    names_of = names_of_people(reader, lang)
    out = []
    for e in entries:
        fd = kd.field(e.field) if kd else None
        if fd is None or fd.hidden:
            continue
        value: Any = e.value
        if fd.type in ("image", "file"):
            value = bool(value)
        item = {"f": field_def(fd), "v": value, "user": e.user, "by": names_of.get(e.user, e.user), "device": e.dev,
                "at": wall_ms(e.hlc), "current": e.current}
        if fd.type == "link" and value:
            item["t"] = names.get(str(value), "")
        elif fd.type == "user" and value:
            item["t"] = names_of.get(str(value), str(value))
        out.append(item)
    return out


def picture(reader: Reader, user: User, rec: str, key: str) -> tuple[str, bytes] | None:
    record = record_of(reader, user, rec)
    value = record.fields.get(key) if record is not None else None
    found = _PICTURE.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        return None
    try:
        return found.group(1), base64.b64decode(found.group(2), validate=False)
    except (binascii.Error, ValueError):
        return None


def kinds(reader: Reader, user: User, lang: str) -> dict[str, Any]:
    """The sections a user may add records to, with the fields of their new-record form and the values it starts
    with, as the window's (Менеджер / Исполнитель the user, a sales document dated today), and the colleagues a
    user field is given to, by name."""
    reader.rights.recheck()
    out = []
    for kd in reader.store.schema().sections():
        if kd.key in PRIVATE_KINDS or not reader.rights.rule(user, kd.key).create:
            continue
        out.append({**kind_def(kd), "fields": [field_def(fd) for fd in kd.fields
                                                if not fd.hidden and not fd.computed
                                                and fd.type not in ("image", "file")],
                    "starts": new_record_defaults(kd, user.name)})
    return {"kinds": out, "people": people(reader, lang)}


async def get_card(request: web.Request) -> web.Response:
    lang = lang_of(request)
    return await record_answer(request, lambda reader, user, rec: card(reader, user, rec, lang))


async def get_history(request: web.Request) -> web.Response:
    visit = await visit_of(request)
    found = await web_of(request).reader(visit.office).call(history, visit.user, request.match_info["rec"],
                                                             lang_of(request))
    if found is None:
        raise refuse(404, "gone")
    return web.json_response({"entries": found})


async def get_picture(request: web.Request) -> web.Response:
    visit = await visit_of(request)
    found = await web_of(request).reader(visit.office).call(picture, visit.user, request.match_info["rec"],
                                                            request.match_info["field"])
    if found is None:
        raise web.HTTPNotFound()
    return web.Response(body=found[1], content_type=found[0], headers={"Cache-Control": "private, max-age=60"})


async def get_kinds(request: web.Request) -> web.Response:
    visit = await visit_of(request)
    return web.json_response(await web_of(request).reader(visit.office).call(kinds, visit.user, lang_of(request)))


async def worked_out(request: web.Request, reader: Reader, made: Callable[[Reader], list[Op] | None],
                     missing: str) -> list[Op]:
    """The ops `made` works out on the reader's thread; 400 with the field and why for a value that does not fit,
    404 `missing` when the record or section is not there."""
    try:
        ops = await reader.call(made)
    except BadValue as e:
        lang = lang_of(request)
        message = say(e.reason, lang) if e.reason else said("bad." + e.code, lang)
        raise refuse(400, "bad_value", field=e.field, code=e.code, message=message, label=e.label) from None
    if ops is None:
        raise refuse(404, missing)
    return ops


async def send(request: web.Request, visit: Visit, made: Callable[[Reader], list[Op] | None], missing: str) -> None:
    """Work the ops out on the reader's thread (`made`: None when the record or section is not there, 404
    `missing`; BadValue: 400), then send them through the hub (409 with its reasons when it refuses any)."""
    lang = lang_of(request)
    reader = web_of(request).reader(visit.office)
    ops = await worked_out(request, reader, made, missing)
    if ops:
        result = await visit.office.hub.push_soon(visit.user, ops)
        if result.rejected:
            names = await reader.call(section_names, lang)
            raise refuse(409, "refused", reasons=[say(r.reason, lang, lambda k: names.get(k, k))
                                                  for r in result.rejected])


def section_names(reader: Reader, lang: str) -> dict[str, str]:
    return {kd.key: kd.label(lang) for kd in reader.store.schema().kinds(include_hidden=True)}


async def save(request: web.Request) -> web.Response:
    """{"changes": {field: value}}: only the fields the user changed."""
    visit = await visit_of(request)
    body = await body_of(request)
    changes = body.get("changes")
    if not isinstance(changes, dict) or len(changes) > 200:
        raise refuse(400, "bad_request", message="changes must be a map of fields")
    reader = web_of(request).reader(visit.office)
    rec = request.match_info["rec"]
    stamps = request.app[STAMPS_KEY]

    def made(reader: Reader) -> list[Op] | None:
        record = record_of(reader, visit.user, rec)
        if record is None:
            return None
        return ops_for(reader, visit.user, stamps, reader.store.schema().kind(record.kind), rec, changes)
    await send(request, visit, made, "gone")
    return web.json_response(await reader.call(card, visit.user, rec, lang_of(request)) or {})


async def post_tie(request: web.Request) -> web.Response:
    """{"other": record, "tied": true|false}: tie the card's record to another by hand, or remove their tie."""
    visit = await visit_of(request)
    body = await body_of(request)
    other, tied_now = body.get("other"), body.get("tied", True)
    if not isinstance(other, str) or not isinstance(tied_now, bool):
        raise refuse(400, "bad_request", message="send the other record and whether they are tied")
    rec = request.match_info["rec"]
    stamps = request.app[STAMPS_KEY]
    await send(request, visit, lambda reader: tie_ops(reader, visit.user, stamps, rec, other, tied_now), "gone")
    reader = web_of(request).reader(visit.office)
    return web.json_response(await reader.call(card, visit.user, rec, lang_of(request)) or {})


def series_due(reader: Reader, user: User, rec: str, form: str) -> str | None:
    """The series `rec` takes its number from before `form` is printed (documents.forms.number_due: a draft is
    numbered when first issued), as the user's window reads it; None when it has one or is not due one."""
    reads = view(reader, user)
    record = reads.get(rec)
    return number_due(reads, form, record) if record is not None else None


def why_not_numbered(reader: Reader, user: User, rec: str) -> Any:
    """Why the user may not give `rec` its number (a colleague's invoice the role may not change, a role that
    takes no numbers), as the hub would refuse it: asked before a number is taken, so none is spent on it."""
    reader.rights.recheck()
    record = reader.store.get(rec)
    if record is None:
        return None
    probe = Op(id="probe", rec=rec, kind=record.kind, field="number", value=None, hlc=0, dev="browser")
    return reader.rights.check_write(user, probe, record) or reader.rights.may_take_numbers(user)


async def number_first(request: web.Request, visit: Visit, rec: str, form: str) -> str | None:
    """A draft invoice or contract being issued (its form printed, an invoice given its first line) takes the
    server's next number of its series, as the window's does (the same allocation, lan_server.numbering, for this
    record), so no bill goes out unnumbered. A user who may not number it gets it as it is, and no number is spent:
    returns why, in the page's language (None when it was numbered or was not due a number)."""
    reader = web_of(request).reader(visit.office)
    series = await reader.call(series_due, visit.user, rec, form)
    if series is None:
        return None
    lang = lang_of(request)
    hub = visit.office.hub
    refused = await reader.call(why_not_numbered, visit.user, rec)
    if refused is None:
        try:
            number = str((await hub.call(hub.number, visit.user, series, rec))["number"])
        except PermissionError as e:
            refused = e.args[0] if e.args else str(e)
        except KeyError:
            return None
    if refused is not None:
        names = await reader.call(section_names, lang)
        return said("number.not_taken", lang, reason=say(refused, lang, lambda k: names.get(k, k)))
    stamps = request.app[STAMPS_KEY]

    def made(reader: Reader) -> list[Op] | None:
        record = reader.store.get(rec)
        if record is None:
            return None
        return ops_for(reader, visit.user, stamps, reader.store.schema().kind(record.kind), rec, {"number": number})
    await send(request, visit, made, "gone")
    return None


async def create(request: web.Request) -> web.Response:
    """{"kind": k, "values": {field: value}}: a new record made by the same ops a PC would send. A numbered field
    (an invoice's or contract's «Номер», a series named on the field) may be left empty, as in the window: the
    document is a draft until it is first issued (its first line, its first print), and takes the server's next
    number then (documents.forms.number_due); a number typed by hand is kept."""
    visit = await visit_of(request)
    body = await body_of(request)
    kind, values = body.get("kind"), body.get("values")
    if not isinstance(kind, str) or not isinstance(values, dict) or len(values) > 200:
        raise refuse(400, "bad_request", message="send a kind and its values")
    stamps = request.app[STAMPS_KEY]
    rec = new_id()

    def made(reader: Reader) -> list[Op] | None:
        schema = reader.store.schema()
        if not schema.has_kind(kind) or kind in META_KINDS or kind in PRIVATE_KINDS:
            return None
        kd = schema.kind(kind)
        # What the page did not send starts as in the window: the maker's own, a sales document dated today.
        filled = {**new_record_defaults(kd, visit.user.name),
                  **{k: v for k, v in values.items() if v not in (None, "")}}
        title = kd.field(kd.title_field)
        numbered = title is not None and bool(title.options.get("series"))  # a draft, numbered when issued
        if not numbered and not any(kd.field(k) is not None and k == kd.title_field for k in filled):
            raise BadValue(kd.title_field, "required", fd=title)
        return ops_for(reader, visit.user, stamps, kd, rec, filled, new=True)
    await send(request, visit, made, "no_kind")
    if kind == "invoice_line" and isinstance(values.get("invoice"), str):
        # numbered with its first line; the line is saved whatever the numbering: a refusal is said as a note
        unnumbered = await number_first(request, visit, values["invoice"], "invoice")
        if unnumbered:
            return web.json_response({"id": rec, "note": said("line.saved_unnumbered", lang_of(request),
                                                              why=unnumbered)})
    return web.json_response({"id": rec})


def mount(app: web.Application) -> None:
    app[STAMPS_KEY] = Stamps()
    app.router.add_get("/api/kinds", get_kinds)
    app.router.add_get("/api/record/{rec}", get_card)
    app.router.add_get("/api/record/{rec}/history", get_history)
    app.router.add_get("/api/record/{rec}/picture/{field}", get_picture)
    app.router.add_post("/api/record/{rec}", save)
    app.router.add_post("/api/records", create)
    app.router.add_post("/api/record/{rec}/tie", post_tie)
