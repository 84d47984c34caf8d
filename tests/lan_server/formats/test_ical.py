"""Events and tasks as iCalendar: icalendar and vobject read back what we write, a phone's times in other zones
arrive as the office's wall clock, reminders and repeat rules go both ways."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from lan_server.formats import ical
from lan_server.records.schema import Schema

MOSCOW = ZoneInfo("Europe/Moscow")
STAMP = datetime(2026, 5, 1, 7, 0, tzinfo=timezone.utc)
EVENT = {"title": "Встреча с «Ромашкой»; договор, счёт", "when": "2026-05-04T10:00", "remind_before": 15,
         "type": "meeting", "note": "Взять\nдоговор", "assignee": "olga"}
TASK = {"title": "Позвонить", "due": "2026-05-05T09:30", "remind_at": "2026-05-05T09:00", "priority": "high",
        "repeat": "monthly:30;until=2026-12-31", "done": False}


def kd(kind: str):  # type: ignore[no-untyped-def]
    return Schema.builtin().kind(kind)


def test_an_event_as_icalendar_and_vobject_read_it() -> None:
    text = ical.to_ical(kd("event"), EVENT, uid="e-1", zone=MOSCOW, stamp=STAMP, link="https://office/r/e-1")
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["summary"]) == EVENT["title"] and str(event["uid"]) == "e-1"
    assert event.decoded("dtstart") == datetime(2026, 5, 4, 10, 0, tzinfo=MOSCOW)
    assert event.decoded("dtend") == datetime(2026, 5, 4, 11, 0, tzinfo=MOSCOW)
    assert str(event["description"]) == "Взять\nдоговор" and str(event["url"]) == "https://office/r/e-1"
    alarm = event.walk("VALARM")[0]
    assert alarm.decoded("trigger").total_seconds() == -15 * 60
    parsed = vobject.readOne(text)
    assert parsed.vevent.summary.value == EVENT["title"]
    assert parsed.vevent.dtstart.value == datetime(2026, 5, 4, 10, 0, tzinfo=parsed.vevent.dtstart.value.tzinfo)
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Moscow" in text


def test_a_task_as_icalendar_with_its_rule_and_absolute_reminder() -> None:
    text = ical.to_ical(kd("task"), TASK, uid="t-1", zone=MOSCOW, stamp=STAMP)
    todo = icalendar.Calendar.from_ical(text).walk("VTODO")[0]
    assert todo.decoded("due") == datetime(2026, 5, 5, 9, 30, tzinfo=MOSCOW)
    assert str(todo["status"]) == "NEEDS-ACTION" and int(todo["priority"]) == 1
    assert todo["rrule"].to_ical() == b"FREQ=MONTHLY;UNTIL=20261231T205959Z;BYMONTHDAY=28,29,30;BYSETPOS=-1"
    assert todo.walk("VALARM")[0].decoded("trigger") == datetime(2026, 5, 5, 6, 0, tzinfo=timezone.utc)
    assert vobject.readOne(text).vtodo.summary.value == "Позвонить"


@pytest.mark.parametrize("kind, fields", [("event", EVENT), ("task", TASK),
                                          ("task", {**TASK, "done": True, "repeat": "", "remind_at": None,
                                                    "remind_before": 30, "priority": "low"})])
def test_what_we_write_reads_back_as_the_record(kind: str, fields: dict) -> None:  # type: ignore[type-arg]
    text = ical.to_ical(kd(kind), fields, uid="x", zone=MOSCOW, stamp=STAMP)
    values = ical.ical_values(ical.parse_ical(text), kd(kind), MOSCOW)
    for key, value in values.items():
        if key == "remind_at" and kind == "event":
            continue  # an event's reminder travels relative to its start
        assert value == (fields.get(key) or None if not isinstance(fields.get(key), bool) else fields[key]), key


def test_a_phone_in_another_zone_moves_nothing() -> None:
    # A phone abroad sends the meeting in UTC (10:00 in Moscow is 07:00Z), the reminder as an absolute time.
    body = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:phone\r\nBEGIN:VEVENT\r\nUID:p1\r\nDTSTAMP:20260501T000000Z\r\n"
            "DTSTART:20260504T070000Z\r\nDTEND:20260504T080000Z\r\nSUMMARY:Встреча\r\nCATEGORIES:Звонок\r\n"
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;VALUE=DATE-TIME:20260504T064500Z\r\nEND:VALARM\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    values = ical.ical_values(ical.parse_ical(body), kd("event"), MOSCOW)
    assert values["when"] == "2026-05-04T10:00" and values["remind_at"] == "2026-05-04T09:45"
    assert values["type"] == "call"


def test_an_all_day_task_keeps_its_date() -> None:
    body = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:p\r\nBEGIN:VTODO\r\nUID:t\r\nDTSTAMP:20260501T000000Z\r\n"
            "DUE;VALUE=DATE:20260510\r\nSUMMARY:Сдать отчёт\r\nSTATUS:COMPLETED\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
    values = ical.ical_values(ical.parse_ical(body), kd("task"), MOSCOW)
    assert values["due"] == "2026-05-10" and values["done"] is True
    again = ical.ical_values(ical.parse_ical(ical.to_ical(kd("task"), values, uid="t", zone=MOSCOW, stamp=STAMP)),
                             kd("task"), MOSCOW)
    assert again["due"] == "2026-05-10"


@pytest.mark.parametrize("rule, rrule", [
    ("daily", b"FREQ=DAILY"), ("daily/3;count=5", b"FREQ=DAILY;COUNT=5;INTERVAL=3"),
    ("weekdays", b"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"), ("weekly:mon,thu", b"FREQ=WEEKLY;BYDAY=MO,TH"),
    ("weekly/2:fri;until=2026-09-01", b"FREQ=WEEKLY;UNTIL=20260901T205959Z;INTERVAL=2;BYDAY=FR"),
    ("monthly:31", b"FREQ=MONTHLY;BYMONTHDAY=-1"), ("monthly:29", b"FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1"),
    ("monthly:15", b"FREQ=MONTHLY;BYMONTHDAY=15"), ("yearly", b"FREQ=YEARLY"),
    ("RRULE:FREQ=MONTHLY;BYDAY=2TU", b"FREQ=MONTHLY;BYDAY=2TU")])
def test_repeat_rules_both_ways(rule: str, rrule: bytes) -> None:
    made = ical.rrule_of(rule, datetime(2026, 5, 5, 9, 30), MOSCOW)
    assert made.to_ical() == rrule
    assert ical.repeat_of(icalendar.vRecur.from_ical(rrule.decode()), MOSCOW) == rule


@pytest.mark.parametrize("body", ["", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "not a calendar",
                                  "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\n"
                                  "END:VEVENT\r\nEND:VCALENDAR\r\n"])
def test_a_broken_calendar_object_is_refused_with_a_reason(body: str) -> None:
    with pytest.raises(ical.CalendarError):
        ical.parse_ical(body)
