"""iCalendar plugin: tasks (VTODO) and events (VEVENT) to .ics for calendar programs and phones."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Sequence

from client.api import KindDef, Record, Registry


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    cur = b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > (75 if not parts else 74):
            parts.append(cur.decode("utf-8"))
            cur = b""
        cur += b
    parts.append(cur.decode("utf-8"))
    return "\r\n ".join(parts)


def _local(value: Any) -> str | None:
    try:
        dt = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return dt.strftime("%Y%m%dT%H%M%S")  # floating local time: shown at the same clock time everywhere


def write_ics(path: Path, kd: KindDef, records: Sequence[Record], *, titles: dict[str, str] | None = None,
              **_: Any) -> int:
    if kd.key not in ("task", "event"):
        raise ValueError("iCalendar export is for tasks and events")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//LAN organizer//RU", "CALSCALE:GREGORIAN"]
    count = 0
    for r in records:
        f = r.fields
        comp = "VTODO" if kd.key == "task" else "VEVENT"
        lines += [f"BEGIN:{comp}", f"UID:{r.id}@lan-organizer", f"DTSTAMP:{stamp}",
                  f"SUMMARY:{_esc(str(f.get('title') or ''))}"]
        when = _local(f.get("due") if kd.key == "task" else f.get("when"))
        if when and kd.key == "task":
            lines.append(f"DUE:{when}")
        elif when:
            start = datetime.strptime(when, "%Y%m%dT%H%M%S")
            lines += [f"DTSTART:{when}", f"DTEND:{(start + timedelta(hours=1)).strftime('%Y%m%dT%H%M%S')}"]
        if f.get("note"):
            lines.append(f"DESCRIPTION:{_esc(str(f['note']))}")
        if kd.key == "task":
            lines.append("STATUS:COMPLETED" if f.get("done") else "STATUS:NEEDS-ACTION")
        remind = _local(f.get("remind_at"))
        if remind and when:
            # Relative to the start or due time; an absolute trigger would have to be in UTC.
            before = datetime.strptime(when, "%Y%m%dT%H%M%S") - datetime.strptime(remind, "%Y%m%dT%H%M%S")
            minutes = int(before.total_seconds() // 60)
            trigger = f"-PT{minutes}M" if minutes >= 0 else f"PT{-minutes}M"
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_esc(str(f.get('title') or ''))}",
                      f"TRIGGER:{trigger}", "END:VALARM"]
        lines.append(f"END:{comp}")
        count += 1
    lines.append("END:VCALENDAR")
    path.write_text("\r\n".join(_fold(line) for line in lines) + "\r\n", encoding="utf-8")
    return count


def register(registry: Registry) -> None:
    registry.add_writer("ics", write_ics)
