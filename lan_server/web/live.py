"""An open page's WebSocket: it is told which records changed (only those its user may read: the hub's own
fan-out decides, as for a PC) and when its session ends, within a second."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from aiohttp import WSMsgType, web

from lan_server.auth import User
from lan_server.protocol.frames import HEADER, decode_body
from lan_server.web.listener import Web, web_of
from lan_server.web.requests import visit_of
from lan_server.web.visits import Visit

log = logging.getLogger(__name__)
CHECK_SESSION_S = 1.0   # how soon a disabled user, a changed password or role ends an open page
HEARTBEAT_S = 20.0      # a page whose browser stopped answering is dropped after about this
MAX_IDS = 500           # past this many changed records in one message the page just reloads what it shows


class LivePage:
    """A subscriber of the hub (as a PC's session is): frames of changes become short JSON messages."""

    def __init__(self, visit: Visit, socket: web.WebSocketResponse) -> None:
        self.user: User | None = visit.user
        self.visit = visit
        self.socket = socket
        self._changed: set[str] = set()
        self._kinds: set[str] = set()
        self._forget: set[str] = set()
        self._flushing = False

    def send_frame(self, frame: bytes) -> None:
        """Called on the loop's thread by the hub's fan-out."""
        try:
            message = decode_body(frame[HEADER.size:])
        except Exception:  # the hub's own frame: cannot be broken, but a page is no reason to fail the fan-out
            log.exception("a change frame the live page could not read")
            return
        if message.get("type") != "changes":
            return
        for op in message.get("ops") or ():
            self._changed.add(str(op.get("rec")))
            self._kinds.add(str(op.get("kind")))
        for rec, kind, *_ in message.get("records") or ():  # [rec, kind, fields(, making)]
            self._changed.add(str(rec))
            self._kinds.add(str(kind))
        self._forget.update(str(r) for r in message.get("forget") or ())
        if not self._flushing:  # a commit's frames, and commits close together, go as one message
            self._flushing = True
            asyncio.get_running_loop().call_soon(lambda: asyncio.ensure_future(self._flush()))

    async def _flush(self) -> None:
        self._flushing = False
        changed, kinds, forget = sorted(self._changed), sorted(self._kinds), sorted(self._forget)
        self._changed, self._kinds, self._forget = set(), set(), set()
        message: dict[str, Any] = {"changed": changed if len(changed) <= MAX_IDS else ["*"], "kinds": kinds,
                                   "forget": forget[:MAX_IDS]}
        await self.send(message)

    async def send(self, message: dict[str, Any]) -> None:
        if not self.socket.closed:
            try:
                await self.socket.send_str(json.dumps(message))
            except (ConnectionError, RuntimeError):
                pass


PAGES_KEY: web.AppKey[set[LivePage]] = web.AppKey("live_pages")


async def live(request: web.Request) -> web.StreamResponse:
    web_ = web_of(request)
    visit = await visit_of(request)
    socket = web.WebSocketResponse(heartbeat=HEARTBEAT_S, max_msg_size=4096)
    await socket.prepare(request)
    page = LivePage(visit, socket)
    hub = visit.office.hub
    pages = request.app[PAGES_KEY]
    pages.add(page)
    watcher = asyncio.ensure_future(_watch_session(web_, page))
    try:
        head = await hub.call(hub.store.max_seq)
        await hub.call(hub.subscribe, page, head)
        await page.send({"hello": head})
        async for message in socket:  # the page says nothing; reading notices its close
            if message.type == WSMsgType.ERROR:
                break
    finally:
        watcher.cancel()
        hub.unsubscribe(page)
        pages.discard(page)
    return socket


async def _watch_session(web_: Web, page: LivePage) -> None:
    while not page.socket.closed:
        await asyncio.sleep(CHECK_SESSION_S)
        try:
            reason = await web_.visits.still(page.visit)
        except Exception:  # the database is busy or closing: look again next time
            log.debug("could not check a live page's session", exc_info=True)
            continue
        if reason:
            await page.send({"ended": reason})
            await page.socket.close()
            return


async def _close_pages(app: web.Application) -> None:
    pages: set[LivePage] = app[PAGES_KEY]
    for page in list(pages):
        await page.socket.close(code=1001, message=b"server stopping")


def mount(app: web.Application) -> None:
    app[PAGES_KEY] = set[LivePage]()
    app.on_shutdown.append(_close_pages)
    app.router.add_get("/api/live", live)
