"""The one door to a PC's data: one writer thread, imports in chunks that let edits in, all-or-nothing imports."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from client.core.io.importer import Cancelled, run_import
from client.core.io.table import Table
from client.core.replica import Change, Replica
from lan_server.records import Op, new_id


def contacts_table(n: int) -> Table:
    rows = [[f"Клиент {i:06d}", f"+7 900 {i // 10000:03d}-{i % 10000 // 100:02d}-{i % 100:02d}", f"Город {i % 50}"]
            for i in range(n)]
    return Table(name="big", headers=["ФИО", "Телефон", "Город"], rows=rows)


MAPPING = {0: "name", 1: "phone", 2: "city"}


def test_card_save_and_a_colleagues_change_go_through_during_a_30000_row_import(tmp_path: Path) -> None:
    """Before the writer, the save failed with `database is locked` once the import held the file 10 s."""
    replica = Replica(tmp_path / "pc")
    try:
        mine = replica.add("contact", {"name": "Анна"})
        theirs = replica.add("contact", {"name": "Борис"})
        outcome: dict[str, object] = {}
        importing = threading.Thread(target=lambda: outcome.update(report=run_import(
            replica, contacts_table(30_000), "contact", MAPPING)), name="test-import")
        importing.start()
        try:
            deadline = time.monotonic() + 30
            while replica.count("contact") < 1_000 and importing.is_alive() and time.monotonic() < deadline:
                time.sleep(0.01)  # the import is under way: some chunks are in
            assert importing.is_alive(), "the import finished before the edit could be tried: make it bigger"
            started = time.perf_counter()
            replica.set(mine, {"city": "Тверь"})
            saved = time.perf_counter() - started
            op = Op(id=new_id(), rec=theirs, kind="contact", field="city", value="Омск", hlc=replica.clock.now(),
                    dev="colleague", user="olga", seq=7)
            started = time.perf_counter()
            replica.apply_remote([op], last_seq=7)
            arrived = time.perf_counter() - started
        finally:
            importing.join(120)
        assert saved < 1.0 and arrived < 1.0, (saved, arrived)
        assert importing.is_alive() is False and outcome["report"].created == 30_000  # type: ignore[attr-defined]
        assert replica.get(mine).fields["city"] == "Тверь" and replica.get(theirs).fields["city"] == "Омск"
        assert replica.count("contact") == 30_002 and replica.last_seq == 7
        assert replica.outbox_size() == 3 + 30_000  # two adds and the save, then one op per imported record
    finally:
        replica.close()


def test_a_cancelled_import_takes_back_its_written_chunks_and_restores_updated_values(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        # A record known only from the server's snapshot: its value has no op on this PC.
        rec = new_id()
        replica.load_snapshot([(rec, "contact", [["name", "Клиент 000001", 1 << 16, "srv", new_id(), "olga"],
                                                 ["city", "Старый", 1 << 16, "srv", new_id(), "olga"]])])
        calls = iter(range(10**6))
        with pytest.raises(Cancelled):
            run_import(replica, contacts_table(3_000), "contact", MAPPING, on_duplicate="update",
                       cancelled=lambda: next(calls) >= 10)  # after 2,000 rows: a chunk is written
        assert replica.count("contact") == 1 and replica.get(rec).fields == {"name": "Клиент 000001", "city": "Старый"}
        assert replica.outbox_size() == 0
    finally:
        replica.close()


def test_an_import_cut_short_by_a_crash_is_taken_back_when_the_pc_starts(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    kept = replica.add("contact", {"name": "До импорта"})
    ops = replica.stamp(new_id(), "contact", {"name": "Половина импорта"})
    replica.apply_local(ops, batch="import:crashed", hold=True)
    assert replica.count("contact") == 2 and len(replica.outbox()) == 1  # held: shown here, not sent yet
    assert replica.outbox_size() == 2
    replica.close()  # the process dies here: release_batch never ran
    again = Replica(tmp_path / "pc")
    try:
        assert [r.id for r in again.records("contact")] == [kept]
        assert again.outbox_size() == 1
    finally:
        again.close()


def test_listeners_hear_after_the_commit_on_the_thread_that_wrote(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    heard: list[tuple[Change, str, int]] = []
    replica.on_change(lambda c: heard.append((c, threading.current_thread().name,
                                              replica.count("contact"))))
    try:
        window = object()
        with replica.acting_for(window):
            ids = replica.transaction(lambda: [replica.add("contact", {"name": n}) for n in ("А", "Б")])
        assert [(h[1], h[2]) for h in heard] == [(threading.current_thread().name, 2)] * 2  # read back: committed
        assert {h[0].origin for h in heard} == {window} and {r for h in heard for r in h[0].records} == set(ids)
        with pytest.raises(RuntimeError):
            replica.transaction(lambda: (replica.add("contact", {"name": "В"}), _fail()))
        assert len(heard) == 2 and replica.count("contact") == 2  # rolled back, and nobody was told
    finally:
        replica.close()
    assert not [t for t in threading.enumerate() if t.name == "organizer-writer"]


def _fail() -> None:
    raise RuntimeError("disk full")


def test_a_value_the_server_would_refuse_is_refused_where_it_is_typed(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        rec = replica.add("contact", {"name": "Анна"})
        for bad, says in (("x" * (2 * 1024 * 1024), "larger than 1 MB"), (b"\x00", "not bytes")):
            with pytest.raises(ValueError, match=says):
                replica.set(rec, {"note": bad})
        assert "note" not in replica.get(rec).fields and replica.outbox_size() == 1
    finally:
        replica.close()


def test_undo_belongs_to_the_pc_and_restores_values_known_only_from_a_snapshot(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        rec = new_id()  # a colleague's record, as the first copy brought it: its values have no ops here
        replica.load_snapshot([(rec, "contact", [["name", "Анна", 1 << 16, "srv", new_id(), "olga"],
                                                 ["city", "Тула", 1 << 16, "srv", new_id(), "olga"]])])
        replica.set(rec, {"city": "Тверь"}, undoable=True)
        made = replica.add("contact", {"name": "Борис"}, undoable=True)
        replica.delete(rec, undoable=True)
        assert replica.undo_last() == rec and not replica.get(rec).deleted  # type: ignore[union-attr]
        assert replica.undo_last() == made and replica.get(made).deleted  # type: ignore[union-attr]
        assert replica.undo_last() == rec and replica.get(rec).fields["city"] == "Тула"  # type: ignore[union-attr]
        assert replica.undo_last() is None and not replica.can_undo()
        assert {op.field for op in replica.outbox()} >= {"city", "_deleted"}  # the undo syncs like any edit
    finally:
        replica.close()


def test_a_new_copy_is_made_with_16_kb_pages_and_a_copy_of_an_earlier_release_keeps_its_own(tmp_path: Path) -> None:
    """An import writes each page it fills to the log with two system calls: a new copy's pages are 16 KB (a third
    less of its writer's commit time for 100,000 rows). A copy an earlier release made keeps its 4 KB pages, as
    SQLite changes them only when the file is made, and works as before."""
    import shutil
    import sqlite3

    from tests.servers import ROOT

    def page_size(profile: Path) -> int:
        con = sqlite3.connect(profile / "replica.db")
        try:
            return int(con.execute("PRAGMA page_size").fetchone()[0])
        finally:
            con.close()
    new = Replica(tmp_path / "new")
    try:
        run_import(new, contacts_table(3000), "contact", {0: "name", 1: "phone"}, region="RU")
        assert new.count("contact") == 3000 and len(new.records("contact", search="клиент 002999")) == 1
    finally:
        new.close()
    assert page_size(tmp_path / "new") == 16384
    shutil.copytree(ROOT / "tests" / "data" / "releases" / "0.3" / "pc", tmp_path / "old")
    assert page_size(tmp_path / "old") == 4096
    old = Replica(tmp_path / "old")
    try:
        before = old.count("contact")
        run_import(old, contacts_table(3000), "contact", {0: "name", 1: "phone"}, region="RU")
        assert old.count("contact") == before + 3000
    finally:
        old.close()
    assert page_size(tmp_path / "old") == 4096
