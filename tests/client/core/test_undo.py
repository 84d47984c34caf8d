"""Undoing an import on a real copy: the records it made go to the bin, a value it changed gets its earlier one
back, and the work grows with the import, not with its square (40,000 rows took minutes, the window waiting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from client.core.io import importer
from client.core.io.table import Table
from client.core.replica import Replica

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
