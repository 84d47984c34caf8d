"""Repeat rules for tasks in the user's language: a wrong rule's message and a rule in words (en/ru). The rule's
text and its occurrences are lan_server/records/recurrence.py's (the server's calendars and browser reminders use
them too); their names are re-exported here."""

from __future__ import annotations

from client.core.i18n import _
from lan_server.records import recurrence as rules
from lan_server.records.dates import date_text
from lan_server.records.recurrence import (
    DAYS,
    DAYS_RU,
    RU_WORDS,
    Rule,
    RuleError,
    last_at_or_before,
    next_after,
    occurrences,
    to_text,
)

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
