"""A browser's session: what a guessed id gets, the CSRF token on every change, and the end of a session when the
user is disabled, their password or role changes, or they stay idle."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from pathlib import Path

import pytest

from lan_server.web import visits
from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess, server_in_thread


def test_a_guessed_session_id_gets_nothing(office_server: ServerProcess) -> None:
    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            real = v.cookie("__Host-organizer")
            key, _, token = real.partition(".")
        for guess in [f".{secrets.token_urlsafe(32)}", f"{key}.{token[:-2]}xx", "", ".", "x" * 5000,
                      f"other-company.{token}", f"{key}.{token}.", f"../{token}"]:
            async with Visitor(office_server.web_url, office_server.data_dir) as other:
                other.http.cookie_jar.update_cookies({"__Host-organizer": guess})
                for path in ("/api/session", "/api/search?q=a"):
                    status, body, _ = await other.call("GET", path)
                    assert status in (401, 404), (guess, path, status)
                    assert "csrf" not in json.dumps(body) if not isinstance(body, bytes) else True
    run(visit())


def test_a_change_needs_the_sessions_csrf_token(office_server: ServerProcess) -> None:
    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            good = v.csrf
            v.csrf = "0" * 32
            assert (await v.call("POST", "/api/logout", {}))[0] == 403
            v.csrf = ""
            status, _, _ = await v.call("POST", "/api/logout", {}, headers={"X-Organizer": "1"})
            assert status == 403  # the login's header is no token for a session's change
            v.csrf = good
            assert (await v.call("POST", "/api/logout", {}, headers={"Origin": "https://evil.example"}))[0] == 403
            assert (await v.call("GET", "/api/session"))[0] == 200  # none of those logged it out
            assert (await v.call("POST", "/api/logout", {}))[0] == 200
    run(visit())


@pytest.mark.parametrize("change,reason", [
    (("user", "disable", "{data}", "olga"), "ended"),
    (("user", "passwd", "{data}", "olga", "--password", "new-pass-42"), "ended"),
    (("user", "role", "{data}", "olga", "--role", "viewer"), "role"),
])
def test_an_open_page_ends_at_once_when_the_user_changes(office_server: ServerProcess, change: tuple[str, ...],
                                                          reason: str) -> None:
    office_server.add_user("olga", "olga-pass-1")

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login("olga", "olga-pass-1") == 200
            async with v.live() as ws:
                hello = json.loads((await ws.receive(timeout=10)).data)
                assert "hello" in hello
                r = await asyncio.to_thread(office_server.manage,
                                            *[a.format(data=office_server.data_dir) for a in change])
                assert r.returncode == 0, r.stderr
                start = time.monotonic()
                while True:
                    message = await ws.receive(timeout=5)
                    found = json.loads(message.data)
                    if "ended" in found:
                        break
                assert found["ended"] == reason and time.monotonic() - start < 3
            status, body, _ = await v.call("GET", "/api/session")
            assert status == 401
    run(visit())


def test_an_idle_session_ends_by_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(visits, "IDLE_S", 1.0)
    with server_in_thread(tmp_path / "server") as (runner, password):
        async def visit() -> None:
            async with Visitor(runner.web_url, tmp_path / "server") as v:
                assert await v.login("admin", password) == 200
                assert (await v.call("GET", "/api/session"))[0] == 200
                await asyncio.sleep(1.5)
                status, body, _ = await v.call("GET", "/api/session")
                assert status == 401 and body["reason"] == "idle"
                assert (await v.call("GET", "/api/session"))[1]["reason"] in ("ended", "none")
        run(visit())


def test_a_value_typed_in_a_browser_keeps_its_spaces_as_a_pcs_does(office_server: ServerProcess) -> None:
    """The one rule for a one-line value (lan_server/records/store/text.one_line): the ends trimmed, a tab or line
    break one space, the spaces typed between words kept, as the window, a command and an import store it."""
    async def visit() -> str:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            status, body, _ = await v.call("POST", "/api/records", {"kind": "organization", "values": {
                "name": "  ООО   «Ромашка»\t", "city": "Тверь\nцентр"}})
            assert status == 200, body
            status, card, _ = await v.call("GET", f"/api/record/{body['id']}")
            assert status == 200, card
            return json.dumps(card, ensure_ascii=False)
    shown = run(visit())
    assert '"ООО   «Ромашка»"' in shown and '"Тверь центр"' in shown
