"""What an imported row is known by among a section's records (its e-mail, phone, tax id, and its name within its
organization): the part its own values give, worked out where they are read, then joined with its organization."""

from __future__ import annotations

from typing import Any, Mapping

from client.core.twins import contact_keys, name_key

Keys = list[tuple[str, str]]
Own = tuple[Keys, "str | None"]  # the keys of a row's own values, and its name's title_key (None: no name)


def own_keys(fields: Mapping[str, Any]) -> Own:
    """The keys `fields` give by themselves; the name's key waits for the row's organization (joined)."""
    named = name_key(fields)
    out = contact_keys(fields, named or "")
    if fields.get("tax_id"):
        out.append(("tax_id", "".join(ch for ch in str(fields["tax_id"]) if ch.isdigit())))
    return out, named


def joined(own: Own, organization: Any) -> Keys:
    """A row's keys: its own, then its name within `organization` (its id, or none)."""
    keys, name = own
    return keys if name is None else [*keys, ("name", name + "|" + str(organization or ""))]


def keys(fields: Mapping[str, Any]) -> Keys:
    """What a record's or a row's `fields` are known by."""
    return joined(own_keys(fields), fields.get("organization"))
