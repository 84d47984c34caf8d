"""One stored value as text, per field type and language: in the window, in exported files and in letters.

Each fact has one home here (how a choice reads, how a date is written in Russian, what yes and no are);
the three uses differ only where they must: a table shows a tick and grouped numbers, a file and a letter
write yes or no in words, and a letter writes dates the Russian way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, Mapping

from lan_server.records import FieldDef, dates
from lan_server.records.dates import moment_text

Use = Literal["window", "file", "letter"]
_YES_NO = {"ru": ("да", "нет"), "en": ("yes", "no")}
_PHOTO = {"ru": "фото", "en": "photo"}


def choice_label(fd: FieldDef, value: Any, lang: str) -> str:
    labels = fd.options.get("labels_ru" if lang == "ru" else "labels_en") or {}
    return str(labels.get(value, value))


def date_text(value: str, lang: str, *, with_time: bool) -> str:
    """22.11.2026 (14:30) in Russian, ISO-like in English; a value that is not a date stays as it is."""
    try:
        return moment_text(datetime.fromisoformat(value), lang) if with_time else \
            dates.date_text(date.fromisoformat(value), lang)
    except ValueError:
        return value


def yes_no(value: Any, lang: str) -> str:
    yes, no = _YES_NO.get(lang, _YES_NO["en"])
    return yes if value else no


def as_text(fd: FieldDef, value: Any, lang: str = "en", titles: dict[str, str] | None = None, *,
            use: Use = "window", people: Mapping[str, str] | None = None) -> str:
    """How a stored value reads. `titles` names linked records (a link shows its target's title); `people` names
    colleagues (a user field shows a name; a login with no known name shows the login)."""
    if value is None or value == "":
        return ""
    t = fd.type
    if t == "user" and people is not None:
        return people.get(str(value), str(value))
    if t == "bool":
        return ("✓" if value else "") if use == "window" else yes_no(value, lang)
    if t == "choice":
        return choice_label(fd, value, lang)
    if t == "link" and titles is not None:  # the window leaves a link it cannot name empty; files keep the id
        return titles.get(str(value), "" if use == "window" else str(value))
    if use == "window":
        if t == "image":
            return _PHOTO.get(lang, _PHOTO["en"])  # the picture itself is shown in the card
        if t == "file":
            return str(value).replace("\\", "/").rsplit("/", 1)[-1]
        if t == "money" and isinstance(value, (int, float)):
            from lan_server.records.money import as_text as money_text
            from lan_server.records.money import money
            return money_text(money(value), lang)  # 1 234,50 in Russian, 1,234.50 in English
        if t == "number" and isinstance(value, (int, float)):
            text = f"{value:,}"
            return text.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else text
    if t in ("date", "datetime") and isinstance(value, str) and use in ("window", "letter"):
        return date_text(value, lang, with_time=t == "datetime")
    return str(value)


def editable_text(fd: FieldDef, value: Any, lang: str) -> str:
    """A value in a card's editor, as it is typed back: 45 000,50 in Russian (parse_number reads the spaces and the
    comma back), a plain 45000.50 in English, where a grouping comma would read as a decimal point; dates the
    Russian way in both, as they are typed."""
    if value is None:
        return ""
    if fd.type in ("date", "datetime"):
        return as_text(fd, value, "ru")
    if fd.type in ("money", "number") and isinstance(value, (int, float)) and not isinstance(value, bool):
        if lang == "ru":
            return as_text(fd, value, "ru")
        if fd.type == "money":
            from lan_server.records.money import money
            return f"{money(value):.2f}"
    return str(value)

