"""Typed text and spreadsheet cells to field values, one rule per field type (card, commands and import alike)."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, timedelta
from typing import Any, Callable

from client.core.i18n import _, language
from lan_server.records.dates import RU_DATE
from lan_server.records.emails import is_email
from lan_server.records.phones import clean_phone  # a phone's rules are the server's too (a browser's edit)
from lan_server.records.phones import office_region as office_region
from lan_server.records.schema import FieldDef
from lan_server.records.store.text import one_line

_DATE_FORMATS = ("%Y-%m-%d", RU_DATE, "%d/%m/%Y", "%Y.%m.%d")
_AT_TIME = re.compile(r"(.+?)[\s,]+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_ISO_T = re.compile(r"(?<=\d)T(?=\d)")
_TRUE = {"1", "true", "yes", "y", "да", "д", "+", "x", "✓", "on"}
_FALSE = {"0", "false", "no", "n", "нет", "н", "-", "", "off"}
EXCEL_EPOCH = date(1899, 12, 30)
# ISO with dashes only: Python also reads "11111111111111111111" (a bank account) as 1111-11-11 11:11:11
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ].*)?")
_COMMON_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\.(\d{1,2})\.(\d{4})")


# A day, a month in words and a year, as letters and forms write dates: 5 мая 1990 г., 5 May 1990, 05-янв-90.
_WORDS_DATE = re.compile(r"(\d{1,2})[\s.-]*([^\W\d_]{3,})\.?[\s.,-]*(\d{4}|\d{2})(?:\s*(?:г|года?)\.?)?",
                         re.IGNORECASE)
# A month by its first three letters, in Russian (any case of the word) and English.
_MONTHS = {name: n for n, names in enumerate((
    ("янв", "jan"), ("фев", "feb"), ("мар", "mar"), ("апр", "apr"), ("мая", "май", "may"), ("июн", "jun"),
    ("июл", "jul"), ("авг", "aug"), ("сен", "sep"), ("окт", "oct"), ("ноя", "nov"), ("дек", "dec")), 1)
    for name in names}
# Two-digit years: 22.11.75 and 31/12/75 are 1975; up to ten years ahead they are this century (a due date).
_SHORT_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{2})")
_AHEAD = 10


def _full_year(short: str) -> int:
    year = 2000 + int(short)
    return year if year <= date.today().year + _AHEAD else year - 100


def _day_in_words(s: str) -> date | None:
    """5 мая 1990, 31/12/75: a day in words or with a two-digit year, else None."""
    short = _SHORT_DATE.fullmatch(s)
    if short:
        return date(_full_year(short[3]), int(short[2]), int(short[1]))
    words = _WORDS_DATE.fullmatch(s)
    if words:
        month = _MONTHS.get(words[2][:3].casefold().replace("ё", "е"))
        if month is None:
            return None
        year = words[3]
        return date(int(year) if len(year) == 4 else _full_year(year), month, int(words[1]))
    return None


def parse_date(text: str) -> str:
    """A date as ISO `YYYY-MM-DD` from 2026-11-22, 22.11.2026, 22/11/2026, 22.11.26, 5 мая 1990 or an Excel
    serial number."""
    s = text.strip()
    quick = _COMMON_DATE.fullmatch(s)  # the two commonest forms without strptime (a tenth of its time)
    if quick:
        y, m, d = (quick[1], quick[2], quick[3]) if quick[1] else (quick[6], quick[5], quick[4])
        with contextlib.suppress(ValueError):  # 31.02.2026: strptime below says it is no date
            return date(int(y), int(m), int(d)).isoformat()
    with contextlib.suppress(ValueError):  # 31 февраля: no date, said below
        day = _day_in_words(s)
        if day is not None:
            return day.isoformat()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            pass
    if re.fullmatch(r"\d{5}(\.0+)?", s):
        return (EXCEL_EPOCH + timedelta(days=int(float(s)))).isoformat()
    stamped = re.fullmatch(r"(\S+) \d{1,2}:\d{2}(:\d{2})?", s)  # 31.10.2019 12:30, as banks export dates
    if stamped and not _ISO.fullmatch(s):
        return parse_date(stamped.group(1))
    try:
        if not _ISO.fullmatch(s):
            raise ValueError(s)
        return datetime.fromisoformat(s).date().isoformat()
    except ValueError:
        raise ValueError(_("not a date: {text!r} (use 2026-11-22 or 22.11.2026)").format(text=text)) from None


def parse_datetime(text: str) -> str:
    """A local date and time as ISO `YYYY-MM-DDTHH:MM` (seconds kept when given); a bare date means 00:00."""
    s = _ISO_T.sub(" ", text.strip())
    timed = _AT_TIME.fullmatch(s)
    if timed:  # any date parse_date reads, then the time
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(parse_date(timed[1]))
            moment = datetime(day.year, day.month, day.day, int(timed[2]), int(timed[3]), int(timed[4] or 0))
            return moment.isoformat(timespec="seconds" if timed[4] else "minutes")
    try:
        if not _ISO.fullmatch(s):
            raise ValueError(s)
        dt = datetime.fromisoformat(s)
        return dt.replace(tzinfo=None).isoformat(timespec="minutes")
    except ValueError:
        pass
    try:
        return parse_date(s) + "T00:00"
    except ValueError:
        raise ValueError(_("not a date and time: {text!r} (use 2026-11-22 14:30 or 22.11.2026 14:30)").format(
            text=text)) from None


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
        raise ValueError(_("not a number: {text!r}").format(text=text)) from None
    return int(value) if value.is_integer() and "." not in s else value


def parse_bool(text: str) -> bool:
    s = text.strip().casefold()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(_("not yes or no: {text!r}").format(text=text))


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
    raise ValueError(_("{text!r} is not one of: {choices}").format(text=text, choices=", ".join(
        str(fd.options.get("labels_ru" if language() == "ru" else "labels_en", {}).get(c, c)) for c in choices)))


def _email(_fd: FieldDef, text: str, _region: str) -> str:
    text = text.lower().removeprefix("mailto:")
    if not is_email(text):  # ivan@ or ivan@mail would bounce: said where it is typed
        raise ValueError(_("not an e-mail address: {text!r} (write it as name@example.ru)").format(text=text))
    return text


# Types whose value is read from its text, trimmed and not empty, by one rule: (field, text, region) -> value
_TEXT_RULES: dict[str, Callable[[FieldDef, str, str], Any]] = {
    "phone": lambda _fd, text, region: clean_phone(text, region),
    "email": _email,
    "choice": lambda fd, text, _region: parse_choice(fd, text),
}


def parse_value(fd: FieldDef, value: Any, region: str = "RU") -> Any:
    """The value to store for what was typed into field `fd` (the card, a command) or read from a cell (an
    import): one rule for all three, so a phone typed in the card is stored as an imported one is.
    Empty clears the field (None); anything that cannot be read raises ValueError saying why."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    t = fd.type
    if t == "date":
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, (int, float)) and 1 < value < 100000:  # an Excel serial day number
            return parse_date(str(int(value)))
        return parse_date(str(value))
    if t == "datetime":
        if isinstance(value, datetime):
            return value.isoformat(timespec="minutes")
        if isinstance(value, date):
            return value.isoformat() + "T00:00"
        return parse_datetime(str(value))
    if t in ("number", "money"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        return parse_number(str(value))
    if t == "bool":
        return value if isinstance(value, bool) else parse_bool(str(value))
    text = str(value.isoformat() if isinstance(value, (date, datetime)) else value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if t == "multiline":
        return text
    text = text.strip()
    rule = _TEXT_RULES.get(t)
    if rule is not None:
        return rule(fd, text, region)
    if fd.options.get("rule") == "recurrence":  # a repeat nobody can read would silently never repeat
        from client.core import recurrence
        return recurrence.to_text(recurrence.parse(text)) or None
    return one_line(text)


class Unreadable(str):
    """A cell of a column that could not be read (parse_column): its text is why."""


_ONE_LINE_TYPES_NOT = frozenset({"date", "datetime", "number", "money", "bool", "multiline", "phone", "email",
                                 "choice"})
_REMEMBERED = frozenset({str, int, float, bool, date, datetime})  # cells a column's reading remembers
_LEARN = 2000  # cells read by the rule before it is known whether a column's values repeat


def parse_column(fd: FieldDef, cells: list[Any], region: str = "RU") -> list[Any]:
    """A column's cells as values of field `fd`, by parse_value's rule, the way a column is: its type looked at
    once, a value repeated down the column (a city, a position, a date) read once, and a plain line of text (most
    text cells) kept as it is without the rule's regular expressions. A cell that cannot be read comes back as an
    Unreadable saying why."""
    return ColumnReader(fd, region)(cells)


class ColumnReader:
    """parse_column over a column read a piece at a time (an import hands it a chunk of rows after another): what
    it learnt of the column, its repeated values, carries over from one piece to the next."""

    def __init__(self, fd: FieldDef, region: str = "RU") -> None:
        self.fd = fd
        self.region = region
        self.plain = fd.type not in _ONE_LINE_TYPES_NOT and fd.options.get("rule") != "recurrence"
        # a text cell of a phone, e-mail or choice column goes to its type's rule, past parse_value's dispatch
        self.rule = _TEXT_RULES.get(fd.type)
        self.known: dict[tuple[type, Any], Any] | None = {}
        self.read = 0  # cells read by the rule and remembered
        self.unreadable = 0  # cells that could not be read, so far

    def __call__(self, cells: list[Any]) -> list[Any]:
        fd, region, plain, known, rule = self.fd, self.region, self.plain, self.known, self.rule
        out: list[Any] = []
        for cell in cells:
            if cell.__class__ is str:
                if plain and cell and cell.isprintable() and cell[0] != " " and cell[-1] != " ":
                    out.append(cell)  # one_line keeps it as it is: no line break, tab or space at either end
                    continue
                if known is None and rule is not None:  # nothing repeats: parse_value's rule, straight
                    text = cell.strip()
                    try:
                        out.append(rule(fd, text, region) if text else None)
                    except ValueError as e:
                        out.append(Unreadable(str(e)))
                        self.unreadable += 1
                    continue
            key = (cell.__class__, cell)
            remembered = known is not None and cell.__class__ in _REMEMBERED
            if remembered:
                found = known.get(key, known)  # type: ignore[union-attr]
                if found is not known:
                    out.append(found)
                    if found.__class__ is Unreadable:
                        self.unreadable += 1
                    continue
            try:
                value = parse_value(fd, cell, region)
            except ValueError as e:
                value = Unreadable(str(e))
                self.unreadable += 1
            out.append(value)
            if remembered:
                known[key] = value  # type: ignore[index]
                self.read += 1
                if self.read == _LEARN and len(known) > _LEARN // 2:  # type: ignore[arg-type]
                    # a column of names or e-mails: nothing repeats, nothing worth remembering
                    known = self.known = None
        return out
