"""Which reminders are mine and when (a pure planner), and the APScheduler glue that fires them on time.

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
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Callable, Iterable

from client.core import recurrence
from client.core.replica import Change, Replica
from lan_server.records import Record

log = logging.getLogger(__name__)
KINDS = ("task", "event", "contract")
CONTRACT_DAYS = 14                    # an office that set nothing hears of a contract's end two weeks before
MISSED_AFTER = timedelta(minutes=1)   # fired later than this after its time: the PC was off or asleep
SAFETY_CHECK_S = 60                   # a periodic look, in case the clock jumped or a wake-up was lost


@dataclass(frozen=True)
class Reminder:
    rec: str
    kind: str
    title: str
    occurrence: datetime       # the reminder time of this occurrence (local wall time)
    fire_at: datetime          # when it shows: the occurrence, or the snooze time
    due: datetime | None       # the task's due / the event's time, for display
    missed: bool = False
    repeating: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.rec, self.occurrence.isoformat())


def _dt(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def reminder_for(record: Record, user: str, now: datetime, contract_days: int = CONTRACT_DAYS) -> Reminder | None:
    """The one pending reminder of a record for `user` at `now` (local naive time), if any."""
    f = record.fields
    if record.deleted or record.kind not in KINDS or not user or f.get("assignee") != user or f.get("done"):
        return None
    if record.kind == "contract":
        end = _dt(f.get("valid_until"))
        anchor = end.replace(hour=9, minute=0) if end is not None else None
        base = anchor - timedelta(days=contract_days) if anchor is not None else None
    else:
        anchor = _dt(f.get("due") if record.kind == "task" else f.get("when"))
        base = _dt(f.get("remind_at"))
    if base is None and anchor is not None and isinstance(f.get("remind_before"), (int, float)):
        base = anchor - timedelta(minutes=float(f["remind_before"]))
    if base is None:
        return None
    try:
        rule = recurrence.parse(str(f.get("repeat") or "")) if record.kind == "task" else None
    except ValueError:
        rule = None  # a rule nobody can read still reminds once rather than never
    acknowledged = _dt(f.get("_dismissed"))
    latest = recurrence.last_at_or_before(rule, base, now)
    if latest is not None and (acknowledged is None or latest > acknowledged):
        occurrence: datetime | None = latest  # earlier missed ones of a series are folded into this one
    else:
        occurrence = recurrence.next_after(rule, base, max(acknowledged, now) if acknowledged else now)
    if occurrence is None:
        return None
    fire_at = occurrence
    snoozed = _dt(f.get("_snoozed_until"))
    if snoozed is not None and _dt(f.get("_snoozed_for")) == occurrence:
        fire_at = snoozed
    shift = anchor - base if anchor is not None and rule is not None else None
    due = occurrence + shift if shift is not None else anchor
    title = str(f.get("title") or "")
    if record.kind == "contract":
        title = " ".join(str(f.get(k) or "") for k in ("number", "subject")).strip()
    return Reminder(record.id, record.kind, title, occurrence, fire_at, due,
                    missed=fire_at <= now - MISSED_AFTER, repeating=rule is not None)


def plan(records: Iterable[Record], user: str, now: datetime, contract_days: int = CONTRACT_DAYS) -> list[Reminder]:
    """Every pending reminder of `user`, soonest first (due ones have fire_at <= now)."""
    found = [r for r in (reminder_for(rec, user, now, contract_days) for rec in records) if r is not None]
    return sorted(found, key=lambda r: (r.fire_at, r.rec))


def contract_days(replica: Replica) -> int:
    """How many days before a contract's end its manager hears of it: the office's requisites say."""
    from lan_server.records.schema import REQUISITES_ID
    req = replica.get(REQUISITES_ID)
    days = req.fields.get("contract_remind_days") if req is not None else None
    return int(days) if isinstance(days, (int, float)) and not isinstance(days, bool) and days >= 0 \
        else CONTRACT_DAYS


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
