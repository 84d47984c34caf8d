"""The office server (sync port and web port, hubs, database threads and all) in a thread of the test process, on
127.0.0.1, so a test can look into its store as phones talk to it; stopped by the test."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path
from typing import Any

from lan_server import app, certs
from lan_server.auth import Users
from lan_server.records import Store
from tests import servers


class DavServer:
    def __init__(self, data_dir: Path) -> None:
        if not (data_dir / app.CONFIG_FILE).exists():
            shutil.copytree(servers._template(), data_dir, dirs_exist_ok=True)
        self.data_dir = data_dir
        self.url = ""
        self.fingerprint = certs.fingerprint_of_file(data_dir / certs.CERT_FILE)
        self.server: Any = None
        self.site: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    def add_user(self, name: str, password: str, role: str = "manager", **kw: Any) -> None:
        """Straight into the database, as `python -m lan_server user add` does (before start)."""
        store = Store.open(self.data_dir / app.DB_FILE, search=False)
        try:
            Users(store).add(name, password, role, **kw)
        finally:
            store.close()

    def start(self) -> DavServer:
        self._thread = threading.Thread(target=self._run, name="dav-test-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(30) or self._error is not None:
            raise RuntimeError(f"the DAV test server did not start: {self._error}")
        return self

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        try:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            self.server = app.Server(self.data_dir)
            await self.server.start("127.0.0.1", 0, discovery=False, web_port=0)
            self.url = self.server.web.url.rstrip("/")
        except BaseException as e:
            self._error = e
            self._ready.set()
            raise
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await self.server.stop()

    def call(self, fn: Any, *args: Any, company: str = "") -> Any:
        """Run `fn(*args)` on the company's database thread and return its result."""
        hub = self.server.offices[company].hub
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(hub.call(fn, *args), self._loop).result(30)

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(30)
