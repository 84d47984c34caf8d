"""What a record made by hand starts with: its owner fields the one who makes it, a sales document today's date."""

from __future__ import annotations

from datetime import date
from typing import Any

from lan_server.records.access import OWNER_FIELDS
from lan_server.records.schema import KindDef

# Sections whose "date" is the document's own date (an invoice, its payment, a contract): typed today, as a rule.
DATED_TODAY = frozenset({"invoice", "payment", "contract"})


def new_record_defaults(kd: KindDef, user: str, today: date | None = None) -> dict[str, Any]:
    """The values a new record of `kd` starts with when `user` makes it by hand: Менеджер / Исполнитель is the
    user (the one who made it, also the rights' owner), and a sales document is dated today."""
    values: dict[str, Any] = {}
    for key in OWNER_FIELDS:
        fd = kd.field(key)
        if user and fd is not None and fd.type == "user" and not fd.hidden:
            values[key] = user
    fd = kd.field("date")
    if kd.key in DATED_TODAY and fd is not None and fd.type == "date":
        values["date"] = (today or date.today()).isoformat()
    return values
