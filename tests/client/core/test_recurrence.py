"""Repeat rules: month ends, weekdays, until/count, wall-clock time across DST, bad rules."""

from __future__ import annotations

from datetime import datetime, timezone
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from client.core.recurrence import describe, last_at_or_before, next_after, occurrences, parse


def take(rule: str, start: datetime, n: int) -> list[datetime]:
    r = parse(rule)
    assert r is not None
    return list(islice(occurrences(r, start), n))


def test_monthly_on_the_31st_clamps_to_month_ends() -> None:
    got = take("monthly:31", datetime(2026, 1, 31, 9, 0), 5)
    assert [d.date().isoformat() for d in got] == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30",
                                                   "2026-05-31"]
    leap = take("monthly:31", datetime(2028, 1, 31, 9, 0), 2)
    assert leap[1].date().isoformat() == "2028-02-29"


def test_yearly_on_29_february() -> None:
    got = take("yearly", datetime(2028, 2, 29, 10, 0), 3)
    assert [d.date().isoformat() for d in got] == ["2028-02-29", "2029-02-28", "2030-02-28"]


def test_weekdays_weekly_days_daily_interval() -> None:
    fri = datetime(2026, 11, 20, 8, 30)
    assert [d.strftime("%a %d") for d in take("weekdays", fri, 4)] == ["Fri 20", "Mon 23", "Tue 24", "Wed 25"]
    assert [d.day for d in take("weekly:mon,thu", datetime(2026, 11, 22, 12), 4)] == [23, 26, 30, 3]
    assert [d.day for d in take("daily/3", datetime(2026, 11, 1, 7), 3)] == [1, 4, 7]


def test_until_and_count_end_a_series() -> None:
    assert len(take("daily;count=3", datetime(2026, 1, 1, 9), 10)) == 3
    got = take("daily;until=2026-01-04", datetime(2026, 1, 1, 9), 10)
    assert [d.day for d in got] == [1, 2, 3, 4]
    assert next_after(parse("daily;until=2026-01-04"), datetime(2026, 1, 1, 9), datetime(2026, 1, 4, 10)) is None


@pytest.mark.parametrize("zone, day", [("Europe/Berlin", 29), ("Europe/Moscow", 29)])
def test_wall_clock_time_is_kept_across_the_spring_dst_change(zone: str, day: int) -> None:
    tz = ZoneInfo(zone)
    got = take("daily", datetime(2026, 3, 27, 9, 0), 5)
    assert all(d.hour == 9 and d.minute == 0 for d in got)
    utc_hours = [d.replace(tzinfo=tz).astimezone(timezone.utc).hour for d in got]
    if zone == "Europe/Berlin":
        assert utc_hours == [8, 8, 7, 7, 7]  # 09:00 CET then 09:00 CEST: the same wall time, one hour less UTC
    else:
        assert utc_hours == [6] * 5           # Moscow has no DST: always UTC+3


def test_skipping_ahead_gives_the_same_answers_as_walking() -> None:
    rule = parse("daily")
    start = datetime(2020, 1, 1, 9, 0)
    moment = datetime(2026, 11, 22, 12, 0)
    assert last_at_or_before(rule, start, moment) == datetime(2026, 11, 22, 9, 0)
    assert next_after(rule, start, moment) == datetime(2026, 11, 23, 9, 0)
    monthly = parse("monthly:31")
    assert next_after(monthly, datetime(2020, 1, 31, 9), datetime(2026, 2, 1)) == datetime(2026, 2, 28, 9)


def test_bad_rules_say_what_is_wrong_and_descriptions_read_well() -> None:
    for bad, words in [("hourly", "unknown repeat"), ("weekly:funday", "no known weekday"),
                       ("monthly:40", "1-31"), ("daily;every=2", "unknown repeat option")]:
        with pytest.raises(ValueError, match=words):
            parse(bad)
    assert parse("") is None and parse("нет") is None
    assert describe(parse("weekdays"), "ru") == "по будням"
    assert describe(parse("monthly:31;until=2027-01-01"), "en") == "monthly on the last day until 2027-01-01"
    assert describe(parse("monthly:15"), "en") == "monthly on day 15"
    assert describe(parse("weekly:mon,thu"), "ru") == "каждый пн и чт"
    assert describe(parse("weekly/2:mon,wed,fri"), "ru") == "раз в 2 нед.: пн, ср и пт"
