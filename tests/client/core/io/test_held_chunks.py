"""An import's chunks are a held batch, taken back whole after a crash: they commit without waiting for the disk,
and everything else (its release, a card saved meanwhile) as every write does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from client.core.io import importer
from client.core.io.table import Table
from client.core.replica import Replica


def test_an_imports_chunks_commit_unsynced_and_its_release_and_other_writes_synced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replica = Replica(tmp_path / "pc")
    levels: dict[str, list[int]] = {"chunk": [], "release": []}

    def level() -> int:
        return int(replica._store.execute("PRAGMA synchronous").fetchone()[0])

    def watched(name: str, method: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            levels[name].append(level())
            return method(*args, **kwargs)
        return run
    monkeypatch.setattr(replica, "add_new_records", watched("chunk", replica.add_new_records))
    monkeypatch.setattr(replica, "release_batch", watched("release", replica.release_batch))
    monkeypatch.setattr(importer, "CHUNK", 500)  # several chunks of the 1,200 rows
    try:
        table = Table(name="clients", headers=["ФИО", "Город"],
                      rows=[[f"Клиент {i:05d}", "Тверь"] for i in range(1200)], header_row=1)
        report = importer.run_import(replica, table, "contact", {0: "name", 1: "city"}, region="RU")
        assert report.created == 1200 and replica.count("contact") == 1200
        assert len(levels["chunk"]) >= 2 and set(levels["chunk"]) == {1}  # NORMAL: no fsync per chunk
        assert levels["release"] == [2]  # FULL: the release waits for the disk, and so with it every chunk
        assert replica.transaction(level) == 2  # a card save, as every write
    finally:
        replica.close()


def test_a_released_import_queues_its_ops_in_the_order_they_were_stamped_after_what_was_queued_before(
        tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        before = replica.add("contact", {"name": "Раньше"})
        # an organization made above and filled below: a held batch of records made in one op and field ops
        table = Table(name="clients", headers=["ФИО", "Организация", "Город"],
                      rows=[[f"Клиент {i:04d}", f"ООО Ромашка {i % 7}", "Тверь"] for i in range(1300)], header_row=1)
        report = importer.run_import(replica, table, "contact", {0: "name", 1: "organization", 2: "city"},
                                     region="RU")
        after = replica.add("contact", {"name": "Позже"})
        queued = [op_id for (op_id,) in replica._store.execute("SELECT op FROM outbox ORDER BY pos")]
        batch = replica._outbox.made_by(report.batch)
        assert len(batch) == 1300 + 7 and len(queued) == len(set(queued)) == 1 + len(batch) + 1
        assert queued[0] == before and queued[-1] == after
        stamps = dict(replica._store.execute("SELECT rec, hlc FROM cur WHERE field = '*' AND op = rec"))
        assert [stamps[op_id] for op_id in queued] == sorted(stamps[op_id] for op_id in queued)
        assert set(queued[1:-1]) == set(batch)
        assert [op.id for op in replica._outbox.next(limit=5000)] == queued  # what goes to the server, in order
    finally:
        replica.close()



def test_an_imports_ops_are_queued_as_written_and_go_only_once_released_while_a_card_saved_meanwhile_goes_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each chunk queues its ops in the outbox as it is written, so the release only lets the batch go (queueing
    100,000 ops at the end kept the user waiting): none of them is sent while the batch is held, a card saved
    meanwhile is; a batch taken back (the disk full) leaves none queued."""
    replica = Replica(tmp_path / "pc")
    seen: dict[str, Any] = {}
    chunks: list[str] = []
    add_new_records = replica.add_new_records

    def chunk(new: Any, *, batch: str) -> None:
        add_new_records(new, batch=batch)
        chunks.append(batch)
        if len(chunks) == 1:  # after the first chunk, a card saved in the window (its save goes unheld)
            seen["card"] = replica.add("contact", {"name": "Сохранена во время импорта"})
            seen["queued"] = replica._store.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
            seen["sent"] = [op.id for op in replica.outbox(limit=5000)]
            seen["size"] = replica.outbox_size()
        if seen.get("fail") and chunks.count(batch) == 2:
            raise OSError("the disk is full")
    monkeypatch.setattr(replica, "add_new_records", chunk)
    monkeypatch.setattr(importer, "CHUNK", 500)
    ran: list[str] = []
    release_batch = replica.release_batch

    def release(batch: str, kinds: Any = ()) -> None:
        replica._store.db.connection().set_trace_callback(ran.append)
        try:
            release_batch(batch, kinds)
        finally:
            replica._store.db.connection().set_trace_callback(None)
    monkeypatch.setattr(replica, "release_batch", release)

    def table(name: str) -> Table:
        return Table(name=name, headers=["ФИО"], rows=[[f"{name} {i:05d}"] for i in range(1200)], header_row=1)
    try:
        report = importer.run_import(replica, table("Клиент"), "contact", {0: "name"}, region="RU")
        assert seen["queued"] == 500 + 1  # the first chunk's ops and the card's
        assert seen["sent"] == [seen["card"]] and seen["size"] == 501  # held, yet counted as not sent
        assert ran and not [q for q in ran if "outbox" in q]  # the release queued nothing: it let the batch go
        made = set(replica._outbox.made_by(report.batch))
        queued = [op.id for op in replica.outbox(limit=5000)]
        assert len(made) == 1200 and len(queued) == len(set(queued)) == 1201  # each once
        stamps = dict(replica._store.execute("SELECT rec, hlc FROM cur WHERE field = '*' AND op = rec"))
        assert queued[500] == seen["card"] and set(queued) - {seen["card"]} == made
        assert [stamps[op] for op in queued[:500]] == sorted(stamps[op] for op in made)[:500]  # in stamp order
        assert replica.outbox_size() == 1201

        seen["fail"] = True
        with pytest.raises(OSError):
            importer.run_import(replica, table("Ещё"), "contact", {0: "name"}, region="RU")
        assert replica.count("contact") == 1200 + 1  # none of the import cut short
        assert [op.id for op in replica.outbox(limit=5000)] == queued and replica.outbox_size() == 1201
    finally:
        replica.close()
