"""The server as a service manager runs it: made by Setup.exe's `service prepare`, started and stopped from a thread."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from lan_server.files import is_locked
from lan_server.service import ServiceRunner, prepare
from tests.servers import client


def test_prepare_makes_the_office_server_once_and_shows_the_password_once(tmp_path: Path) -> None:
    data = tmp_path / "ProgramData" / "lan-organizer" / "server"
    password = prepare(data)
    assert password and (data / "server.json").exists() and (data / "server.key").exists()
    assert prepare(data) is None  # an upgrade or a repair install keeps the office's data and password


def test_the_service_serves_and_stops_cleanly_from_another_thread(tmp_path: Path) -> None:
    data = tmp_path / "server"
    password = prepare(data)
    assert password
    runner = ServiceRunner(data, host="127.0.0.1", port=0, discovery=False)
    serving = threading.Thread(target=runner.run, name="test-service")
    serving.start()
    try:
        assert runner.listening.wait(30) and runner.address, "the service did not start"
        assert is_locked(data / "server.lock")  # a restore is refused while the service runs
        r = client(tmp_path / "pc", "login", runner.address, "--user", "admin", "--password", password)
        assert r.returncode == 0, r.stderr
        r = client(tmp_path / "pc", "add", "contact", "name=Иван Петров")
        assert r.returncode == 0, r.stderr
        r = client(tmp_path / "pc", "sync")
        assert r.returncode == 0, r.stderr
    finally:
        stopped = runner.stop(timeout=30)
        serving.join(30)
    assert stopped and not serving.is_alive()
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
