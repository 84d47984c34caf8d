"""The web port of a real server: its start line, the office's certificate, its files and no others, and the
limits that cut off oversized bodies and slow clients."""

from __future__ import annotations

import gzip
import socket
import ssl
import time
from pathlib import Path

import pytest

from lan_server.protocol.pinning import fingerprint
from lan_server.web import guard, listener
from tests.lan_server.web.helpers import Visitor, run, trusting
from tests.servers import ServerProcess, server_in_thread


def test_serve_prints_the_web_address_and_answers_with_the_offices_certificate(office_server: ServerProcess) -> None:
    assert office_server.web_url.startswith("https://127.0.0.1:"), office_server.web_url
    host, port = "127.0.0.1", int(office_server.web_url.rstrip("/").rsplit(":", 1)[1])
    assert port not in (0, office_server.port)
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # read what it presents, then compare
    with socket.create_connection((host, port), 5) as raw, context.wrap_socket(raw) as tls:
        der = tls.getpeercert(binary_form=True)
    assert der is not None and fingerprint(der) == office_server.fingerprint

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            status, page, r = await v.call("GET", "/", headers={"Accept-Encoding": "gzip"})
            assert status == 200 and b"/static/app.js" in page
            assert "default-src 'self'" in r.headers["Content-Security-Policy"]
            assert r.headers["X-Frame-Options"] == "DENY" and r.headers["X-Content-Type-Options"] == "nosniff"
            for name in ("/static/app.js", "/static/app.css", "/sw.js", "/manifest.webmanifest",
                         "/static/words-ru.json"):
                status, _, _ = await v.call("GET", name)
                assert status == 200, name
            status, cert, _ = await v.call("GET", "/office.crt")  # for a phone to install and trust
            assert status == 200 and cert == (office_server.data_dir / "server.crt").read_bytes()
    run(visit())


@pytest.mark.parametrize("path", [
    "/static/../server.key", "/static/..%2fserver.key", "/static/%2e%2e%2fserver.key", "/static/..%5cserver.key",
    "/static/%2e%2e/%2e%2e/server.json", "//server.key", "/server.key", "/static/", "/static/app.js/../../server.key",
    "/static/.%2e/organizer.db", "/../../../../etc/passwd",
])
def test_no_path_outside_the_static_files_is_served(path: str, tmp_path: Path) -> None:
    secret = b"-----BEGIN PRIVATE KEY-----"
    with server_in_thread(tmp_path / "server") as (runner, _):
        base = runner.web_url
        sock = socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1].rstrip("/"))), 5)
        with trusting(tmp_path / "server").wrap_socket(sock, server_hostname="127.0.0.1") as tls:
            tls.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := tls.recv(65536):
                answer += chunk
        head = answer.split(b"\r\n", 1)[0]
        assert secret not in answer and b"server_id" not in answer and b"root:" not in answer, answer[:300]
        assert head.split()[1] in (b"400", b"404"), head


def test_an_oversized_body_is_refused_unread(office_server: ServerProcess) -> None:
    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            status, body, _ = await v.call("POST", "/api/login", raw=b"{" + b" " * (listener.MAX_BODY + 10) + b"}")
            assert status == 413
            assert await v.login() == 200  # the server is fine after it
    run(visit())


def test_slow_clients_are_cut_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A connection that never finishes its request head, and one that trickles its body, are closed by the
    server within the limits (shortened here), as the sync port does; a prompt visitor still gets in."""
    monkeypatch.setattr(listener, "HEAD_DEADLINE_S", 0.5)
    monkeypatch.setattr(guard, "REQUEST_DEADLINE_S", 1.0)
    with server_in_thread(tmp_path / "server") as (runner, _):
        base = runner.web_url
        port = int(base.rstrip("/").rsplit(":", 1)[1])
        context = trusting(tmp_path / "server")

        def closed_within(request: bytes, seconds: float) -> float:
            start = time.monotonic()
            with context.wrap_socket(socket.create_connection(("127.0.0.1", port), 5),
                                     server_hostname="127.0.0.1") as tls:
                tls.settimeout(seconds)
                tls.sendall(request)
                data = b""
                try:
                    while chunk := tls.recv(4096):
                        data += chunk
                except (ConnectionError, ssl.SSLError):
                    pass
            return time.monotonic() - start

        half_head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        assert closed_within(half_head, 10) < 5
        trickle = (b"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Organizer: 1\r\n"
                   b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        assert closed_within(trickle, 10) < 5

        async def prompt() -> None:
            async with Visitor(base, tmp_path / "server") as v:
                assert (await v.call("GET", "/"))[0] == 200
        run(prompt())


def test_the_page_weighs_under_200_kb_compressed(office_server: ServerProcess) -> None:
    """Everything a first visit loads (the page, its script, style, words, icon, manifest), gzipped as served."""
    async def visit() -> int:
        total = 0
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            for name in ("/", "/static/app.js", "/static/app.css", "/static/words-ru.json", "/icon.svg",
                         "/manifest.webmanifest", "/sw.js"):
                async with v.http.get(v.base + name, ssl=v.ssl, headers={"Accept-Encoding": "gzip"},
                                      auto_decompress=False) as r:
                    assert r.status == 200
                    body = await r.read()
                    if r.headers.get("Content-Encoding") == "gzip":
                        assert gzip.decompress(body)
                    total += len(body)
        return total
    total = run(visit())
    assert total < 200 * 1024, total


def test_a_taken_web_port_leaves_the_sync_port_working(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = ServerProcess(tmp_path / "server", extra=["--web-port", str(port)])
        try:
            server.start()
            assert server.address and not server.web_url
        finally:
            server.kill()
