"""Records that are the same person or company as another: the same e-mail, or the same phone number under a name
that agrees. One rule for the import (which skips or updates them) and the card (which warns before a second one
is made, and asks with the phone alone: its user sees the name and decides)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from lan_server.records.phones import phone_key
from lan_server.records.store.text import title_key

if TYPE_CHECKING:  # the import's second process reads rows' keys (contact_keys) without a copy to look in
    from client.core.replica import Replica
    from lan_server.records import Record

_SHORTEST_PHONE = 6  # fewer digits (an extension, a short office number) say nothing about who it is


def contact_keys(fields: Mapping[str, Any], named: str | None = None) -> list[tuple[str, str]]:
    """(field, key) of the values that name one person: the e-mail in any case; the phone by its digits (+7 916…,
    8 916… and 916… are one number) with the name ("digits|name", the name in any case, ё as е, spaces folded),
    because an office's switchboard number is every colleague's phone: Иванов Пётр and Иванов Сергей on it are two
    people. A name written otherwise (Иванов П.) is another record, never a colleague skipped or overwritten.
    `named`: the name's key (name_key) when the caller has worked it out already."""
    out = []
    if fields.get("email"):
        out.append(("email", str(fields["email"]).strip().lower()))
    digits = phone_key(str(fields["phone"])) if fields.get("phone") else ""  # once: an import asks it of every row
    if len(digits) >= _SHORTEST_PHONE:
        out.append(("phone", digits + "|" + ((name_key(fields) if named is None else named) or "")))
    return out


def name_key(fields: Mapping[str, Any]) -> str | None:
    """A record's name (its `name`, or its `title`) as titles are found: any case, ё as е, spaces folded; None when
    it has none."""
    name = fields.get("name") or fields.get("title")
    return title_key(name) if name else None


ANY_NAME = "*"  # a phone key's word that stands for any name: what a row or card without a name is matched by


def wider_phone(key: str) -> str:
    """The phone key that `key` also matches when no record has it as it is: a named person's number matches a
    record with that number and no name ("digits|"); a number without a name matches the number under any name
    ("digits|*", which a record's number is also known by: also_known_by)."""
    digits, _, word = key.partition("|")
    return digits + "|" + ("" if word else ANY_NAME)


def also_known_by(key: str) -> str:
    """The key a record's phone key is known by besides itself: its number under any name."""
    return key.partition("|")[0] + "|" + ANY_NAME


def _same_phone(mine: str, theirs: str) -> bool:
    return mine == theirs or wider_phone(mine) in (theirs, also_known_by(theirs))


def twin_of(replica: Replica, kind: str, fields: Mapping[str, Any], rec_id: str | None = None) -> \
        tuple[Record, str] | None:
    """Another live record of `kind` with the same e-mail, or the same phone under a name that agrees (any name, when
    `fields` have none), as `fields`, and which of the two it shares; None when there is none. Asked of the search
    index, so it costs a search, not a scan."""
    for field, key in contact_keys(fields):
        phone = field == "phone"
        for record in replica.records(kind, search=key.partition("|")[0] if phone else key, limit=50):
            if record.id == rec_id:
                continue
            if any(f == field and (_same_phone(key, k) if phone else k == key) for f, k in contact_keys(record.fields)):
                return record, field
    return None
