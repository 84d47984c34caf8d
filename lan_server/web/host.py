"""What the web port needs of the running server and of each company on it, typed here so that the web does not
import the server that starts it (lan_server/app.py's Server and Office are these), nor the sessions the
listener that starts them (listener.py's Web)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Protocol

from lan_server.auth import RateLimiter, Users
from lan_server.hub import Hub
from lan_server.sessions import Doorway
from lan_server.web.reader import Reader


class Office(Protocol):
    """One company on the running server."""

    key: str
    data_dir: Path
    database: str | None
    config: dict[str, Any]
    hub: Hub
    users: Users


class Server(Protocol):
    """The running server: its companies, its login limiter and its doorway."""

    data_dir: Path
    limiter: RateLimiter
    doorway: Doorway

    @property
    def offices(self) -> Mapping[str, Office]: ...

    def listing(self, found: Any = None) -> list[dict[str, str]]: ...

    async def choose(self, wanted: str) -> tuple[Hub, dict[str, Any]]: ...


class Web(Protocol):
    """What the browsers' sessions need of the web port (lan_server/web/listener.py's Web)."""

    @property
    def server(self) -> Server: ...

    def reader(self, office: Office) -> Reader: ...
