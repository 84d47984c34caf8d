"""Turn typed-in text into field values by field type: dates, numbers, booleans, choices."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from lan_server.records.schema import FieldDef

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y.%m.%d")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S")
_TRUE = {"1", "true", "yes", "y", "да", "д", "+", "x", "✓", "on"}
_FALSE = {"0", "false", "no", "n", "нет", "н", "-", "", "off"}
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> str:
    """A date as ISO `YYYY-MM-DD` from 2026-11-22, 22.11.2026, 22/11/2026 or an Excel serial number."""
    s = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            pass
    if re.fullmatch(r"\d{5}(\.0+)?", s):
        return (EXCEL_EPOCH + timedelta(days=int(float(s)))).isoformat()
    try:
        return datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        raise ValueError(f"not a date: {text!r} (use 2026-11-22 or 22.11.2026)") from None


def parse_datetime(text: str) -> str:
    """A local date and time as ISO `YYYY-MM-DDTHH:MM` (seconds kept when given); a bare date means 00:00."""
    s = text.strip().replace("T", " ")
    for dfmt in _DATE_FORMATS:
        for tfmt in _TIME_FORMATS:
            try:
                dt = datetime.strptime(s, f"{dfmt} {tfmt}")
                return dt.isoformat(timespec="seconds" if tfmt.endswith("%S") else "minutes")
            except ValueError:
                pass
    try:
        dt = datetime.fromisoformat(s)
        return dt.replace(tzinfo=None).isoformat(timespec="minutes")
    except ValueError:
        pass
    try:
        return parse_date(s) + "T00:00"
    except ValueError:
        raise ValueError(f"not a date and time: {text!r} (use 2026-11-22 14:30 or 22.11.2026 14:30)") from None


def parse_number(text: str) -> int | float:
    """Numbers typed the Russian or the English way: 1 234,50 or 1,234.50 or 1234.5."""
    s = text.strip().replace("\u00a0", "").replace(" ", "").replace("₽", "").replace("руб.", "")
    if "," in s and "." in s:
        s = s.replace(",", "") if s.rfind(".") > s.rfind(",") else s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None
    return int(value) if value.is_integer() and "." not in s else value


def parse_bool(text: str) -> bool:
    s = text.strip().casefold()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"not yes or no: {text!r}")


def parse_choice(fd: FieldDef, text: str) -> str:
    choices = list(fd.options.get("choices", []))
    if not choices:
        return text.strip()
    s = text.strip().casefold()
    for value in choices:
        labels = {value.casefold(), str(fd.options.get("labels_ru", {}).get(value, "")).casefold(),
                  str(fd.options.get("labels_en", {}).get(value, "")).casefold()}
        if s in labels:
            return value
    raise ValueError(f"{fd.key}: {text!r} is not one of {', '.join(choices)}")


def parse_value(fd: FieldDef, text: str) -> Any:
    """The stored value for what a user typed into field `fd`; empty text clears the field (None)."""
    if text.strip() == "" and fd.type != "bool":
        return None
    if fd.type == "date":
        return parse_date(text)
    if fd.type == "datetime":
        return parse_datetime(text)
    if fd.type in ("number", "money"):
        return parse_number(text)
    if fd.type == "bool":
        return parse_bool(text)
    if fd.type == "choice":
        return parse_choice(fd, text)
    if fd.type == "multiline":
        return text
    return text.strip()
