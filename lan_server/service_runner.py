"""The office server run until told to stop, from any thread: what the Windows service and the service
command both run."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from lan_server import app

SERVICE_NAME = "LanOrganizerServer"
DEFAULT_PORT = 7755
DEFAULT_WEB_PORT = 7756


LOG_FILE = "server.log"


def log_to_file(data_dir: Path) -> Path:
    """The server's log goes to LOG_FILE in its data folder, 2 MB at most and three before it (a service has no
    console to write to); returns the file."""
    import logging.handlers
    path = data_dir / LOG_FILE
    data_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def service_data_dir() -> Path:
    """Where the office service keeps its data: the machine's shared data folder (C:\\ProgramData on Windows)."""
    import platformdirs
    return Path(platformdirs.site_data_dir("lan-organizer", appauthor=False)) / "server"


class ServiceRunner:
    """`run()` serves until `stop()` is called from any thread; the stop closes the database and waits for
    a backup under way (the server's own stop), so the service never leaves a half-written file."""

    def __init__(self, data_dir: Path, *, host: str | None = None, port: int = DEFAULT_PORT,
                 discovery: bool = True, discovery_interface: str | None = None,
                 web_port: int | None = DEFAULT_WEB_PORT) -> None:
        self.data_dir, self.host, self.port, self.web_port = data_dir, host, port, web_port
        self.discovery, self.discovery_interface = discovery, discovery_interface
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self.address: str | None = None    # host:port once it listens
        self.web_url = ""                   # https://host:port/ of its web port, once that listens
        self.listening = threading.Event()
        self._ready = threading.Event()
        self._done = threading.Event()

    def run(self) -> None:
        try:
            asyncio.run(self._main())
        finally:
            self._ready.set()
            self.listening.set()  # whoever waits for it learns that it will not listen
            self._done.set()

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        self._ready.set()
        await app.serve_async(self.data_dir, self.host, self.port, discovery=self.discovery,
                              discovery_interface=self.discovery_interface, stop=self._stop,
                              on_listening=self._listening, web_port=self.web_port,
                              on_web=lambda url: setattr(self, "web_url", url))

    def _listening(self, host: str, port: int) -> None:
        self.address = f"{host}:{port}"
        self.listening.set()

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask the server to stop and wait for it; False if it did not stop within `timeout` seconds."""
        self._ready.wait(timeout)
        if self._loop is not None and self._stop is not None and not self._done.is_set():
            self._loop.call_soon_threadsafe(self._stop.set)
        return self._done.wait(timeout)
