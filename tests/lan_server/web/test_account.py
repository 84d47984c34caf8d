"""Logging in from a browser: the cookies' flags, the same limiter as a PC's login, and a login only the page's
own script can make (no form on another site can post one)."""

from __future__ import annotations

from pathlib import Path

from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess, client


def test_login_sets_a_secure_http_only_same_site_session(office_server: ServerProcess) -> None:
    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            status, body, r = await v.call("POST", "/api/login", {"user": "admin", "password": "admin-pass-1"})
            assert status == 200 and body["user"] == "admin" and body["role"] == "admin" and len(body["csrf"]) == 32
            cookies = r.headers.getall("Set-Cookie")
            session = next(c for c in cookies if c.startswith("__Host-organizer="))
            for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/"):
                assert flag in session, session
            assert "Domain" not in session
            v.csrf = body["csrf"]
            status, again, _ = await v.call("GET", "/api/session")
            assert status == 200 and again["user"] == "admin" and again["csrf"] == body["csrf"]
            assert (await v.call("POST", "/api/logout", {}))[0] == 200
            status, gone, _ = await v.call("GET", "/api/session")
            assert status == 401 and gone["error"] == "login"
    run(visit())


def test_a_login_flood_meets_the_same_limiter_as_the_pcs(office_server: ServerProcess, tmp_path: Path) -> None:
    """Five wrong passwords from one address, then even the right one waits; a PC logging in from the same
    address is held back by the same count."""
    async def flood() -> list[int]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            found = [await v.login(password=f"wrong-{i}-pass") for i in range(5)]
            status, body, _ = await v.call("POST", "/api/login", {"user": "admin", "password": "admin-pass-1"})
            assert status == 429 and body["error"] == "rate_limited" and 1 <= body["wait"] <= 61, body
            return found
    assert run(flood()) == [401] * 5
    r = client(tmp_path / "pc", "login", office_server.address, "--user", "admin", "--password", "admin-pass-1")
    assert r.returncode != 0 and "too many" in (r.stderr + r.stdout).lower(), r.stderr


def test_a_login_without_the_pages_header_or_from_another_site_is_refused(office_server: ServerProcess) -> None:
    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            status, _, _ = await v.http_post_plain("/api/login", b"user=admin&password=admin-pass-1", form)
            assert status == 403
            status, _, _ = await v.call("POST", "/api/login", {"user": "admin", "password": "admin-pass-1"},
                                        headers={"Origin": "https://evil.example"})
            assert status == 403
            assert not v.cookie("__Host-organizer")
    run(visit())
