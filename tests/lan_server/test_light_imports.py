"""The shared core and the server must stay light: importing the core loads no Qt, and a running server holds
only what it uses (a connection flood is bounded by memory: every MiB of its baseline counts)."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lan_server.auth import CHEAP_HASHES
from tests.servers import ServerProcess, env


def test_shared_core_loads_no_qt() -> None:
    code = ("import sys, lan_server.protocol, lan_server.records; "
            "bad = [m for m in sys.modules if m.startswith(('PyQt6', 'client'))]; print(bad); assert not bad")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def test_client_core_loads_no_qt() -> None:
    code = ("import sys, client.core.sync, client.cli.records, client.core.replica; "
            "bad = [m for m in sys.modules if m.startswith('PyQt6')]; assert not bad, bad")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_server_on_sqlite_holds_neither_postgresqls_driver_nor_cryptography(tmp_path: Path) -> None:
    """psycopg2 (5 MiB, which peewee loads itself) comes only with a PostgreSQL database; cryptography (7 MiB)
    only to make a certificate or seal a first copy's cursor. Read from the running process's own mappings."""
    server = ServerProcess(tmp_path / "server").start()
    try:
        assert server.proc is not None
        mapped = Path(f"/proc/{server.proc.pid}/maps").read_text()
    finally:
        server.stop()
    assert "psycopg2" not in mapped and "/cryptography/" not in mapped, sorted(
        {line.split()[-1] for line in mapped.splitlines() if "psycopg2" in line or "/cryptography/" in line})
    assert server.fingerprint.startswith("SHA256:") and len(server.fingerprint) == 7 + 64


def test_importing_the_password_module_hashes_nothing() -> None:
    """With an office's argon2 (64 MiB a hash), importing lan_server.auth made the missing user's stand-in hash at
    once: every server, command and service start paid 64 MiB and 0.1 s. Now it is made at the first such login,
    and it still costs what a real check does."""
    code = ("import time, lan_server.auth as a; "
            "s = dict(l.split(':', 1) for l in open('/proc/self/status')); "
            "print(int(s['VmHWM'].split()[0]) - int(s['VmRSS'].split()[0])); "
            "t = time.perf_counter(); assert not a.verify_password(None, 'x'); print(time.perf_counter() - t)")
    office = {k: v for k, v in env().items() if k != CHEAP_HASHES}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=office)
    assert r.returncode == 0, r.stdout + r.stderr
    above_now_kib, missing_user_s = r.stdout.split()
    assert int(above_now_kib) < 32 * 1024, "a 64 MiB hash was made at import"
    assert float(missing_user_s) > 0.02, "a missing user's check is as slow as a real one"


def test_peewee_gets_postgresqls_driver_as_its_own_import_gives_it() -> None:
    """peewee is loaded without psycopg2 (lan_server.records.store.drivers) and given it when PostgreSQL is opened:
    what peewee then holds must be what its own import would have set, down to its adapter's transaction states."""
    pytest.importorskip("psycopg2")
    seen = ("import peewee as p; a = p.Psycopg2Adapter; print(p.psycopg2.__name__, p.pg_extensions.__name__, "
            "p.pg_register_uuid.__name__, p.Json_pg2.__qualname__, a.txn_idle, a.txn_inerror, a.txn_unknown)")
    own = subprocess.run([sys.executable, "-c", seen], capture_output=True, text=True, timeout=60)
    ours = subprocess.run([sys.executable, "-c", (
        "import sys, lan_server.records; assert 'psycopg2' not in sys.modules, 'loaded with peewee'; "
        "from lan_server.records.store.drivers import postgresql_driver; postgresql_driver(); postgresql_driver(); "
        + seen)], capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    assert own.returncode == 0 and ours.returncode == 0, own.stderr + ours.stderr
    assert ours.stdout == own.stdout and own.stdout.split()[0] == "psycopg2", (own.stdout, ours.stdout)


def test_the_web_is_loaded_when_the_first_browser_comes_and_those_arriving_meanwhile_are_answered(
        tmp_path: Path) -> None:
    """The web port listens from the start, but aiohttp and the pages (13 MiB) are loaded by the first browser or
    phone: several knocking at once, their requests sent before the web is there, are each answered."""
    server = ServerProcess(tmp_path / "server").start()
    try:
        assert server.proc is not None
        maps = Path(f"/proc/{server.proc.pid}/maps")
        assert "/aiohttp/" not in maps.read_text()
        port = int(server.web_url.rstrip("/").rsplit(":", 1)[1])
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE

        def visit(path: str) -> bytes:
            with context.wrap_socket(socket.create_connection(("127.0.0.1", port), 10)) as tls:
                tls.settimeout(30)
                tls.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                answer = b""
                while chunk := tls.recv(65536):
                    answer += chunk
                return answer.split(b"\r\n", 1)[0]

        with ThreadPoolExecutor(4) as pool:
            heads = list(pool.map(visit, ["/", "/api/session", "/", "/no-such-page"]))
        assert [h.split()[1] for h in heads] == [b"200", b"401", b"200", b"404"], heads
        assert "/aiohttp/" in maps.read_text()
        assert visit("/") == heads[0]  # and straight to the web from then on
    finally:
        server.stop()


def test_a_command_loads_what_it_needs_only(tmp_path: Path) -> None:
    """Every command's start builds the parser of them all, and an import of a spreadsheet made no connection, no
    document and no comment: the sync (asyncio, TLS), the print forms (PDF), the colleagues' talk and the reminders
    stay unloaded, so its start pays for none of them."""
    sheet = tmp_path / "clients.csv"
    sheet.write_text("ФИО;Телефон\nИванов Пётр;+7 916 111-22-33\n", encoding="utf-8")
    code = ("import sys; from client import cli; "
            f"code = cli.main(['--profile', {str(tmp_path / 'pc')!r}, 'import', {str(sheet)!r}, '--offline']); "
            "heavy = ('asyncio', 'ssl', 'client.core.sync', 'client.core.forms', 'lan_server.documents.pdf', "
            "'client.core.price_list', 'client.core.talk.comments', 'client.core.reminders'); "
            "print(code, [m for m in heavy if m in sys.modules])")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env())
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[-1] == "0 []", r.stdout + r.stderr
