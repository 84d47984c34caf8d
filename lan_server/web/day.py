"""My day: the user's open tasks and their events for today and the week (the planner's data), with each one's
reminder time, which an open page shows as a notification."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from lan_server.auth import User
from lan_server.records import Record
from lan_server.web.listener import web_of
from lan_server.web.reader import Reader
from lan_server.web.requests import visit_of
from lan_server.web.shown import brief, view

WEEK = timedelta(days=7)
ANCHOR = {"task": "due", "event": "when"}


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None) if value else None
    except ValueError:
        return None


def reminder(record: Record) -> str | None:
    """When the record reminds its assignee (its `remind_at`, or `remind_before` minutes before its time), unless
    that reminder was already dismissed; a repeating task's later times are the window's to work out."""
    f = record.fields
    at = _moment(f.get("remind_at"))
    anchor = _moment(f.get(ANCHOR[record.kind]))
    if at is None and anchor is not None and isinstance(f.get("remind_before"), (int, float)):
        at = anchor - timedelta(minutes=float(f["remind_before"]))
    dismissed = _moment(f.get("_dismissed"))
    if at is None or (dismissed is not None and dismissed >= at):
        return None
    return at.isoformat(timespec="minutes")


def my_day(reader: Reader, user: User, now: datetime | None = None) -> dict[str, Any]:
    reader.rights.recheck()
    now = now or datetime.now()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    end = (today + WEEK).isoformat(timespec="minutes")
    reads = view(reader, user)
    schema = reads.schema()
    tasks = [t for t in reads.records("task", where={"assignee": user.name})
             if not t.fields.get("done") and str(t.fields.get("due") or "") < end]
    events = [e for e in reads.records("event", where={"assignee": user.name})
              if today.isoformat(timespec="minutes") <= str(e.fields.get("when") or "") < end]
    items = sorted(tasks + events, key=lambda r: str(r.fields.get(ANCHOR[r.kind]) or ""))
    rows = brief(reader, user, schema, items)
    for row, record in zip(rows, items):
        at = record.fields.get(ANCHOR[record.kind])
        row.update({"at": at, "remind": reminder(record), "anchor": ANCHOR[record.kind]})
    return {"now": now.isoformat(timespec="minutes"), "today": today.date().isoformat(), "rows": rows}


async def get_day(request: web.Request) -> web.Response:
    visit = await visit_of(request)
    return web.json_response(await web_of(request).reader(visit.office).call(my_day, visit.user))


def mount(app: web.Application) -> None:
    app.router.add_get("/api/day", get_day)
