"""Events and tasks as iCalendar (VEVENT and VTODO with VALARM), and a calendar object back as field values.

Built and read with the icalendar library. Times are the office's wall-clock times: written with the office's
time zone (TZID and its VTIMEZONE), so a phone abroad still shows a 10:00 meeting at the office's 10:00; a time a
phone sends in another zone or in UTC is turned into the office's wall-clock time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any, Mapping

from lan_server.records import recurrence
from lan_server.records.schema import EVENT_TYPES, KindDef

PRODID = "-//LAN organizer//RU"
COMPONENTS = {"event": "VEVENT", "task": "VTODO"}
KINDS = {v: k for k, v in COMPONENTS.items()}
EVENT_LENGTH = timedelta(hours=1)  # an event stores its start only; a calendar shows it as an hour
_PRIORITIES = {"high": 1, "normal": 5, "low": 9}
# Fields that say one thing together: when a phone changes the reminder, both are written.
REMINDER_FIELDS = ("remind_at", "remind_before")
ZONE_FROM = date(2010, 1, 1)


class CalendarError(ValueError):
    """A calendar object that cannot be read; the message says why."""


def office_zone() -> tzinfo:
    """The office's time zone: the server's own (an office's PCs and server share one)."""
    try:
        import tzlocal
        return tzlocal.get_localzone()
    except Exception:  # no zone configured on the machine: wall-clock times are then UTC
        return timezone.utc


def _local(value: Any) -> datetime | date | None:
    """A stored date and time (office wall clock, no zone) or a bare date."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def _zoned(value: datetime | date, zone: tzinfo) -> datetime | date:
    return value if not isinstance(value, datetime) else value.replace(tzinfo=zone)


def _stored(value: Any, zone: tzinfo) -> str | None:
    """A calendar's date or time as stored: office wall clock `YYYY-MM-DDTHH:MM`, or `YYYY-MM-DD` all day."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone).replace(tzinfo=None)
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, date):
        return value.isoformat()
    return None


def _minutes(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def component(kd: KindDef, fields: Mapping[str, Any], *, uid: str, zone: tzinfo, stamp: datetime,
              link: str = "") -> Any:
    """One event or task as an icalendar component (VEVENT or VTODO)."""
    from icalendar import Alarm, Event, Todo
    kind = kd.key
    comp = Event() if kind == "event" else Todo()
    comp.add("uid", uid)
    comp.add("dtstamp", stamp)
    comp.add("last-modified", stamp)
    comp.add("summary", str(fields.get(kd.title_field) or ""))
    anchor = _local(fields.get("when" if kind == "event" else "due"))
    if kind == "event" and anchor is not None:
        comp.add("dtstart", _zoned(anchor, zone))
        comp.add("dtend", _zoned(anchor + (EVENT_LENGTH if isinstance(anchor, datetime) else timedelta(days=1)),
                                 zone))
    elif anchor is not None:
        comp.add("due", _zoned(anchor, zone))
    if fields.get("note"):
        comp.add("description", str(fields["note"]))
    if link:
        comp.add("url", link)
    if kind == "event":
        label = EVENT_TYPES.get(str(fields.get("type") or ""))
        if label:
            comp.add("categories", [label])
        comp.add("status", "CANCELLED" if fields.get("result") == "cancelled" else "CONFIRMED")
    else:
        done = bool(fields.get("done"))
        comp.add("status", "COMPLETED" if done else "NEEDS-ACTION")
        if done:
            comp.add("percent-complete", 100)
            comp.add("completed", stamp)
        if fields.get("priority") in _PRIORITIES:
            comp.add("priority", _PRIORITIES[str(fields["priority"])])
        rule = rrule_of(str(fields.get("repeat") or ""), anchor, zone)
        if rule and anchor is not None:  # a rule counts from DTSTART: a repeating task starts at its due time
            comp.add("dtstart", _zoned(anchor, zone))
            comp.add("rrule", rule)
    at, before = _local(fields.get("remind_at")), _minutes(fields.get("remind_before"))
    trigger: Any = None
    if isinstance(at, datetime) and isinstance(anchor, datetime) and kind == "event":
        trigger = at - anchor  # relative to the start: it moves with the meeting, as phones expect
    elif isinstance(at, datetime):
        trigger = at.replace(tzinfo=zone).astimezone(timezone.utc)
    elif before is not None and isinstance(anchor, datetime):
        trigger = timedelta(minutes=-before)
    if trigger is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", str(fields.get(kd.title_field) or "") or "Напоминание")
        # A task's time is its due time: a reminder before it is relative to the end (RFC 5545 3.8.6.3).
        if kind == "task" and isinstance(trigger, timedelta):
            alarm.add("trigger", trigger, parameters={"RELATED": "END"})
        else:
            alarm.add("trigger", trigger)
        comp.add_component(alarm)
    return comp


def to_ical(kd: KindDef, fields: Mapping[str, Any], *, uid: str, zone: tzinfo, stamp: datetime,
            link: str = "") -> str:
    """One event or task as a whole calendar object (VCALENDAR with its time zone)."""
    return calendar([component(kd, fields, uid=uid, zone=zone, stamp=stamp, link=link)])


def calendar(components: list[Any]) -> str:
    from icalendar import Calendar
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for comp in components:
        cal.add_component(comp)
    # Zone history from 2010 on (Moscow's is then a few lines; clients go by the TZID's name anyway).
    cal.add_missing_timezones(first_date=ZONE_FROM)
    return str(cal.to_ical().decode("utf-8"))


def parse_ical(text: str) -> Any:
    """The event or task a calendar object holds (its main occurrence); CalendarError says what is wrong."""
    from icalendar import Calendar
    try:
        cal = Calendar.from_ical(text)
    except Exception as e:  # icalendar raises ValueError and, on some broken input, other errors
        raise CalendarError(f"not an iCalendar object: {e}") from None
    found = [c for c in cal.walk() if c.name in KINDS]
    if not found:
        raise CalendarError("a calendar object must hold one VEVENT or VTODO")
    uids = {str(c.get("uid", "")) for c in found}
    if len(uids) > 1:
        raise CalendarError("a calendar object must hold one event or task (one UID)")
    masters = [c for c in found if c.get("recurrence-id") is None]
    return (masters or found)[0]


def _decoded(comp: Any, name: str) -> Any:
    if comp.get(name) is None:
        return None
    try:
        return comp.decoded(name)
    except Exception:
        return None


def ical_values(comp: Any, kd: KindDef, zone: tzinfo) -> dict[str, Any]:
    """The values a calendar object gives a record's fields (None: it clears the field), for every field a
    calendar object carries."""
    kind = kd.key
    values: dict[str, Any] = {kd.title_field: str(comp.get("summary", "")).strip() or None}
    anchor_raw = _decoded(comp, "dtstart" if kind == "event" else "due")
    if kind == "task" and anchor_raw is None:
        anchor_raw = _decoded(comp, "dtstart")
    anchor = _stored(anchor_raw, zone)
    values["when" if kind == "event" else "due"] = anchor
    if kd.field("note"):
        description = comp.get("description")
        values["note"] = str(description).strip() or None if description is not None else None
    status = str(comp.get("status", "")).upper()
    if kind == "event":
        if kd.field("type"):
            cats = comp.get("categories")
            labels = [str(c) for c in (cats.cats if hasattr(cats, "cats") else [])] if cats is not None else []
            by_label = {v.casefold(): k for k, v in EVENT_TYPES.items()}
            values["type"] = next((by_label[c.casefold()] for c in labels if c.casefold() in by_label), None)
    else:
        values["done"] = status == "COMPLETED" or _decoded(comp, "completed") is not None or \
            str(comp.get("percent-complete", "")) == "100"
        priority = comp.get("priority")
        if kd.field("priority"):
            p = int(priority) if priority is not None and str(priority).isdigit() else 0
            values["priority"] = None if p == 0 else "high" if p < 5 else "normal" if p == 5 else "low"
        if kd.field("repeat"):
            values["repeat"] = repeat_of(comp.get("rrule"), zone)
    values["remind_at"], values["remind_before"] = _reminder(comp, kind, anchor_raw, zone)
    return values


def _reminder(comp: Any, kind: str, anchor: Any, zone: tzinfo) -> tuple[str | None, float | None]:
    alarms = [a for a in comp.subcomponents if a.name == "VALARM"]
    if not alarms:
        return None, None
    alarm = alarms[0]
    trigger = _decoded(alarm, "trigger")
    if isinstance(trigger, datetime):
        return _stored(trigger if trigger.tzinfo else trigger.replace(tzinfo=timezone.utc), zone), None
    if isinstance(trigger, timedelta):
        minutes = -trigger.total_seconds() / 60
        return None, int(minutes) if minutes == int(minutes) else minutes
    return None, None


# ---- repeat rules

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
RAW = "RRULE:"  # a rule the office's repeat text cannot say is kept as the calendar wrote it


def rrule_of(rule: str, anchor: Any, zone: tzinfo = timezone.utc) -> Any:
    """The RRULE of a task's repeat rule text (lan_server/records/recurrence.py), or None when it has none."""
    from icalendar import vRecur
    text = rule.strip()
    if text.upper().startswith(RAW):
        try:
            return vRecur.from_ical(text[len(RAW):])
        except ValueError:
            return None
    try:
        parsed = recurrence.parse(text)
    except ValueError:
        return None
    if parsed is None:
        return None
    out: dict[str, Any] = {"FREQ": parsed.freq.upper()}
    if parsed.interval > 1:
        out["INTERVAL"] = parsed.interval
    if parsed.freq == "weekly" and parsed.weekdays:
        out["BYDAY"] = [_DAYS[d] for d in parsed.weekdays]
    if parsed.freq == "monthly":
        day = parsed.monthday or (anchor.day if isinstance(anchor, (date, datetime)) else None)
        if day == 31:
            out["BYMONTHDAY"] = [-1]
        elif day is not None and day > 28:  # the day, or the month's last when it is shorter
            out["BYMONTHDAY"] = list(range(28, day + 1))
            out["BYSETPOS"] = [-1]
        elif parsed.monthday:
            out["BYMONTHDAY"] = [parsed.monthday]
    if parsed.until is not None:
        end = datetime.combine(parsed.until, datetime.max.time().replace(microsecond=0))
        out["UNTIL"] = end.replace(tzinfo=zone).astimezone(timezone.utc) if isinstance(anchor, datetime) \
            else parsed.until
    if parsed.count is not None:
        out["COUNT"] = parsed.count
    return vRecur(out)


def repeat_of(rrule: Any, zone: tzinfo = timezone.utc) -> str | None:
    """A task's repeat rule text of an RRULE, or None; a rule the text cannot say is kept whole (RAW)."""
    if rrule is None:
        return None
    rules = rrule if isinstance(rrule, list) else [rrule]
    if not rules:
        return None
    rule = _rule_of(rules[0], zone) if len(rules) == 1 else None
    return recurrence.to_text(rule) if rule is not None else RAW + rules[0].to_ical().decode("ascii")


def _rule_of(rrule: Any, zone: tzinfo) -> recurrence.Rule | None:
    """The office's Rule an RRULE says, or None when the rule text cannot say it."""
    r = {k.upper(): v if isinstance(v, list) else [v] for k, v in rrule.items()}
    if not set(r) <= {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYSETPOS", "UNTIL", "COUNT", "WKST"}:
        return None
    freq = str((r.get("FREQ") or [""])[0]).lower()
    interval = int((r.get("INTERVAL") or [1])[0])
    days = [str(d).upper() for d in r.get("BYDAY") or []]
    monthdays = [int(d) for d in r.get("BYMONTHDAY") or []]
    setpos = [int(d) for d in r.get("BYSETPOS") or []]
    until = (r.get("UNTIL") or [None])[0]
    if isinstance(until, datetime):
        until = (until if until.tzinfo else until.replace(tzinfo=zone)).astimezone(zone).date()
    count = int(r["COUNT"][0]) if r.get("COUNT") else None
    weekdays: tuple[int, ...] = ()
    monthday: int | None = None
    if freq in ("daily", "yearly") and (days or monthdays or setpos):
        return None
    if freq == "weekly":
        if monthdays or setpos or not all(d in _DAYS for d in days):
            return None
        weekdays = tuple(sorted(_DAYS.index(d) for d in days))
    elif freq == "monthly":
        if days:
            return None
        if monthdays == [-1] and not setpos:
            monthday = 31
        elif len(monthdays) == 1 and 1 <= monthdays[0] <= 31 and not setpos:
            monthday = monthdays[0]
        elif setpos == [-1] and monthdays and monthdays == list(range(28, max(monthdays) + 1)):
            monthday = max(monthdays)
        elif monthdays or setpos:
            return None
    elif freq not in ("daily", "yearly"):
        return None
    return recurrence.Rule(freq, interval, weekdays, monthday, until if isinstance(until, date) else None, count)
