"""Repeat rules for tasks, in local wall-clock time: next occurrence, and a description in en/ru. The rule text is
read and written by lan_server/records/recurrence.py (the server turns it into calendars' RRULEs too).

Occurrences keep their wall-clock time (09:00 stays 09:00 across a DST change).
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from client.core.i18n import _
from lan_server.records import recurrence as rules
from lan_server.records.dates import date_text
from lan_server.records.recurrence import DAYS, DAYS_RU, RU_WORDS, Rule, RuleError, to_text

MAX_STEPS = 100_000  # bounds every search, whatever the rule
__all__ = ["DAYS", "DAYS_RU", "RU_WORDS", "Rule", "describe", "last_at_or_before", "next_after", "occurrences",
           "parse", "to_text"]


def _messages() -> dict[str, str]:
    # The texts of lan_server.records.recurrence.MESSAGES, in the user's language (each literal is in the catalog).
    return {"option": _("unknown repeat option {opt!r} (use until=YYYY-MM-DD or count=N)"),
            "interval": _("bad interval in {head!r}"),
            "weekday": _("no known weekday in {arg!r} (use mon,tue,wed,thu,fri,sat,sun)"),
            "monthday": _("day of month must be 1-31, not {arg!r}"),
            "unknown": _("unknown repeat {head!r} (daily, weekdays, weekly:mon,thu, monthly:31, yearly)")}


def parse(text: str) -> Rule | None:
    """None for an empty rule (no repeat); ValueError with a message in the user's language for a wrong one."""
    try:
        return rules.parse(text)
    except RuleError as e:
        raise ValueError(_messages()[e.code].format(**e.params)) from None


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


def occurrences(rule: Rule, start: datetime, near: datetime | None = None):  # type: ignore[no-untyped-def]
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


def describe(rule: Rule | None, lang: str = "en") -> str:
    if rule is None:
        return "нет" if lang == "ru" else "no repeat"
    ru = lang == "ru"
    if rule.freq == "daily":
        text = ("каждый день" if ru else "every day") if rule.interval == 1 else \
            (f"каждые {rule.interval} дн." if ru else f"every {rule.interval} days")
    elif rule.freq == "weekly" and rule.weekdays == (0, 1, 2, 3, 4):
        text = "по будням" if ru else "on weekdays"
    elif rule.freq == "weekly":
        names = DAYS_RU if ru else DAYS
        listed = [names[d] for d in rule.weekdays]
        days = (" и ".join([", ".join(listed[:-1]), listed[-1]]) if len(listed) > 1 else "".join(listed)) if ru \
            else ", ".join(listed)
        every = ("каждый" if ru else "every") if rule.interval == 1 else \
            (f"раз в {rule.interval} нед.:" if ru else f"every {rule.interval} weeks on")
        text = f"{every} {days}" if days else (("каждую неделю" if ru else "every week") if rule.interval == 1
                                               else (f"раз в {rule.interval} нед." if ru
                                                     else f"every {rule.interval} weeks"))
    elif rule.freq == "monthly":
        day = rule.monthday
        if day == 31:
            text = "каждый месяц, в последний день" if ru else "monthly on the last day"
        else:
            text = (f"каждый месяц, {day}-го числа" if ru else f"monthly on day {day}") if day else \
                ("каждый месяц" if ru else "every month")
        if rule.interval > 1:
            text = text.replace("каждый месяц", f"раз в {rule.interval} мес.").replace(
                "monthly", f"every {rule.interval} months")
    else:
        text = ("каждый год" if ru else "every year") if rule.interval == 1 else \
            (f"раз в {rule.interval} г." if ru else f"every {rule.interval} years")
    if rule.until:
        text += f" до {date_text(rule.until)}" if ru else f" until {rule.until.isoformat()}"
    if rule.count:
        text += f", {rule.count} раз" if ru else f", {rule.count} times"
    return text
