"""What the logged-in user may do here, as the server last said; the server decides, the PC refuses early."""

from __future__ import annotations

from typing import Any

from client.core.replica import Replica


def rule(replica: Replica, kind: str) -> dict[str, Any] | None:
    """The user's rule for a section; None on a PC that never logged in (its data is its own) or that
    logged in to a server too old to say."""
    rules = replica.meta("rules")
    if not isinstance(rules, dict):
        return None
    found = rules.get(kind) or rules.get("*")
    return found if isinstance(found, dict) else None


def may_export(replica: Replica, kind: str) -> bool:
    found = rule(replica, kind)
    return True if found is None else bool(found.get("export", True))
