"""The web port: an aiohttp application over the office's TLS certificate in the server's own event loop, its
connection limits, and the door other parts (CardDAV/CalDAV) mount their routes through."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import logging
import socket
from typing import TYPE_CHECKING, Any, Callable

from aiohttp import web

from lan_server import certs
from lan_server.auth import User
from lan_server.logins import check_password
from lan_server.web import guard
from lan_server.web.reader import Reader
from lan_server.web.visits import Visits

if TYPE_CHECKING:
    from lan_server.web.host import Office, Server

log = logging.getLogger(__name__)
DEFAULT_WEB_PORT = 7756
MAX_BODY = 2 * 1024 * 1024   # a request body past this is answered 413 and not read (a photo is ~60 KB)
HEAD_DEADLINE_S = 10.0       # from connecting to a whole first request head: a slow client is cut off then
TLS_HANDSHAKE_S = 10.0
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
            found = self._readers[office.key] = Reader(office.data_dir, office.database)
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


def shown_host(host: str | None) -> str:
    """The address a phone on the office network would type: the given one, else this PC's first LAN address
    (read from its interfaces, nothing is sent), else its name."""
    if host and host not in ("0.0.0.0", "::"):
        return host
    try:
        import ifaddr
        for adapter in ifaddr.get_adapters():
            for ip in adapter.ips:
                if isinstance(ip.ip, str) and not ip.ip.startswith(("127.", "169.254.")):
                    return ip.ip
    except Exception:  # no interface list on this system: the name still works where names resolve
        pass
    return socket.gethostname() or "localhost"


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
    """Serves the web port until stopped; `start` returns the address it listens on."""

    def __init__(self, server: Server, mounts: list[Callable[[web.Application, Web], None]] | None = None) -> None:
        self.web = Web(server)
        self.app = build_app(self.web, mounts)
        self._runner: web.AppRunner | None = None
        self._tcp: asyncio.base_events.Server | None = None
        # Connections (by id: each is held by its own timer until then) whose first request head came whole.
        self._started: set[int] = set()
        self.address: tuple[str, int] = ("", 0)

    async def start(self, host: str | None, port: int) -> tuple[str, int]:
        @web.middleware
        async def note_head(request: web.Request, handler: guard.Handler) -> web.StreamResponse:
            self._started.add(id(request.protocol))
            return await handler(request)
        self.app.middlewares.insert(0, note_head)
        self._runner = web.AppRunner(self.app, access_log=None, keepalive_timeout=KEEPALIVE_S,
                                     handler_cancellation=True, lingering_time=1.0)
        await self._runner.setup()
        loop = asyncio.get_running_loop()
        factory = self._runner.server
        assert factory is not None

        def connection() -> Any:
            handler = factory()
            loop.call_later(HEAD_DEADLINE_S, self._cut_if_silent, handler)
            return handler
        try:
            self._tcp = await loop.create_server(connection, host=host or None, port=port,
                                                 ssl=certs.server_context(self.web.server.data_dir),
                                                 ssl_handshake_timeout=TLS_HANDSHAKE_S, reuse_address=True,
                                                 backlog=256)
        except BaseException:
            await self._runner.cleanup()
            raise
        self.address = (shown_host(host), int(self._tcp.sockets[0].getsockname()[1]))
        return self.address

    def _cut_if_silent(self, handler: Any) -> None:
        if id(handler) in self._started:
            self._started.discard(id(handler))
        elif handler.transport is not None:
            self.web.server.doorway.refusals.note(f"web: no whole request within {HEAD_DEADLINE_S:.0f} s")
            handler.transport.abort()

    @property
    def url(self) -> str:
        host, port = self.address
        return f"https://{'[' + host + ']' if ':' in host else host}:{port}/"

    async def stop(self) -> None:
        if self._tcp is not None:
            self._tcp.close()
        if self._runner is not None:
            await self._runner.cleanup()  # the live pages' sockets are told and closed (pages.py on_shutdown)
        if self._tcp is not None:
            try:
                await asyncio.wait_for(self._tcp.wait_closed(), 5)
            except (asyncio.TimeoutError, Exception):
                pass
        await asyncio.get_running_loop().run_in_executor(None, self.web.close)
