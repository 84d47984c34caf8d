"""Quick search on a local copy of 300,000 and 1,000,000 contacts of 1,000 organizations: first page and count, next to
SQLite FTS5 alone; the last query finds one organization's people by its name.

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_search.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from client.core.replica import Replica
from client.ui.records_model import COUNT_FIRST
from lan_server.records import new_id
from lan_server.records.store import fts_query

pytestmark = pytest.mark.benchmark
# One record, a thousand, a fifth, all; one organization's 300 people by its name; and one of them by the
# organization's words and his own together.
QUERIES = ("клиент 0299999", "9000123", "тверь", "клиент", "ромашка 0777", "ромашка 0777 0000777")
ORGS = 1000


def _ms(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


@pytest.mark.parametrize("n", [300_000, 1_000_000])
def test_quick_search(tmp_path: Path, n: int) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        cities = ["Москва", "Тверь", "Казань", "Омск", "Самара"]
        orgs = [new_id() for _ in range(ORGS)]
        replica.load_snapshot([(org, "organization", [["name", f"ООО Ромашка {n:04d}", 500, "d", new_id(), "u"]])
                               for n, org in enumerate(orgs)])
        page = []
        for i in range(n):
            page.append((new_id(), "contact", [["name", f"Клиент {i:07d}", 1000 + i, "d", new_id(), "u"],
                                               ["phone", f"+7 900 {i:07d}", 1000 + i, "d", new_id(), "u"],
                                               ["city", cities[i % 5], 1000 + i, "d", new_id(), "u"],
                                               ["organization", orgs[i % ORGS], 1000 + i, "d", new_id(), "u"]]))
            if len(page) == 10_000:
                replica.load_snapshot(page)
                page = []
        print()
        for q in QUERIES:
            ours, fts, first = [], [], []
            for _ in range(7):
                replica._store._filter_cache.clear()  # as if typed anew: a page and its count share one look
                replica._store._hits.clear()
                ours.append(_ms(lambda q=q: (replica.records("contact", search=q, limit=50),
                                             replica.count("contact", search=q))))
                replica._store._filter_cache.clear()
                replica._store._hits.clear()
                # what the window waits for: the first page and a count up to COUNT_FIRST (the rest comes later)
                first.append(_ms(lambda q=q: (replica.records("contact", search=q, limit=50),
                                              replica.count("contact", search=q, upto=COUNT_FIRST))))
                fts.append(_ms(lambda q=q: replica._store.execute(  # the floor: the index alone
                    "SELECT rowid FROM records_fts WHERE records_fts MATCH ? LIMIT 50", (fts_query(q),)).fetchall()))
            found = replica.count("contact", search=q)
            print(f"search {q!r} ({found:,} of {n:,}): first page + full count p50 {statistics.median(ours):.1f} ms, "
                  f"max {max(ours):.1f} ms; what the window waits for (first page, counted up to {COUNT_FIRST:,}) "
                  f"p50 {statistics.median(first):.1f} ms, max {max(first):.1f} ms; FTS5 alone, LIMIT 50: p50 "
                  f"{statistics.median(fts):.1f} ms")
    finally:
        replica.close()
