"""Filter conditions beyond "is": which ones a field type offers, and how each reads in words (for the filter's
chips, printed lists and saved filters). The store runs them (lan_server/records/store/queries.py, CONDITIONS)."""

from __future__ import annotations

from typing import Any, Mapping

from client.core.present import as_text
from lan_server.records import FieldDef

IS, EMPTY, ANY = "is", "empty", "any_of"
_TEXT = (IS, EMPTY, "contains", "starts", ANY)
_ORDERED = (IS, EMPTY, "gt", "lt", "between")
_WORDS = {
    "ru": {IS: "равно", EMPTY: "пусто", "contains": "содержит", "starts": "начинается с", ANY: "любое из",
           "gt": "больше", "lt": "меньше", "between": "между", "next_days": "в ближайшие дни", "and": "и",
           "days": "дн."},
    "en": {IS: "is", EMPTY: "is empty", "contains": "contains", "starts": "starts with", ANY: "any of",
           "gt": "greater than", "lt": "less than", "between": "between", "next_days": "in the next days",
           "and": "and", "days": "days"},
}


def offered(fd: FieldDef | None) -> tuple[str, ...]:
    """The conditions that make sense for a field of this type."""
    if fd is None:
        return _TEXT
    if fd.type in ("date", "datetime"):
        return (*_ORDERED, "next_days")
    if fd.type in ("number", "money"):
        return _ORDERED
    if fd.type in ("choice", "link", "bool"):
        return (IS, EMPTY, ANY)
    return _TEXT  # a user field too: part of a colleague's name (or login) is looked for


def label(op: str, lang: str) -> str:
    return _WORDS.get(lang, _WORDS["en"])[op]


def describe(fd: FieldDef | None, value: Any, lang: str, titles: dict[str, str] | None = None, *,
             people: Mapping[str, str] | None = None) -> str:
    """A condition as words: "Город содержит «твер»", "Сумма между 100 и 500", "Срок в ближайшие дни: 7"; a
    colleague by name (`people`)."""
    words = _WORDS.get(lang, _WORDS["en"])
    name = fd.label(lang) if fd else ""

    def show(v: Any) -> str:
        return as_text(fd, v, lang, titles, people=people) if fd is not None else str(v)
    if value is None:
        return f"{name}: {words[EMPTY]}"
    if isinstance(value, list):
        return f"{name} {words[ANY]}: {', '.join(show(v) for v in value)}"
    if isinstance(value, dict):
        op = str(value.get("op"))
        if op in ("contains", "starts"):
            return f"{name} {words[op]} «{value.get('value')}»"
        if op == "between":
            return f"{name} {words[op]} {show(value.get('value'))} {words['and']} {show(value.get('to'))}"
        if op == "next_days":
            return f"{name} {words[op]}: {value.get('value')} {words['days']}"
        return f"{name} {words.get(op, op)} {show(value.get('value'))}"
    return f"{name} = {show(value)}"
