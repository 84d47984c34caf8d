"""Undoing an import on a real copy: the records it made go to the bin, a value it changed gets its earlier one
back, and the work grows with the import, not with its square (40,000 rows took minutes, the window waiting)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

from client.core.io import import_history, importer
from client.core.io.table import Table
from client.core.replica import Replica
from tests.servers import ROOT, env, reap

HEADERS = ["ФИО", "Телефон", "Город"]
MAPPING = {0: "name", 1: "phone", 2: "city"}


class CountedOps(list):  # type: ignore[type-arg]
    """The batch's ops, counting each op read: the undo's work, without a clock."""

    reads = 0

    def __iter__(self) -> Iterator[Any]:
        for op in super().__iter__():
            CountedOps.reads += 1
            yield op

    def __add__(self, other: Any) -> CountedOps:
        return CountedOps([*list.__iter__(self), *other])

    def __radd__(self, other: Any) -> CountedOps:
        return CountedOps([*other, *list.__iter__(self)])


def test_an_import_undone_reads_each_of_its_ops_a_few_times_not_once_per_record(tmp_path: Path,
                                                                                 monkeypatch) -> None:
    n = 1000
    replica = Replica(tmp_path / "pc")
    try:
        kept = replica.add("contact", {"name": "Орлова Анна", "phone": "+7 916 000-00-01", "city": "Тверь"})
        rows: list[list[object]] = [["Орлова Анна", "+7 916 000-00-01", "Москва"]]  # updates the one kept
        rows += [[f"Клиент {i}", f"+7 900 {i // 10000:03d}-{i // 100 % 100:02d}-{i % 100:02d}", "Тверь"]
                 for i in range(n)]
        table = Table(name="clients", headers=HEADERS, rows=rows, header_row=1)
        report = importer.run_import(replica, table, "contact", MAPPING, region="RU", on_duplicate="update")
        assert (report.created, report.updated) == (n, 1)
        store = replica._store
        for name in ("ops_of_batch", "makings"):
            real = getattr(store, name)
            monkeypatch.setattr(store, name, lambda *a, real=real: CountedOps(real(*a)))
        CountedOps.reads = 0
        assert replica.undo_batch(str(report.batch)) == n + 1
        assert CountedOps.reads <= 10 * (n + 1), CountedOps.reads  # a scan per record read ~1,000,000
        assert replica.count("contact") == 1
        assert replica.get(kept).fields["city"] == "Тверь"
    finally:
        replica.close()


# Where the undo is killed: once its transaction has written this much into the copy's log (pages spilled before the
# commit: mid-write for sure, whatever the box's load).
KILLS = (1 << 20, 8 << 20)


def test_an_undo_killed_midway_leaves_the_copy_whole_undone_or_not(tmp_path: Path) -> None:
    """The command's `import --undo` is killed (SIGKILL: a power cut, the task manager) while its transaction writes:
    each time the copy holds the import whole or none of it, its list of imports agrees, and the undo can be run
    again."""
    n, kept_name = 20000, "Орлова Анна"
    first = tmp_path / "pc"
    replica = Replica(first)
    try:
        kept = replica.add("contact", {"name": kept_name, "phone": "+7 916 000-00-01", "city": "Тверь"})
        rows: list[list[object]] = [[kept_name, "+7 916 000-00-01", "Москва"]]  # an update, undone too
        rows += [[f"Клиент {i}", f"+7 900 {i // 10000:03d}-{i // 100 % 100:02d}-{i % 100:02d}", "Тверь"]
                 for i in range(n)]
        importer.run_import(replica, Table(name="clients", headers=HEADERS, rows=rows, header_row=1), "contact",
                            MAPPING, region="RU", on_duplicate="update", source="клиенты.csv")
    finally:
        replica.close()

    def undo_in(profile: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-m", "client", "--profile", str(profile), "import", "--undo"],
                                env=env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    outcomes = []
    for i, at in enumerate(KILLS):
        profile = shutil.copytree(first, tmp_path / f"killed-{i}")
        logged = sum(f.stat().st_size for f in profile.rglob("*-wal"))
        proc = undo_in(profile)
        try:
            deadline = time.monotonic() + 120
            while proc.poll() is None and time.monotonic() < deadline and \
                    sum(f.stat().st_size for f in profile.rglob("*-wal")) - logged < at:
                time.sleep(0.005)
            ran = proc.poll() is None
            proc.kill()
            written = sum(f.stat().st_size for f in profile.rglob("*-wal")) - logged
        finally:
            reap(proc)
        replica = Replica(profile)
        try:
            assert replica._store.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count, listed = replica.count("contact"), len(import_history.recent(replica))
            city = replica.get(kept).fields["city"]
            assert (count, listed, city) in ((n + 1, 1, "Москва"), (1, 0, "Тверь")), (at, count, listed, city)
            outcomes.append(("undone" if listed == 0 else "not undone", ran, written // 1024))
        finally:
            replica.close()
        if listed and i == 0:  # and the user runs it again
            again = undo_in(profile)
            try:
                assert again.wait(120) == 0
            finally:
                reap(again)
            replica = Replica(profile)
            try:
                assert replica.count("contact") == 1 and replica.get(kept).fields["city"] == "Тверь"
            finally:
                replica.close()
    print(f"\nundo of {n} rows killed (outcome, still running, KB written): {outcomes}")
    assert any(ran and result == "not undone" for result, ran, _kb in outcomes), "no kill came while it was writing"
