"""A task's repeat rule as text (its `repeat` field): read and written here, for the PC's reminders and the
server's calendars alike (client/core/recurrence.py computes occurrences and says a rule in words).

Rule text, parts separated by `;`:
  daily | daily/N (every N days) | weekdays | weekly:mon,thu | monthly:31 | monthly (the start's day) | yearly
  ;until=YYYY-MM-DD   last date an occurrence may fall on
  ;count=N            at most N occurrences, the first included
A day of month past the month's end means its last day (monthly:31 → 28 Feb, 30 Apr, 31 May).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

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
