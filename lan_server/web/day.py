"""My day: the user's open tasks and their events for today and the week (the planner's data), with each one's
reminder time as the PC's planner works it out (lan_server/records/reminders.py), which an open page shows as a
notification."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from lan_server.auth import User
from lan_server.records import Record
from lan_server.records.reminders import contract_days, reminder_for
from lan_server.web.listener import web_of
from lan_server.web.reader import Reader
from lan_server.web.requests import lang_of, visit_of
from lan_server.web.shown import brief, view

WEEK = timedelta(days=7)
ANCHOR = {"task": "due", "event": "when", "contract": "valid_until"}


def _minutes(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment is not None else None


def my_day(reader: Reader, user: User, lang: str, now: datetime | None = None) -> dict[str, Any]:
    """The user's open tasks due before a week from today (overdue ones too), their events of the week and the
    contracts whose reminder comes within it, each with its pending reminder as the PC plans it (a repeating
    task's current occurrence, a snooze, a contract's days before its end)."""
    reader.rights.recheck()
    now = now or datetime.now()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    end = (today + WEEK).isoformat(timespec="minutes")
    reads = view(reader, user)
    schema = reads.schema()
    days = contract_days(reads)
    mine = {kind: reads.records(kind, where={"assignee": user.name}) if schema.has_kind(kind) else []
            for kind in ANCHOR}
    planned = {r.id: reminder_for(r, user.name, now, days) for records in mine.values() for r in records}
    tasks = [t for t in mine["task"] if not t.fields.get("done") and str(t.fields.get("due") or "") < end]
    events = [e for e in mine["event"] if today.isoformat(timespec="minutes") <= str(e.fields.get("when") or "") < end]
    contracts = [c for c in mine["contract"]
                 if (r := planned[c.id]) is not None and (_minutes(r.fire_at) or "") < end]
    items = tasks + events + contracts

    def at(record: Record) -> str:
        r = planned[record.id]
        if r is not None and r.repeating and r.due is not None:
            return _minutes(r.due) or ""  # the occurrence it is about now, not the series' first
        return str(record.fields.get(ANCHOR[record.kind]) or "")
    items.sort(key=at)
    rows = brief(reader, user, schema, items, lang)
    for row, record in zip(rows, items):
        r = planned[record.id]
        row.update({"at": at(record) or None, "anchor": ANCHOR[record.kind],
                    "remind": _minutes(r.fire_at) if r else None, "occurrence": _minutes(r.occurrence) if r else None})
    return {"now": now.isoformat(timespec="minutes"), "today": today.date().isoformat(), "rows": rows}


async def get_day(request: web.Request) -> web.Response:
    visit = await visit_of(request)
    return web.json_response(await web_of(request).reader(visit.office).call(my_day, visit.user, lang_of(request)))


def mount(app: web.Application) -> None:
    app.router.add_get("/api/day", get_day)
