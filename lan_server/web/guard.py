"""What every request to the web port passes: a deadline, the CSRF rules of the pages' API, and the headers that
keep a page from being framed, sniffed or made to run another origin's script."""

from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable

from aiohttp import web

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

REQUEST_DEADLINE_S = 30.0  # from a whole request head to the answer sent: a body trickled in is cut off here
API = "/api/"
CSRF_HEADER = "X-CSRF-Token"
# The login has no session yet: a header no cross-site form or plain link can send stands for the token.
LOGIN_HEADER = "X-Organizer"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
                               "form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def same_origin(request: web.Request) -> bool:
    """Whether the request came from one of our own pages: an Origin header, when the browser sends one, names
    this very host (a page elsewhere on the LAN cannot post here through a visitor's browser)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # browsers send Origin on every cross-site POST and WebSocket; its absence means same-site
    return origin == f"https://{request.host}"


@web.middleware
async def deadline(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.headers.get("Upgrade", "").lower() == "websocket":
        return await handler(request)  # a live page stays open; its socket has a heartbeat instead
    try:
        return await asyncio.wait_for(handler(request), REQUEST_DEADLINE_S)
    except asyncio.TimeoutError:
        log.warning("cut off a request from %s that took more than %.0f s", request.remote, REQUEST_DEADLINE_S)
        if request.protocol is not None:
            request.protocol.force_close()  # no waiting for the rest of a trickled body: the connection ends
        raise web.HTTPRequestTimeout() from None


@web.middleware
async def csrf(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A change through the pages' API needs a request only our own script makes: same origin, and the session's
    CSRF token in a header (the session cookie is SameSite=Strict besides). The CSRF token is checked where the
    session is found (api.session_of); here, that the request could not have come from a form or another site."""
    if request.path.startswith(API) and (request.method in UNSAFE or request.path == API + "live"):
        if not same_origin(request):
            raise web.HTTPForbidden(text="cross-site request refused")
        if request.method in UNSAFE and not (request.headers.get(CSRF_HEADER) or request.headers.get(LOGIN_HEADER)):
            raise web.HTTPForbidden(text="a request without the page's token is refused")
    return await handler(request)


async def add_headers(request: web.BaseRequest, response: web.StreamResponse) -> None:
    """Called for every answer just before its head is sent (aiohttp's on_response_prepare), errors too."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith(API):
        response.headers.setdefault("Cache-Control", "no-store")
