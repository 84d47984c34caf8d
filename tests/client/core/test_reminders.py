"""Reminders: on time, only for the assignee, repeats, snooze across the same user's PCs, missed, rescheduled."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from client.core import reminders
from client.core.reminders import Reminder, ReminderService, plan, reminder_for
from client.core.replica import Replica
from client.core.session import login
from client.core.sync import SyncEngine
from lan_server.records import Record
from tests.servers import ServerProcess, wait_for

NOW = datetime(2026, 11, 22, 10, 0)


def task(**fields: object) -> Record:
    return Record("t1", "task", {"title": "Позвонить клиенту", "assignee": "olga", **fields})


def test_fires_at_its_time_and_only_for_the_assignee() -> None:
    t = task(remind_at="2026-11-22T10:30", due="2026-11-22T11:00")
    before = reminder_for(t, "olga", NOW)
    assert before is not None and before.fire_at == datetime(2026, 11, 22, 10, 30) and before.fire_at > NOW
    at = reminder_for(t, "olga", datetime(2026, 11, 22, 10, 30))
    assert at is not None and at.fire_at <= datetime(2026, 11, 22, 10, 30) and not at.missed
    assert reminder_for(t, "ivan", datetime(2026, 11, 22, 10, 30)) is None      # not his task
    assert reminder_for(task(remind_at="2026-11-22T10:30", done=True), "olga", NOW) is None
    event = Record("e1", "event", {"title": "Встреча", "assignee": "olga", "when": "2026-11-22T15:00",
                                   "remind_before": 15})
    r = reminder_for(event, "olga", NOW)
    assert r is not None and r.fire_at == datetime(2026, 11, 22, 14, 45) and r.due == datetime(2026, 11, 22, 15)


def test_missed_while_off_is_shown_flagged_never_skipped() -> None:
    t = task(remind_at="2026-11-20T09:00", repeat="daily", due="2026-11-20T09:30")
    r = reminder_for(t, "olga", NOW)  # the PC was off for two days
    assert r is not None and r.missed and r.fire_at == datetime(2026, 11, 22, 9, 0)  # folded into the latest
    assert r.due == datetime(2026, 11, 22, 9, 30)
    one_off = reminder_for(task(remind_at="2026-11-01T09:00"), "olga", NOW)
    assert one_off is not None and one_off.missed


def test_repeating_reminder_moves_to_the_next_occurrence_when_dismissed() -> None:
    t = task(remind_at="2026-11-20T09:00", repeat="weekdays")  # from Friday; NOW is Sunday
    r = reminder_for(t, "olga", NOW)
    assert r is not None and r.fire_at == datetime(2026, 11, 20, 9, 0) and r.missed
    after = Record("t1", "task", {**t.fields, "_dismissed": r.occurrence.isoformat()})
    nxt = reminder_for(after, "olga", NOW)
    assert nxt is not None and nxt.fire_at == datetime(2026, 11, 23, 9, 0)  # Sunday -> Monday


def test_snooze_postpones_only_its_occurrence() -> None:
    t = task(remind_at="2026-11-22T09:00", _snoozed_until="2026-11-22T10:15", _snoozed_for="2026-11-22T09:00")
    r = reminder_for(t, "olga", NOW)
    assert r is not None and r.fire_at == datetime(2026, 11, 22, 10, 15) and r.fire_at > NOW
    stale = task(remind_at="2026-11-22T09:00", _snoozed_until="2026-11-22T10:15", _snoozed_for="2026-11-21T09:00")
    assert reminder_for(stale, "olga", NOW).fire_at == datetime(2026, 11, 22, 9, 0)  # type: ignore[union-attr]


def test_plan_orders_by_time_and_ignores_deleted() -> None:
    recs = [Record("a", "task", {"title": "A", "assignee": "olga", "remind_at": "2026-11-22T12:00"}),
            Record("b", "task", {"title": "B", "assignee": "olga", "remind_at": "2026-11-22T11:00"}),
            Record("c", "task", {"title": "C", "assignee": "olga", "remind_at": "2026-11-22T11:00"}, deleted=True)]
    assert [r.rec for r in plan(recs, "olga", NOW)] == ["b", "a"]


def test_real_scheduler_fires_within_a_second_and_reschedules_on_change(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    replica.set_meta("user", "olga")
    fired: list[tuple[float, list[Reminder]]] = []
    lock = threading.Lock()

    def on_due(due: list[Reminder]) -> None:
        with lock:
            fired.append((time.time(), due))
    service = ReminderService(replica, on_due)
    service.start()
    try:
        target = datetime.now(service.tz).replace(tzinfo=None, microsecond=0) + timedelta(seconds=2)
        rec = replica.add("task", {"title": "Скоро", "assignee": "olga", "remind_at": target.isoformat()})
        # Moved by "another PC" before it fires: the old time must not fire, the new one must.
        later = target + timedelta(seconds=1)
        replica.set(rec, {"remind_at": later.isoformat()})
        assert wait_for(lambda: any(d for _, d in fired), 10)
        when, due = next((w, d) for w, d in fired if d)
        expected = later.replace(tzinfo=service.tz).timestamp()
        assert due[0].rec == rec and due[0].fire_at == later
        assert -0.05 <= when - expected < 1.0, f"fired {when - expected:+.3f} s from its time"
        replica.add("task", {"title": "Чужая", "assignee": "ivan", "remind_at": target.isoformat()})
        reminders.dismiss(replica, due[0])
        assert wait_for(lambda: service.check() == [])
    finally:
        service.stop()
        replica.close()


def test_snooze_on_one_pc_stops_the_reminder_on_the_same_users_other_pc(office_server: ServerProcess,
                                                                       tmp_path: Path) -> None:
    office_server.add_user("olga", "olga-pass-1")
    pcs = [Replica(tmp_path / name) for name in ("office", "laptop")]
    engines = []
    try:
        for r in pcs:
            login(r, office_server.address, "olga", "olga-pass-1")
            engines.append(SyncEngine(r, min_delay=0.1, max_delay=0.5))
        for e in engines:
            e.start()
        office, laptop = pcs
        rec = office.add("task", {"title": "Счёт", "assignee": "olga", "remind_at": "2026-11-22T09:00"})
        assert wait_for(lambda: laptop.get(rec) is not None)
        due_on_laptop = reminder_for(laptop.get(rec), "olga", NOW)  # type: ignore[arg-type]
        assert due_on_laptop is not None and due_on_laptop.fire_at <= NOW
        mine = reminder_for(office.get(rec), "olga", NOW)  # type: ignore[arg-type]
        assert mine is not None
        reminders.snooze(office, mine, NOW + timedelta(minutes=15))
        assert wait_for(lambda: (r := reminder_for(laptop.get(rec), "olga", NOW)) is not None  # type: ignore[arg-type]
                     and r.fire_at > NOW)
        reminders.done(office, mine)
        assert wait_for(lambda: reminder_for(laptop.get(rec), "olga", NOW) is None)  # type: ignore[arg-type]
        assert laptop.get(rec).fields["done"] is True  # type: ignore[union-attr]
    finally:
        for e in engines:
            e.stop()
        for r in pcs:
            r.close()


def test_reminders_after_the_client_was_stopped_are_shown_at_start(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    replica.set_meta("user", "olga")
    past = datetime.now().replace(microsecond=0) - timedelta(hours=3)
    rec = replica.add("task", {"title": "Пока был выключен", "assignee": "olga", "remind_at": past.isoformat()})
    replica.close()
    replica = Replica(tmp_path / "pc")  # the next morning: start again
    shown: list[list[Reminder]] = []
    service = ReminderService(replica, shown.append)
    service.start()
    try:
        assert shown and shown[0][0].rec == rec and shown[0][0].missed
    finally:
        service.stop()
        replica.close()


def test_reminder_moved_or_deleted_on_another_pc_is_rescheduled_here(tmp_path: Path) -> None:
    here, there = Replica(tmp_path / "here"), Replica(tmp_path / "there")
    for r in (here, there):
        r.set_meta("user", "olga")
    fired: list[list[Reminder]] = []
    service = ReminderService(here, lambda due: fired.append(due) if due else None)
    service.start()
    try:
        soon = datetime.now(service.tz).replace(tzinfo=None, microsecond=0) + timedelta(seconds=2)
        rec = there.add("task", {"title": "С другого ПК", "assignee": "olga", "remind_at": soon.isoformat()})
        here.apply_remote(there.outbox())  # what the sync engine does when the change arrives
        assert wait_for(lambda: any(r.rec == rec for r in service.pending), 5)
        later = soon + timedelta(hours=1)
        there.set(rec, {"remind_at": later.isoformat()})  # moved on the other PC
        here.apply_remote(there.outbox())
        assert wait_for(lambda: any(r.rec == rec and r.fire_at == later for r in service.pending), 5)
        # A reminder due just after the old time: reminders fire in the order of their times, so when this one
        # has fired, the old time has passed without firing (waited on, not slept on).
        after = there.add("task", {"title": "Следом", "assignee": "olga",
                                   "remind_at": (soon + timedelta(seconds=1)).isoformat()})
        here.apply_remote(there.outbox())
        assert wait_for(lambda: bool(fired), 10)
        assert {r.rec for due in fired for r in due} == {after}  # the old time did not fire
        there.delete(rec)
        here.apply_remote(there.outbox())
        assert wait_for(lambda: all(r.rec != rec for r in service.pending), 5)
    finally:
        service.stop()
        here.close()
        there.close()


def test_a_contract_reminds_its_manager_the_offices_number_of_days_before_it_ends(tmp_path: Path) -> None:
    contract = Record(id="c", kind="contract", fields={"number": "Д-7", "subject": "аренда", "assignee": "olga",
                                                       "valid_until": "2026-12-31"})
    now = datetime(2026, 12, 1, 8, 0)
    early = reminder_for(contract, "olga", now)  # the default: two weeks before, at 9:00
    assert early is not None and early.fire_at == datetime(2026, 12, 17, 9, 0) and early.title == "Д-7 аренда"
    assert reminder_for(contract, "ivan", now) is None
    replica = Replica(tmp_path / "pc")
    try:
        from lan_server.records.schema import REQUISITES_ID
        replica.add("requisites", {"name": "ООО «Ромашка»", "contract_remind_days": 30}, rec_id=REQUISITES_ID)
        days = reminders.contract_days(replica)
        assert days == 30
        due = reminder_for(contract, "olga", now, days)
        assert due is not None and due.fire_at == datetime(2026, 12, 1, 9, 0)
    finally:
        replica.close()
