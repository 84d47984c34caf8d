"""A plain HTTPS client of the web port for tests: the office's certificate trusted, cookies kept, JSON in and out
(the browser tests drive Chromium; these speak to the server directly to try what a browser would not send)."""

from __future__ import annotations

import asyncio
import json
import ssl
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aiohttp
from yarl import URL

from tests.servers import ADMIN, ADMIN_PASSWORD


def trusting(data_dir: Path) -> ssl.SSLContext:
    """TLS that trusts exactly this office's certificate (and checks that it names 127.0.0.1)."""
    return ssl.create_default_context(cafile=str(data_dir / "server.crt"))


class Visitor:
    """One browser-like visitor: its cookies, and the CSRF token its session gave it."""

    def __init__(self, base: str, data_dir: Path) -> None:
        self.base = base.rstrip("/")
        self.ssl = trusting(data_dir)
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # keeps cookies of an IP
        self.csrf = ""

    async def __aenter__(self) -> Visitor:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.http.close()

    async def call(self, method: str, path: str, body: Any = None, *, headers: dict[str, str] | None = None,
                   raw: bytes | None = None) -> tuple[int, Any, aiohttp.ClientResponse]:
        head = {"X-CSRF-Token": self.csrf} if self.csrf and method != "GET" else {}
        if not self.csrf and method != "GET":
            head["X-Organizer"] = "1"
        head.update(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if data is not None:
            head.setdefault("Content-Type", "application/json")
        async with self.http.request(method, self.base + path, data=data, headers=head, ssl=self.ssl) as r:
            text = await r.read()
            try:
                found = json.loads(text)
            except ValueError:
                found = text
            return r.status, found, r

    async def http_post_plain(self, path: str, data: bytes, headers: dict[str, str]) -> tuple[int, Any, Any]:
        """A POST as a plain HTML form on any site would send it: no header of the page's own."""
        async with self.http.post(self.base + path, data=data, headers=headers, ssl=self.ssl) as r:
            return r.status, await r.read(), r

    async def login(self, user: str = ADMIN, password: str = ADMIN_PASSWORD, company: str = "") -> int:
        status, body, _ = await self.call("POST", "/api/login", {"user": user, "password": password,
                                                                  "company": company})
        if status == 200:
            self.csrf = body["csrf"]
        return status

    def cookie(self, name: str) -> str:
        found = self.http.cookie_jar.filter_cookies(URL(self.base + "/"))
        return found[name].value if name in found else ""

    def live(self) -> Any:
        return self.http.ws_connect(self.base + "/api/live", ssl=self.ssl)


def run(coro: Any) -> Any:
    """Run a visit to its end on a thread of its own (a browser test's Playwright holds this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coro, 60)).result()


def off_loop(fn: Any, *args: Any, **kw: Any) -> Any:
    """Call `fn` on a thread of its own (it may run an event loop; a browser test's Playwright holds this one's)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args, **kw).result()
