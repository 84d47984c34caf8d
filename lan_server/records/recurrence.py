"""A task's repeat rule as text (its `repeat` field): read and written here, for the PC's reminders and the
server's calendars alike, and its occurrences in local wall-clock time (09:00 stays 09:00 across a DST change);
client/core/recurrence.py says a rule in words.

Rule text, parts separated by `;`:
  daily | daily/N (every N days) | weekdays | weekly:mon,thu | monthly:31 | monthly (the start's day) | yearly
  ;until=YYYY-MM-DD   last date an occurrence may fall on
  ;count=N            at most N occurrences, the first included
A day of month past the month's end means its last day (monthly:31 → 28 Feb, 30 Apr, 31 May).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

MAX_STEPS = 100_000  # bounds every search of occurrences, whatever the rule
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAYS_RU = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
# A rule that cannot be read, by code: the PC says it in its user's language (client/core/recurrence.py).
MESSAGES = {
    "option": "unknown repeat option {opt!r} (use until=YYYY-MM-DD or count=N)",
    "interval": "bad interval in {head!r}",
    "weekday": "no known weekday in {arg!r} (use mon,tue,wed,thu,fri,sat,sun)",
    "monthday": "day of month must be 1-31, not {arg!r}",
    "unknown": "unknown repeat {head!r} (daily, weekdays, weekly:mon,thu, monthly:31, yearly)",
}


class RuleError(ValueError):
    """A repeat rule that cannot be read: a code of MESSAGES and its parameters."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(MESSAGES[code].format(**params))
        self.code, self.params = code, params


@dataclass(frozen=True)
class Rule:
    freq: str                      # daily | weekdays | weekly | monthly | yearly
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    monthday: int | None = None
    until: date | None = None
    count: int | None = None


# What people type in Russian, read as the rule it means.
RU_WORDS = {"каждый день": "daily", "ежедневно": "daily", "по будням": "weekdays", "по рабочим дням": "weekdays",
            "каждую неделю": "weekly", "еженедельно": "weekly", "каждый месяц": "monthly",
            "ежемесячно": "monthly", "каждый год": "yearly", "ежегодно": "yearly"}


def parse(text: str) -> Rule | None:
    """None for an empty rule (no repeat); RuleError (a ValueError with a code) for a wrong one."""
    text = (text or "").strip().lower()
    if not text or text in ("none", "no", "нет"):
        return None
    head, sep, rest = text.partition(";")
    text = RU_WORDS.get(head.strip(), head) + sep + rest
    head, *opts = [p.strip() for p in text.split(";") if p.strip()]
    until: date | None = None
    count: int | None = None
    for opt in opts:
        key, _sep, value = opt.partition("=")
        if key == "until":
            until = date.fromisoformat(value)
        elif key == "count" and value.isdigit() and int(value) > 0:
            count = int(value)
        else:
            raise RuleError("option", opt=opt)
    name, _sep, arg = head.partition(":")
    name, _sep, every = name.partition("/")
    interval = int(every) if every.isdigit() and int(every) > 0 else 1
    if every and not every.isdigit():
        raise RuleError("interval", head=head)
    if name == "daily":
        return Rule("daily", interval, until=until, count=count)
    if name == "weekdays":
        return Rule("weekly", 1, (0, 1, 2, 3, 4), until=until, count=count)
    if name == "weekly":
        days = tuple(sorted({DAYS.index(d.strip()[:3]) for d in arg.split(",") if d.strip()[:3] in DAYS}))
        if arg and not days:
            raise RuleError("weekday", arg=arg)
        return Rule("weekly", interval, days, until=until, count=count)
    if name == "monthly":
        day = int(arg) if arg.isdigit() and 1 <= int(arg) <= 31 else None
        if arg and day is None:
            raise RuleError("monthday", arg=arg)
        return Rule("monthly", interval, monthday=day, until=until, count=count)
    if name == "yearly":
        return Rule("yearly", interval, until=until, count=count)
    raise RuleError("unknown", head=head)


def to_text(rule: Rule | None) -> str:
    """The rule as stored in a task's `repeat` field (what `parse` reads back)."""
    if rule is None:
        return ""
    every = f"/{rule.interval}" if rule.interval > 1 else ""
    if rule.freq == "weekly" and rule.weekdays == (0, 1, 2, 3, 4) and not every:
        head = "weekdays"
    elif rule.freq == "weekly":
        head = f"weekly{every}" + (":" + ",".join(DAYS[d] for d in rule.weekdays) if rule.weekdays else "")
    elif rule.freq == "monthly":
        head = f"monthly{every}" + (f":{rule.monthday}" if rule.monthday else "")
    else:
        head = f"{rule.freq}{every}"
    return head + (f";until={rule.until.isoformat()}" if rule.until else "") + \
        (f";count={rule.count}" if rule.count else "")


def _month_shift(d: datetime, months: int, day: int) -> datetime:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    return d.replace(year=year, month=month, day=min(day, last))


def _first_period(rule: Rule, start: datetime, near: datetime | None) -> int:
    """How many whole periods can be skipped to come close to `near` (only when no count is kept)."""
    if near is None or near <= start or rule.count is not None:
        return 0
    days = (near - start).days
    if rule.freq == "daily":
        return max(0, days // rule.interval - 1)
    if rule.freq == "weekly":
        return max(0, days // (7 * rule.interval) - 1)
    if rule.freq == "monthly":
        return max(0, (days // 31) // rule.interval - 1)
    return max(0, (days // 366) // rule.interval - 1)


def occurrences(rule: Rule, start: datetime, near: datetime | None = None) -> Iterator[datetime]:
    """Occurrences from `start` (itself the first), in order; bounded by until/count and MAX_STEPS.

    With `near`, iteration starts a period or so before it instead of at `start` (same results from there on).
    """
    n = 0
    steps = 0
    skip = _first_period(rule, start, near)

    def allowed(d: datetime) -> bool:
        return rule.until is None or d.date() <= rule.until

    if rule.freq == "weekly" and rule.weekdays:
        day0 = start - timedelta(days=start.weekday())  # Monday of the start's week
        week = skip
        while steps < MAX_STEPS:
            for wd in rule.weekdays:
                d = day0 + timedelta(days=7 * week * rule.interval + wd)
                if d < start:
                    continue
                if not allowed(d) or (rule.count is not None and n >= rule.count):
                    return
                n += 1
                yield d
            week += 1
            steps += 1
        return
    k = skip
    while steps < MAX_STEPS:
        if rule.freq == "daily":
            d = start + timedelta(days=k * rule.interval)
        elif rule.freq == "weekly":
            d = start + timedelta(days=7 * k * rule.interval)
        elif rule.freq == "monthly":
            d = _month_shift(start, k * rule.interval, rule.monthday or start.day)
        else:
            d = _month_shift(start, 12 * k * rule.interval, start.day)
        if rule.freq == "monthly" and rule.monthday and k == 0 and d < start:
            k += 1
            steps += 1
            continue
        if not allowed(d) or (rule.count is not None and n >= rule.count):
            return
        n += 1
        yield d
        k += 1
        steps += 1


def next_after(rule: Rule | None, start: datetime, after: datetime) -> datetime | None:
    """The first occurrence strictly after `after` (the start itself when there is no rule)."""
    if rule is None:
        return start if start > after else None
    for d in occurrences(rule, start, after):
        if d > after:
            return d
    return None


def last_at_or_before(rule: Rule | None, start: datetime, moment: datetime) -> datetime | None:
    """The latest occurrence not after `moment`, or None."""
    if rule is None:
        return start if start <= moment else None
    found = None
    for d in occurrences(rule, start, moment):
        if d > moment:
            break
        found = d
    return found
