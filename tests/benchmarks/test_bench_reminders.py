"""Reminders benchmark: 10,000 reminders for one user; start-up cost, memory, and how close to its time one fires.

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_reminders.py
"""

from __future__ import annotations

import resource
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from client.core.reminders import Reminder, ReminderService
from client.core.replica import Replica
from lan_server.records import new_id

pytestmark = pytest.mark.benchmark
N = 10_000


def test_ten_thousand_reminders(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    replica.set_meta("user", "olga")
    now = datetime.now().replace(microsecond=0)
    page = []
    rules = ["", "daily", "weekdays", "weekly:mon,thu", "monthly:31"]
    for i in range(N):
        at = now + timedelta(minutes=10 + i)  # all in the future, one a minute
        page.append((new_id(), "task", [["title", f"Задача {i}", 1, "d", new_id(), "u"],
                                        ["assignee", "olga", 1, "d", new_id(), "u"],
                                        ["remind_at", at.isoformat(), 1, "d", new_id(), "u"],
                                        ["repeat", rules[i % 5], 1, "d", new_id(), "u"]]))
    replica.load_snapshot(page)
    fired: list[tuple[float, list[Reminder]]] = []
    got = threading.Event()

    def on_due(due: list[Reminder]) -> None:
        if due:
            fired.append((time.time(), due))
            got.set()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    service = ReminderService(replica, on_due)
    t = time.perf_counter()
    service.start()
    startup = time.perf_counter() - t
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        assert len(service.pending) == N and not service.due
        target = datetime.now().replace(microsecond=0) + timedelta(seconds=3)
        replica.add("task", {"title": "Сейчас", "assignee": "olga", "remind_at": target.isoformat()})
        assert got.wait(15)
        when, due = fired[0]
        lateness = when - target.replace(tzinfo=service.tz).timestamp()
        t = time.perf_counter()
        service.check()
        replan = time.perf_counter() - t
    finally:
        service.stop()
        replica.close()
    print(f"\n{N:,} reminders: start-up {startup * 1000:.0f} ms (plan and schedule), a re-plan after a change "
          f"{replan * 1000:.0f} ms, memory +{rss1 - rss0:.1f} MB (peak RSS {rss1:.0f} MB); a reminder fired "
          f"{lateness * 1000:+.0f} ms from its time (target within 1 s)")
    assert 0 <= lateness < 1.0
