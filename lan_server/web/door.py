"""The web port's door: it listens from the server's start, and the web itself (aiohttp, the pages, CardDAV) is
loaded when the first browser or phone connects. An office that never opens a browser does not hold it (about
13 MiB resident), and a server under a flood of PCs' connections has that much more room (issue: memory)."""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import TYPE_CHECKING, Any, Callable

from lan_server import certs

if TYPE_CHECKING:
    from lan_server.web.host import Server

log = logging.getLogger(__name__)
TLS_HANDSHAKE_S = 10.0


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


class _Waiting(asyncio.Protocol):
    """A connection that came while the web was loading: what it sends is kept, and it goes to the web's own
    handler once both are there (its TLS may finish before or after the web has loaded)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.received: list[bytes] = []
        self.ended = False
        self._handler: Callable[[], asyncio.Protocol] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        if self._handler is not None:
            self._hand()

    def data_received(self, data: bytes) -> None:
        self.received.append(data)

    def eof_received(self) -> None:
        self.ended = True

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None

    def hand_to(self, handler: Callable[[], asyncio.Protocol]) -> None:
        """From now on `handler()` serves this connection (when its TLS is done, if it is not yet)."""
        self._handler = handler
        if self.transport is not None:
            self._hand()

    def _hand(self) -> None:
        assert self.transport is not None and self._handler is not None
        if self.transport.is_closing():
            return
        protocol = self._handler()
        self.transport.set_protocol(protocol)
        protocol.connection_made(self.transport)
        for data in self.received:
            protocol.data_received(data)
        if self.ended:
            protocol.eof_received()


class WebDoor:
    """Serves the web port until stopped; `start` returns the address it listens on, `listener` is the loaded web
    (lan_server/web/listener.py's WebListener) once a browser came."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.listener: Any = None
        self.address: tuple[str, int] = ("", 0)
        self._tcp: asyncio.base_events.Server | None = None
        self._loading: asyncio.Task[None] | None = None
        self._waiting: list[_Waiting] = []

    async def start(self, host: str | None, port: int) -> tuple[str, int]:
        loop = asyncio.get_running_loop()
        self._tcp = await loop.create_server(self._connection, host=host or None, port=port,
                                             ssl=certs.server_context(self.server.data_dir),
                                             ssl_handshake_timeout=TLS_HANDSHAKE_S, reuse_address=True, backlog=256)
        self.address = (shown_host(host), int(self._tcp.sockets[0].getsockname()[1]))
        return self.address

    @property
    def url(self) -> str:
        host, port = self.address
        return f"https://{'[' + host + ']' if ':' in host else host}:{port}/"

    def _connection(self) -> asyncio.Protocol:
        if self.listener is not None:
            return self.listener.connection()  # type: ignore[no-any-return]
        waiting = _Waiting()
        self._waiting.append(waiting)
        if self._loading is None:
            self._loading = asyncio.get_running_loop().create_task(self._load())
        return waiting

    async def load(self) -> Any:
        """The web, loaded now if no browser has come yet; RuntimeError when it cannot load."""
        if self.listener is None:
            if self._loading is None:
                self._loading = asyncio.get_running_loop().create_task(self._load())
            await asyncio.shield(self._loading)
        if self.listener is None:
            raise RuntimeError("the web port could not load (see the log)")
        return self.listener

    async def _load(self) -> None:
        try:
            # aiohttp and the pages take a moment to import: off the loop, so the PCs' sync goes on meanwhile
            await asyncio.get_running_loop().run_in_executor(None, _import_web)
            from lan_server.web.listener import WebListener
            listener = WebListener(self.server)
            await listener.prepare()
        except Exception:
            log.exception("the web port could not load; browsers are turned away")
            for waiting in self._waiting:
                if waiting.transport is not None:
                    waiting.transport.abort()
            self._waiting.clear()
            self._loading = None  # the next browser tries again
            return
        self.listener = listener
        came, self._waiting = self._waiting, []
        for one in came:
            one.hand_to(listener.connection)

    async def stop(self) -> None:
        if self._tcp is not None:
            self._tcp.close()
        if self._loading is not None and not self._loading.done():
            self._loading.cancel()
        for waiting in self._waiting:
            if waiting.transport is not None:
                waiting.transport.abort()
        if self.listener is not None:
            await self.listener.stop()
        if self._tcp is not None:
            try:
                await asyncio.wait_for(self._tcp.wait_closed(), 5)
            except (asyncio.TimeoutError, Exception):
                pass


def _import_web() -> None:
    import importlib
    import importlib.util

    from lan_server.web import listener  # aiohttp
    for name in listener.EXTENSIONS:  # the pages and CardDAV, which it mounts
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
