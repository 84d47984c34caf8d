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
