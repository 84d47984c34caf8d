"""Which reminders are a user's and when: a pure planner shared by the PC (client/core/reminders.py fires them) and
the browser's My day, so both remind of the same things at the same times.

A task or event reminds its assignee at `remind_at`, or `remind_before` minutes before its `due`/`when`; a contract
reminds its assignee at 9:00 the office's number of days (the requisites) before `valid_until`; a repeating task
reminds at every occurrence. What the user did with a reminder is stored on the record (`_dismissed`: the last
occurrence acknowledged; `_snoozed_until` with `_snoozed_for`: the occurrence it postpones)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from lan_server.records import Record, recurrence
from lan_server.records.reader import RecordsReader
from lan_server.records.schema import REQUISITES_ID

KINDS = ("task", "event", "contract")
CONTRACT_DAYS = 14                    # an office that set nothing hears of a contract's end two weeks before
MISSED_AFTER = timedelta(minutes=1)   # fired later than this after its time: the PC was off or asleep


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
    except recurrence.RuleError:
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


def contract_days(reader: RecordsReader) -> int:
    """How many days before a contract's end its manager hears of it: the office's requisites say."""
    req = reader.get(REQUISITES_ID)
    days = req.fields.get("contract_remind_days") if req is not None else None
    return int(days) if isinstance(days, (int, float)) and not isinstance(days, bool) and days >= 0 \
        else CONTRACT_DAYS
