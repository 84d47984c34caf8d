"""Clean imported cell values by field type: phones, dates, numbers, e-mails, trimmed text."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import phonenumbers

from client.core import values
from lan_server.records import FieldDef

_GUARDED = re.compile(r"^'[=+\-@]")  # a value our own export protected against formula injection


def clean_phone(text: str, region: str = "RU") -> str:
    """International format (+7 916 111-22-33) when the number is valid; else the text as typed."""
    raw = text.strip()
    if not raw:
        return ""
    try:
        num = phonenumbers.parse(raw, region)
        if phonenumbers.is_valid_number(num):
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        pass
    return raw


def clean(fd: FieldDef, value: Any, region: str = "RU") -> Any:
    """The value to store for one cell; raises ValueError saying what is wrong with it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and _GUARDED.match(value):
        value = value[1:]
    t = fd.type
    if t == "date":
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, (int, float)) and 1 < value < 100000:  # an Excel serial day number
            return values.parse_date(str(int(value)))
        return values.parse_date(str(value))
    if t == "datetime":
        if isinstance(value, datetime):
            return value.isoformat(timespec="minutes")
        if isinstance(value, date):
            return value.isoformat() + "T00:00"
        return values.parse_datetime(str(value))
    if t in ("number", "money"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        return values.parse_number(str(value))
    if t == "bool":
        return value if isinstance(value, bool) else values.parse_bool(str(value))
    text = str(value.isoformat() if isinstance(value, (date, datetime)) else value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if t == "phone":
        return clean_phone(text, region)
    if t == "email":
        text = text.lower().removeprefix("mailto:")
        if "@" not in text:
            raise ValueError(f"not an e-mail address: {text!r}")
        return text
    if t == "choice":
        return values.parse_choice(fd, text)
    if t == "multiline":
        return text
    return re.sub(r"\s+", " ", text)
