"""Records that are the same person or company as another: the same e-mail or phone number. One rule for the
import (which skips or updates them) and the card (which warns before a second one is made)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from lan_server.records.phones import phone_key

if TYPE_CHECKING:  # the import's second process reads rows' keys (contact_keys) without a copy to look in
    from client.core.replica import Replica
    from lan_server.records import Record

_SHORTEST_PHONE = 6  # fewer digits (an extension, a short office number) say nothing about who it is


def contact_keys(fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, key) of the values that name one person: the e-mail in any case, the phone by its digits
    (+7 916…, 8 916… and 916… are one number)."""
    out = []
    if fields.get("email"):
        out.append(("email", str(fields["email"]).strip().lower()))
    digits = phone_key(str(fields["phone"])) if fields.get("phone") else ""  # once: an import asks it of every row
    if len(digits) >= _SHORTEST_PHONE:
        out.append(("phone", digits))
    return out


def twin_of(replica: Replica, kind: str, fields: Mapping[str, Any], rec_id: str | None = None) -> \
        tuple[Record, str] | None:
    """Another live record of `kind` with the same e-mail or phone as `fields` (a card being saved), and which of
    the two it shares; None when there is none. Asked of the search index, so it costs a search, not a scan."""
    for field, key in contact_keys(fields):
        for record in replica.records(kind, search=key, limit=50):
            if record.id != rec_id and any(k == (field, key) for k in contact_keys(record.fields)):
                return record, field
    return None
