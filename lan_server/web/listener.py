"""The web port's application: aiohttp in the server's own event loop, its connection limits, and the door other
parts (CardDAV/CalDAV) mount their routes through. Loaded when the first browser comes (lan_server/web/door.py,
which listens and holds the TLS)."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import logging
from typing import TYPE_CHECKING, Any, Callable

from aiohttp import web

from lan_server.auth import User
from lan_server.logins import check_password
from lan_server.web import guard
from lan_server.web.reader import Reader
from lan_server.web.visits import Visits

if TYPE_CHECKING:
    from lan_server.web.host import Office, Server

log = logging.getLogger(__name__)
MAX_BODY = 2 * 1024 * 1024   # a request body past this is answered 413 and not read (a photo is ~60 KB)
HEAD_DEADLINE_S = 10.0       # from connecting to a whole first request head: a slow client is cut off then
KEEPALIVE_S = 15.0           # an idle kept-alive connection is closed after this
# Parts that add routes to the web port: each module has `mount(app: web.Application, web: Web) -> None`.
EXTENSIONS = ("lan_server.web.pages", "lan_server.web.dav")
WEB_KEY = web.AppKey("web", object)  # the Web of an application: request.app[WEB_KEY]


class Web:
    """What the web port's routes work with: the server's companies, the browsers' sessions, a reader per
    company (reads off the hub's thread), and the password check every door shares (lan_server/logins.py)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.visits = Visits(self)
        self._readers: dict[str, Reader] = {}

    async def office(self, wanted: str = "") -> Office:
        """The company `wanted` names ("" for the first), opened if it was added while the server runs;
        LookupError when there is none such."""
        _, info = await self.server.choose(wanted)
        return self.server.offices[str(info["company"])]

    def reader(self, office: Office) -> Reader:
        found = self._readers.get(office.key)
        if found is None:
            key = office.key  # the office's hub of the moment: a restore opens the company with a new one
            found = self._readers[key] = Reader(office.data_dir, office.database,
                                                index_now=lambda: self.server.offices[key].hub.idle_index.index_now())
        return found

    async def password_login(self, office: Office, request: web.BaseRequest, name: str, password: str,
                             device: str) -> User:
        """The user when the password is theirs, under the same limiter and lockout as a PC's login; else
        lan_server.logins.LoginRefused. `device` names the browser or phone (its lockout exemption)."""
        return await check_password(office.hub, self.server.limiter, address=request.remote or "?", name=name,
                                    password=password, device=device, company=office.key)

    def close(self) -> None:
        for reader in self._readers.values():
            reader.close()
        self._readers.clear()


def web_of(request: web.Request) -> Web:
    found = request.app[WEB_KEY]
    assert isinstance(found, Web)
    return found


def build_app(web_: Web, mounts: list[Callable[[web.Application, Web], None]] | None = None) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY, middlewares=[guard.deadline, guard.csrf])
    app[WEB_KEY] = web_
    app.on_response_prepare.append(guard.add_headers)
    for name in EXTENSIONS:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).mount(app, web_)
    for extra in mounts or []:
        extra(app, web_)
    return app


class WebListener:
    """The web's request handlers: `prepare` once, then `connection` makes the handler of each connection the web
    port's door (door.WebDoor) accepts; `stop` ends them."""

    def __init__(self, server: Server, mounts: list[Callable[[web.Application, Web], None]] | None = None) -> None:
        self.web = Web(server)
        self.app = build_app(self.web, mounts)
        self._runner: web.AppRunner | None = None
        # Connections (by id: each is held by its own timer until then) whose first request head came whole.
        self._started: set[int] = set()

    async def prepare(self) -> None:
        @web.middleware
        async def note_head(request: web.Request, handler: guard.Handler) -> web.StreamResponse:
            self._started.add(id(request.protocol))
            return await handler(request)
        self.app.middlewares.insert(0, note_head)
        self._runner = web.AppRunner(self.app, access_log=None, keepalive_timeout=KEEPALIVE_S,
                                     handler_cancellation=True, lingering_time=1.0)
        await self._runner.setup()

    def connection(self) -> Any:
        """The handler of one new connection; one that sends no whole request head within the deadline is cut."""
        assert self._runner is not None and self._runner.server is not None, "prepare() first"
        handler = self._runner.server()
        asyncio.get_running_loop().call_later(HEAD_DEADLINE_S, self._cut_if_silent, handler)
        return handler

    def _cut_if_silent(self, handler: Any) -> None:
        if id(handler) in self._started:
            self._started.discard(id(handler))
        elif handler.transport is not None:
            self.web.server.doorway.refusals.note(f"web: no whole request within {HEAD_DEADLINE_S:.0f} s")
            handler.transport.abort()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()  # the live pages' sockets are told and closed (pages.py on_shutdown)
        await asyncio.get_running_loop().run_in_executor(None, self.web.close)
