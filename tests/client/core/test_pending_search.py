"""A PC's copy writes an import's and a first copy's search text beside the index and drains it on its writer:
a search right after either finds every record, a drain killed halfway loses and doubles nothing, and an import
undone before its text was drained leaves nothing to find."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from client import cli
from client.core import sync
from client.core.io import importer
from client.core.io.table import Table
from client.core.replica import Replica
from client.core.session import login
from client.core.sync import run_on_server
from lan_server.records import new_id
from tests.copying import pages_of
from tests.servers import reap, server_in_thread

HEADERS = ["ФИО", "Телефон", "Город"]
MAPPING = {0: "name", 1: "phone", 2: "city"}


def rows(n: int) -> list[list[object]]:
    return [[f"Клиент {i:05d}", f"+7 916 {i % 1000:03d}-{i // 1000 % 100:02d}-{i % 97:02d}",
             ["Москва", "Тверь", "Казань"][i % 3]] for i in range(n)]


def import_rows(replica: Replica, n: int) -> str:
    table = Table(name="clients", headers=HEADERS, rows=rows(n), header_row=1)
    report = importer.run_import(replica, table, "contact", MAPPING, region="RU")
    assert report.created == n
    return str(report.batch)


def indexed(replica: Replica) -> list[tuple[int, int]]:
    """(record number, how many index rows it has) of every record with index rows."""
    return replica._store.execute("SELECT rowid, COUNT(*) FROM records_fts GROUP BY rowid ORDER BY rowid").fetchall()


def searchable(replica: Replica) -> list[int]:
    return [n for (n,) in replica._store.execute("SELECT num FROM records WHERE deleted = 0 AND kind NOT LIKE '\\_%' "
                                                 "ESCAPE '\\' ORDER BY num")]


def wait_drained(replica: Replica, limit: float = 60.0) -> None:
    end = time.monotonic() + limit
    while replica._store.search_pending():
        assert time.monotonic() < end, "the search text was not drained in time"
        time.sleep(0.05)


def test_a_search_right_after_an_import_finds_every_record(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        replica.pending_search.stop()  # no drain after the import: the search itself must drain
        import_rows(replica, 3000)
        assert replica._store.search_pending() == 3000
        assert replica.count("contact", search="клиент") == 3000
        assert [r.fields["name"] for r in replica.records("contact", search="02999")] == ["Клиент 02999"]
        assert replica.count("contact", search="тверь") == 1000
        assert replica._store.search_pending() == 0
        assert [n for n, _ in indexed(replica)] == searchable(replica) and {c for _, c in indexed(replica)} == {1}
    finally:
        replica.close()


def test_after_an_import_the_writer_drains_the_text_by_itself(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        import_rows(replica, 12000)  # more than one chunk of the drain
        wait_drained(replica)
        assert [n for n, _ in indexed(replica)] == searchable(replica) and len(searchable(replica)) == 12000
    finally:
        replica.close()


def test_an_import_run_as_a_command_leaves_its_text_to_a_search_or_the_next_window(tmp_path: Path) -> None:
    # A command ends when its import does: no chunk of the drain runs in it (its last write waited for one).
    csv_path = tmp_path / "clients.csv"
    csv_path.write_text("\r\n".join(";".join(map(str, row)) for row in [HEADERS, *rows(5000)]) + "\r\n",
                        encoding="cp1251")
    profile = str(tmp_path / "pc")
    out = io.StringIO()
    assert cli.main(["--profile", profile, "import", str(csv_path), "--offline"], out=out) == 0, out.getvalue()
    assert "5000 records were added" in out.getvalue()
    copy = Replica(tmp_path / "pc", background_search=False)  # as a command opens it: nothing drains by itself
    try:
        assert copy._store.search_pending() == 5000
    finally:
        copy.close()
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--profile", profile, "list", "contact", "--search", "04999", "--json"], out=out, err=err) == 0
    assert [r["fields"]["name"] for r in json.loads(out.getvalue())] == ["Клиент 04999"]
    window = Replica(tmp_path / "pc")  # the search above indexed every record, once
    try:
        wait_drained(window)
        assert [n for n, _ in indexed(window)] == searchable(window) and len(searchable(window)) == 5000
    finally:
        window.close()


def test_a_search_right_after_a_first_copy_finds_every_record(tmp_path: Path) -> None:
    source = Replica(tmp_path / "source")
    fresh = Replica(tmp_path / "fresh")
    try:
        import_rows(source, 2000)
        fresh.pending_search.stop()  # the copy's own drain stays off: the search must drain
        fresh.bulk(True)
        for page, _end in pages_of(source._store, 500):
            fresh.load_snapshot(page)
        fresh.bulk(False)
        assert fresh._store.search_pending() == 2000
        assert fresh.count("contact", search="клиент") == 2000
        assert [r.id for r in fresh.records("contact", search="+7 916 999-01-59")] == \
            [r.id for r in source.records("contact", search="+7 916 999-01-59")] != []
        assert fresh._store.search_pending() == 0
    finally:
        source.close()
        fresh.close()


def test_a_first_copys_text_is_drained_once_its_sync_ends_not_during_its_last_steps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The drain's chunks on the writer held up the sync's last steps (the pull's writes, the digest's reads: 0.4 s of
    0.9 s at 100,000 records): a new PC's copy is in step with the server first, then its text is drained by
    itself."""
    n = 3000  # more than one drain chunk
    with server_in_thread(tmp_path / "server") as (runner, password):
        source, fresh = Replica(tmp_path / "source"), Replica(tmp_path / "fresh")
        try:
            login(source, runner.address, "admin", password)
            new = source.new_records([(new_id(), "note", {"title": f"Заметка {i}"}) for i in range(n)])
            source.add_new_records(new, batch="import")
            source.release_batch("import", ["note"])
            run_on_server(source, lambda conn: sync.push_outbox(conn, source), timeout=60)
            pending_at_check: list[int] = []
            check = sync.check_and_repair

            async def checking(conn, replica, progress=None):  # type: ignore[no-untyped-def]
                pending_at_check.append(replica._store.search_pending())
                await check(conn, replica, progress)
            monkeypatch.setattr(sync, "check_and_repair", checking)
            login(fresh, runner.address, "admin", password)
            assert fresh.count("note") == n and pending_at_check == [n]  # before: a chunk or more drained by then
            wait_drained(fresh)
            assert len(fresh.records("note", search="заметка 2999")) == 1
        finally:
            source.close()
            fresh.close()


_DRAIN = """
import sys
from lan_server.records import Store
s = Store.open(sys.argv[1])
while s.drain_search(500):
    print("chunk", flush=True)
"""


def test_a_drain_killed_halfway_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    replica.pending_search.stop()
    import_rows(replica, 20000)
    replica.close()
    child = subprocess.Popen([sys.executable, "-c", _DRAIN, str(tmp_path / "pc" / "replica.db")],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        for _ in range(3):  # three chunks committed, the fourth under way
            assert child.stdout.readline() == "chunk\n"
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        reap(child)
    replica = Replica(tmp_path / "pc")  # the next program to open the copy finishes what is pending
    try:
        left = replica._store.search_pending()
        assert 0 < left <= 20000 - 1500
        wait_drained(replica)
        assert [n for n, _ in indexed(replica)] == searchable(replica) and {c for _, c in indexed(replica)} == {1}
        assert replica.count("contact", search="клиент") == 20000
        assert replica.count("contact", search="19999") == 1
    finally:
        replica.close()


def test_an_import_undone_while_its_text_is_pending_leaves_nothing_to_find(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        replica.pending_search.stop()
        replica.add("contact", {"name": "Клиент постоянный"})
        batch = import_rows(replica, 1000)
        assert replica._store.search_pending() == 1000
        assert replica.undo_batch(batch) == 1000
        assert replica._store.search_pending() == 0
        assert [r.fields["name"] for r in replica.records("contact", search="клиент")] == ["Клиент постоянный"]
        assert [n for n, _ in indexed(replica)] == searchable(replica) and len(indexed(replica)) == 1
    finally:
        replica.close()
