"""The pages' API in small pieces: a request's JSON body and its session (refused with a reason the page shows)."""

from __future__ import annotations

import json
from typing import Any, Callable

from aiohttp import web

from lan_server.web.guard import CSRF_HEADER, UNSAFE
from lan_server.web.listener import web_of
from lan_server.web.visits import Visit
from lan_server.web.words import LANGUAGES

LANG_HEADER = "X-Organizer-Lang"  # the language the page shows (the user may switch from the browser's)


def refuse(status: int, error: str, **more: Any) -> web.HTTPException:
    """An error answer the page understands: {"error": code, ...}."""
    kinds = {400: web.HTTPBadRequest, 401: web.HTTPUnauthorized, 403: web.HTTPForbidden, 404: web.HTTPNotFound,
             409: web.HTTPConflict, 413: web.HTTPRequestEntityTooLarge, 429: web.HTTPTooManyRequests}
    body = json.dumps({"error": error, **more}, ensure_ascii=False)
    if status == 413:
        return web.HTTPRequestEntityTooLarge(max_size=0, actual_size=0, text=body, content_type="application/json")
    return kinds[status](text=body, content_type="application/json")


async def body_of(request: web.Request) -> dict[str, Any]:
    """The request's JSON object; 400 for anything else (413 past the size limit, from aiohttp)."""
    if request.content_type != "application/json":
        raise refuse(400, "bad_request", message="send JSON")
    try:
        found = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError):
        raise refuse(400, "bad_request", message="not JSON") from None
    if not isinstance(found, dict):
        raise refuse(400, "bad_request", message="send a JSON object")
    return found


def text_of(body: dict[str, Any], key: str, limit: int = 10_000) -> str:
    value = body.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise refuse(400, "bad_request", message=f"{key} must be text")
    return value


async def visit_of(request: web.Request) -> Visit:
    """The request's session: 401 with why there is none; 403 for a change without the session's CSRF token."""
    visit, reason = await web_of(request).visits.find(request)
    if visit is None:
        raise refuse(401, "login", reason=reason)
    if request.method in UNSAFE and request.headers.get(CSRF_HEADER) != visit.csrf:
        raise refuse(403, "csrf")
    return visit


async def record_answer(request: web.Request, read: Callable[..., dict[str, Any] | None]) -> web.Response:
    """The JSON that `read(reader, user, rec)` makes of the record named in the path, for the visit's user, on the
    web's read thread; 404 when there is no such record or the user may not read it."""
    visit = await visit_of(request)
    found = await web_of(request).reader(visit.office).call(read, visit.user, request.match_info["rec"])
    if found is None:
        raise refuse(404, "gone")
    return web.json_response(found)


def lang_of(request: web.Request) -> str:
    """The language to answer in: the page's own choice, else the browser's first language the pages speak."""
    chosen = request.headers.get(LANG_HEADER, "") or request.query.get("lang", "")
    if chosen in LANGUAGES:
        return chosen
    for part in request.headers.get("Accept-Language", "").split(","):
        lang = part.split(";")[0].strip()[:2].lower()
        if lang in LANGUAGES:
            return lang
    return LANGUAGES[0]
