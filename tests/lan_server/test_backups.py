"""Backups of a live server while clients push, and restores that lose no acknowledged edit."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from pathlib import Path

from client.core.connection import Connection
from lan_server.records import Clock, Op, Store, new_id
from tests.servers import ServerProcess, client


def test_backup_taken_while_clients_push_is_consistent(office_server: ServerProcess, tmp_path: Path) -> None:
    stop = threading.Event()
    pushed: list[int] = []

    async def pusher() -> None:
        conn = await Connection.open(office_server.address)
        await conn.request("login", user="admin", password="admin-pass-1", device="pusher")
        clock = Clock()
        try:
            while not stop.is_set() and len(pushed) < 400:
                rec = new_id()
                ops = [Op(id=new_id(), rec=rec, kind="contact", field=f, value=f"{f} {len(pushed)}",
                          hlc=clock.now(), dev="pusher", user="admin").to_wire() for f in ("name", "phone", "city")]
                await conn.request("push", ops=ops)
                pushed.append(1)
        finally:
            await conn.close()
    t = threading.Thread(target=lambda: asyncio.run(pusher()))
    t.start()
    backups = []
    try:
        for _ in range(3):
            r = office_server.manage("backup", str(office_server.data_dir), "--to", str(tmp_path / "b"))
            assert r.returncode == 0, r.stderr
            backups.append(Path(r.stdout.strip().rsplit(" ", 1)[1]))
    finally:
        stop.set()
        t.join(60)
    assert len(pushed) > 0
    for path in backups:
        con = sqlite3.connect(path)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count, top = con.execute("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM ops").fetchone()
            assert count == top  # a prefix of the history, no holes
            assert count % 3 == 0  # whole pushes only: never half of one
            n_records = con.execute("SELECT COUNT(*) FROM records WHERE kind = 'contact'").fetchone()[0]
            assert n_records == count // 3
        finally:
            con.close()


def test_restore_then_client_syncs_lose_no_acknowledged_op(office_server: ServerProcess, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for pc in (a, b):
        assert client(pc, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                      ).returncode == 0
    before = [client(a, "add", "contact", f"name=До копии {i}").stdout.strip() for i in range(3)]
    assert client(b, "sync").returncode == 0
    r = office_server.manage("backup", str(office_server.data_dir))
    assert r.returncode == 0, r.stderr
    backup_file = Path(r.stdout.strip().rsplit(" ", 1)[1])
    after_a = [client(a, "add", "contact", f"name=После копии {i}").stdout.strip() for i in range(2)]
    after_b = client(b, "add", "task", "title=Задача после копии").stdout.strip()
    assert client(a, "set", before[0], "city=Тверь").returncode == 0  # an edit, acknowledged
    r = office_server.manage("restore", str(office_server.data_dir), str(backup_file))
    assert r.returncode == 1 and "stop it first" in r.stderr  # refused while the server runs
    office_server.stop()
    r = office_server.manage("restore", str(office_server.data_dir), str(backup_file))
    assert r.returncode == 0, r.stderr
    office_server.start()
    for pc in (a, b, a):
        assert client(pc, "sync").returncode == 0
    fresh = tmp_path / "new-pc"
    assert client(fresh, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                  ).returncode == 0
    contacts = {x["id"]: x["fields"] for x in json.loads(client(fresh, "list", "contact", "--json").stdout)}
    assert set(contacts) == set(before + after_a)
    assert contacts[before[0]]["city"] == "Тверь"
    assert [t["id"] for t in json.loads(client(fresh, "list", "task", "--json").stdout)] == [after_b]
    store = Store.open(office_server.data_dir / "organizer.db", search=False)
    try:
        total, distinct = store.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM ops").fetchone()
        assert total == distinct  # resent ops were stored once
    finally:
        store.close()


def test_damaged_backup_is_refused(office_server: ServerProcess, tmp_path: Path) -> None:
    bad = tmp_path / "organizer-bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    office_server.stop()
    r = office_server.manage("restore", str(office_server.data_dir), str(bad))
    assert r.returncode == 1 and "not a usable organizer database" in r.stderr
    office_server.start()  # nothing was touched: the server starts on its own database
