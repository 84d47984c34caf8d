"""iCalendar plugin: tasks (VTODO) and events (VEVENT) to .ics for calendar programs and phones, written as the
office's phones get them (lan_server/formats/ical.py)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from client.api import KindDef, Record, Registry
from lan_server.formats import ical


def write_ics(path: Path, kd: KindDef, records: Sequence[Record], *, titles: dict[str, str] | None = None,
              **_: Any) -> int:
    if kd.key not in ical.COMPONENTS:
        raise ValueError("iCalendar export is for tasks and events")
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    zone = ical.office_zone()
    components = [ical.component(kd, r.fields, uid=f"{r.id}@lan-organizer", zone=zone, stamp=stamp) for r in records]
    path.write_text(ical.calendar(components), encoding="utf-8", newline="")
    return len(records)


def register(registry: Registry) -> None:
    registry.add_writer("ics", write_ics)
