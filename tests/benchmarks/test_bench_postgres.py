"""PostgreSQL with one and with two server processes: ops per second accepted from 20 PCs pushing at once, and
the live latency of a change to the other PCs, on the sender's process and across processes.

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_postgres.py
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from tests.lan_server.records.test_postgres import pg_url, run_office  # noqa: F401 (a fixture)

pytestmark = pytest.mark.benchmark


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def test_one_and_two_processes(pg_url: str, tmp_path: Path) -> None:  # noqa: F811
    print()
    for processes in (1, 2):
        flat = run_office(pg_url, tmp_path, f"flat{processes}", processes, 20, 50, 0.0)
        ops = 20 * 50 / flat["seconds"]
        line = f"PostgreSQL, {processes} process(es), 20 PCs: {ops:,.0f} ops/s accepted pushing flat out"
        # An office's pace (every PC an edit each half second: 40 a second, more than 20 people type) and a
        # hurried one (an edit per PC every 50 ms, about what one process accepts at most).
        for label, pace, edits in (("office pace, an edit per PC every 500 ms", 0.5, 20),
                                   ("hurried, every 50 ms", 0.05, 20)):
            paced = run_office(pg_url, tmp_path, f"paced{processes}_{int(pace * 1000)}", processes, 20, edits, pace)
            line += (f"\n  {label}: on the sender's process p50 {statistics.median(paced['same']):.1f} ms, "
                     f"p99 {pct(paced['same'], 99):.1f} ms")
            if paced["across"]:
                line += (f"; across processes p50 {statistics.median(paced['across']):.1f} ms, "
                         f"p99 {pct(paced['across'], 99):.1f} ms")
        print(line)
