"""A browser's edit as ops, as a PC's would be: only the fields the user changed (so a colleague's change of
another field is kept: per-field merge), each value checked against its field's type, stamped after the record's
latest value and sent through the hub, which judges rights and fields as for any PC. The device is "browser"."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, Mapping

from lan_server.auth import User
from lan_server.records import Op, Record, hlc
from lan_server.records.emails import is_email
from lan_server.records.ops import new_id, record_op, record_problem, value_problem
from lan_server.records.phones import clean_phone, office_region
from lan_server.records.schema import FieldDef, KindDef
from lan_server.records.store.text import one_line
from lan_server.web.reader import Reader
from lan_server.web.shown import HEAVY_TYPES, readable

DEVICE = "browser"
# What a user did with a reminder: the same marks a PC sets (client/core/reminders.py), so their PCs follow.
REMINDER_MARKS = ("_dismissed", "_snoozed_until", "_snoozed_for")
MAX_TEXT = 100_000


class BadValue(ValueError):
    """A value that does not fit its field: `field` names it, `code` says why (a key "bad.CODE" of words.py, said in
    the page's language), or `reason` when the shared value rules refused it."""

    def __init__(self, field: str, code: str, reason: str | None = None, fd: FieldDef | None = None) -> None:
        super().__init__(reason or code)
        self.field, self.code, self.reason = field, code, reason
        self.label = {"en": fd.label("en"), "ru": fd.label("ru")} if fd else {"en": field, "ru": field}


def checked(reader: Reader, user: User, fd: FieldDef, value: Any) -> Any:
    """The value to store for what the page sent for field `fd` (the page sends machine forms: ISO dates,
    numbers, true/false, a choice's key, a linked record's id); None clears the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    t = fd.type
    if fd.computed or t in HEAVY_TYPES:
        raise BadValue(fd.key, "read_only")
    if t in ("number", "money"):
        if isinstance(value, str):
            try:
                value = float(value.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
            except ValueError:
                raise BadValue(fd.key, "no_number") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise BadValue(fd.key, "no_number")
        if t == "money":
            value = round(float(value), 2)
        return int(value) if float(value).is_integer() and abs(value) < 2**53 else value
    if t == "bool":
        if not isinstance(value, bool):
            raise BadValue(fd.key, "no_bool")
        return value
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise BadValue(fd.key, "no_text")
    text = value if t == "multiline" else one_line(value)
    if t == "date":
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            raise BadValue(fd.key, "no_date") from None
    if t == "datetime":
        try:
            return datetime.fromisoformat(text).replace(tzinfo=None).isoformat(timespec="minutes")
        except ValueError:
            raise BadValue(fd.key, "no_datetime") from None
    if t == "choice":
        if text not in (fd.options.get("choices") or []):
            raise BadValue(fd.key, "no_choice")
        return text
    if t == "link":
        found = readable(reader, user, [reader.store.get(text)])
        if not found or found[0].kind != fd.options.get("link_kind"):
            raise BadValue(fd.key, "no_record")
        return text
    if t == "user":
        if reader.users.get(text) is None:
            raise BadValue(fd.key, "no_user")
        return text
    if t == "email":
        text = text.lower().removeprefix("mailto:")
        if not is_email(text):
            raise BadValue(fd.key, "no_email")
    if t == "phone":  # written as the window and the import write it: +7 916 555-44-33 for 8 916 555 44 33
        return clean_phone(text, office_region(reader.store))
    return text


class Stamps:
    """The browsers' clock: in the server's time, each stamp after any value the edited record holds, so an
    edit made after looking at a record wins over what was looked at."""

    def __init__(self) -> None:
        self.clock = hlc.Clock()

    def after(self, reader: Reader, rec: str, n: int) -> range:
        latest = reader.store.stamps([rec]).get(rec, 0)  # the stamp of the record's latest value
        self.clock.observe(latest)
        return self.clock.now_many(n)


def ops_for(reader: Reader, user: User, stamps: Stamps, kd: KindDef, rec: str, changes: Mapping[str, Any], *,
            new: bool = False) -> list[Op]:
    """The ops of one record's changes (field key -> value as sent); BadValue for a value that does not fit.
    `new`: the record is made now, in one op as a PC makes it (one op per field when it is too big for one)."""
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key in REMINDER_MARKS:
            values[key] = checked(reader, user, FieldDef(kd.key, key, "datetime", key, key), value)
            continue
        fd = kd.field(key) if isinstance(key, str) else None
        if fd is None:
            raise BadValue(str(key), "no_field")
        try:
            values[key] = checked(reader, user, fd, value)
        except BadValue as e:
            raise BadValue(e.field, e.code, e.reason, fd) from None
        problem = value_problem(values[key])
        if problem:
            raise BadValue(key, getattr(problem, "code", "bad"), problem, fd)
    if new and values and record_problem(values) is None:
        return [record_op(rec, kd.key, values, hlc=stamps.after(reader, rec, 1)[0], dev=DEVICE, user=user.name)]
    times = stamps.after(reader, rec, len(values))
    return [Op(id=new_id(), rec=rec, kind=kd.key, field=key, value=value, hlc=stamp, dev=DEVICE, user=user.name)
            for (key, value), stamp in zip(values.items(), times)]


def record_of(reader: Reader, user: User, rec: str) -> Record | None:
    found = readable(reader, user, [reader.store.get(rec)])
    return found[0] if found else None
