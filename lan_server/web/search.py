"""Quick search from a browser: the store's own search, so the window's rules hold (a part of a name, a phone typed
any way, a city, a person's and their organization's words together); only records the user may read."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from lan_server.auth import User
from lan_server.web.listener import web_of
from lan_server.web.reader import Reader
from lan_server.web.requests import lang_of, refuse, visit_of
from lan_server.web.shown import brief, kind_def, readable

KINDS = ("organization", "contact")
SHOWN = 20          # rows per section
PAGE = 200          # rows read at a time when the user reads only some of a section
MAX_PAGES = 10      # then the page says "type more" rather than read on
MAX_TEXT = 200
EVERY_SECTION = "*"


def find(reader: Reader, user: User, text: str, kinds: tuple[str, ...], lang: str) -> dict[str, Any]:
    """`kinds`: the sections looked in; EVERY_SECTION: every section of the list (a tie's other record)."""
    store, rights = reader.store, reader.rights
    rights.recheck()
    schema = store.schema()
    if kinds == (EVERY_SECTION,):
        kinds = tuple(kd.key for kd in schema.sections() if not kd.internal)
    groups = []
    for kind in kinds:
        if not schema.has_kind(kind):
            continue
        if rights.may_read_kind(user, kind):
            page = store.records(kind, search=text, limit=SHOWN + 1)
            found, more = page[:SHOWN], len(page) > SHOWN
        else:  # only some records of the section are theirs: read on until a screenful is theirs
            found, more, offset = [], False, 0
            for _ in range(MAX_PAGES):
                page = store.records(kind, search=text, limit=PAGE, offset=offset)
                found += readable(reader, user, page)
                offset += PAGE
                if len(found) > SHOWN or len(page) < PAGE:
                    break
            more = len(found) > SHOWN or len(page) == PAGE
            found = found[:SHOWN]
        if found:
            groups.append({"kind": kind_def(schema.kind(kind)), "rows": brief(reader, user, schema, found, lang),
                           "more": more})
    return {"q": text, "groups": groups}


async def search(request: web.Request) -> web.Response:
    visit = await visit_of(request)
    text = request.query.get("q", "").strip()
    if len(text) > MAX_TEXT:
        raise refuse(400, "bad_request", message="too long a search")
    kind = request.query.get("kind", "")
    kinds = (kind,) if kind else KINDS
    if not text:
        return web.json_response({"q": "", "groups": []})
    reader = web_of(request).reader(visit.office)
    return web.json_response(await reader.call(find, visit.user, text, kinds, lang_of(request)))


def mount(app: web.Application) -> None:
    app.router.add_get("/api/search", search)
