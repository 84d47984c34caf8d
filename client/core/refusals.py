"""The server's reasons for a refused edit or login, said in this PC's language. They arrive as a code with
parameters (the catalog is lan_server/protocol/reasons.py, shared with the server's own pages); here sections
are named as this office named them. An older server's bare sentence is shown as it came."""

from __future__ import annotations

from typing import Any

from lan_server.protocol.reasons import Reason, role_name, say

__all__ = ["Reason", "in_language", "reason_of", "role_name"]


def in_language(reason: str, lang: str, schema: Any = None) -> str:
    """The reason as the user reads it (sections by their names when `schema` knows them)."""
    def section(key: str) -> str:
        return str(schema.kind(key).label(lang)) if schema is not None and schema.has_kind(key) else key
    return say(reason, lang, section)


def reason_of(text: Any, wire: Any) -> str:
    """A reason as a frame carries it: its code and parameters (`wire`) when the server sent them, else its
    sentence (`text`)."""
    return Reason.from_wire(wire) or str(text or "")
