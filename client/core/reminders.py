"""The PC's reminders: the APScheduler glue that fires them on time, and what the user does with one. Which are
mine and when is the shared planner's (lan_server/records/reminders.py, the browser's My day uses it too).

A task or event reminds its assignee at `remind_at`, or `remind_before` minutes before its `due`/`when`;
a contract reminds its assignee at 9:00 the office's number of days (the requisites) before `valid_until`;
a repeating task (`repeat`, see recurrence.py) reminds at every occurrence. What the user did with a reminder
is stored on the record, so it syncs to the same user's other PCs: `_dismissed` (the last occurrence
acknowledged, by dismiss or done) and `_snoozed_until` with `_snoozed_for` (the occurrence it postpones).
Reminders whose time passed while the PC was off are shown at start, flagged as missed; never skipped.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta, tzinfo
from typing import Callable

from client.core.replica import Change, Replica
from lan_server.records import Record
from lan_server.records.reminders import CONTRACT_DAYS, KINDS, MISSED_AFTER, Reminder, contract_days, plan, reminder_for

log = logging.getLogger(__name__)
SAFETY_CHECK_S = 60                   # a periodic look, in case the clock jumped or a wake-up was lost
__all__ = ["CONTRACT_DAYS", "KINDS", "MISSED_AFTER", "Reminder", "ReminderService", "contract_days", "dismiss", "done",
           "my_records", "plan", "reminder_for", "snooze", "snooze_choices"]


def my_records(replica: Replica) -> list[Record]:
    user = replica.user
    return [r for kind in KINDS for r in replica.records(kind, where={"assignee": user})] if user else []


# ---- actions: each is a normal edit, so it reaches the user's other PCs through sync

def snooze(replica: Replica, reminder: Reminder, until: datetime) -> None:
    replica.set(reminder.rec, {"_snoozed_until": until.isoformat(timespec="minutes"),
                               "_snoozed_for": reminder.occurrence.isoformat()})


def dismiss(replica: Replica, reminder: Reminder) -> None:
    replica.set(reminder.rec, {"_dismissed": reminder.occurrence.isoformat(), "_snoozed_until": None})


def done(replica: Replica, reminder: Reminder) -> None:
    """A one-off task or event is done; for a repeating task only this occurrence is."""
    if reminder.kind == "task" and not reminder.repeating:
        replica.set(reminder.rec, {"done": True, "_dismissed": reminder.occurrence.isoformat(),
                                   "_snoozed_until": None})
    else:
        dismiss(replica, reminder)


def snooze_choices(now: datetime) -> list[tuple[str, datetime]]:
    """The snooze menu: 5, 15, 60 minutes, tomorrow morning."""
    tomorrow = (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    return [("5 min", now + timedelta(minutes=5)), ("15 min", now + timedelta(minutes=15)),
            ("1 hour", now + timedelta(hours=1)), ("tomorrow 9:00", tomorrow)]


class ReminderService:
    """Keeps one APScheduler job at the next reminder time, and re-plans when records change."""

    def __init__(self, replica: Replica, on_due: Callable[[list[Reminder]], None], *, tz: tzinfo | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler
        from tzlocal import get_localzone
        self.replica = replica
        self.on_due = on_due
        self.tz = tz or get_localzone()
        self._now = now or (lambda: datetime.now(self.tz).replace(tzinfo=None))
        # Missed jobs must still run (grace None) and a backlog runs once (coalesce): APScheduler's defaults drop them.
        self.scheduler = BackgroundScheduler(timezone=self.tz, job_defaults={"misfire_grace_time": None,
                                                                            "coalesce": True})
        self._lock = threading.Lock()
        self._unlisten: Callable[[], None] | None = None
        self.pending: list[Reminder] = []
        self.due: list[Reminder] = []

    def start(self) -> None:
        self.scheduler.start()
        self.scheduler.add_job(self.check, "interval", seconds=SAFETY_CHECK_S, id="safety")
        self._unlisten = self.replica.on_change(self._changed)
        self.check()

    def stop(self) -> None:
        if self._unlisten is not None:
            self._unlisten()
        self.scheduler.shutdown(wait=True)

    def _changed(self, change: Change) -> None:
        if change.kinds & {*KINDS, "requisites"} or not change.kinds:
            # Re-plan on the scheduler's thread, shortly, so a burst of changes costs one pass.
            run = datetime.now(self.tz) + timedelta(milliseconds=200)
            self.scheduler.add_job(self.check, "date", run_date=run, id="replan", replace_existing=True)

    def check(self) -> list[Reminder]:
        now = self._now()
        known_due = [r for r in self.pending if r.fire_at <= now]
        if known_due:
            # Say it at once from the last plan; re-planning thousands of records comes after.
            try:
                self.on_due(known_due)
            except Exception:
                log.exception("showing reminders failed")
        with self._lock:
            now = self._now()
            self.pending = plan(my_records(self.replica), self.replica.user, now, contract_days(self.replica))
            self.due = [r for r in self.pending if r.fire_at <= now]
            upcoming = [r for r in self.pending if r.fire_at > now]
            if upcoming:
                at = upcoming[0].fire_at.replace(tzinfo=self.tz)
                self.scheduler.add_job(self.check, "date", run_date=at, id="next", replace_existing=True)
            elif self.scheduler.get_job("next"):
                self.scheduler.remove_job("next")
            due = list(self.due)
        try:
            self.on_due(due)
        except Exception:
            log.exception("showing reminders failed")
        return due
