"""The server as a service manager runs it: made by Setup.exe's `service prepare`, started and stopped from a thread."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from lan_server.files import is_locked
from lan_server.service import prepare
from tests.servers import client, server_in_thread


def test_prepare_makes_the_office_server_once_and_shows_the_password_once(tmp_path: Path) -> None:
    data = tmp_path / "ProgramData" / "lan-organizer" / "server"
    password = prepare(data)
    assert password and (data / "server.json").exists() and (data / "server.key").exists()
    assert prepare(data) is None  # an upgrade or a repair install keeps the office's data and password


def test_the_service_serves_and_stops_cleanly_from_another_thread(tmp_path: Path) -> None:
    data = tmp_path / "server"
    with server_in_thread(data) as (runner, password):  # stopped from this thread on the way out
        assert is_locked(data / "server.lock")  # a restore is refused while the service runs
        r = client(tmp_path / "pc", "login", runner.address, "--user", "admin", "--password", password)
        assert r.returncode == 0, r.stderr
        r = client(tmp_path / "pc", "add", "contact", "name=Иван Петров")
        assert r.returncode == 0, r.stderr
        r = client(tmp_path / "pc", "sync")
        assert r.returncode == 0, r.stderr
    assert runner.stop(timeout=0)  # it has stopped: run() returned
    assert not is_locked(data / "server.lock")
    # Closed: the write-ahead log was folded in and removed by the last connection, and the file is whole.
    assert not (data / "organizer.db-wal").exists()
    con = sqlite3.connect(data / "organizer.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [row[0] for row in con.execute("SELECT data FROM records WHERE kind = 'contact'")]
        assert len(names) == 1 and "Иван Петров" in names[0]
    finally:
        con.close()
