"""The server's reasons for a refused edit or login, said in this PC's language. They arrive as a code with
parameters (the catalog is lan_server/protocol/reasons.py, shared with the server's own pages); here sections
are named as this office named them. An older server's bare sentence is shown as it came."""

from __future__ import annotations

import re
from typing import Any

from lan_server.protocol.reasons import Reason, role_name, say

__all__ = ["Reason", "in_language", "reason_of", "role_name"]


def in_language(reason: str, lang: str, schema: Any = None) -> str:
    """The reason as the user reads it (sections by their names when `schema` knows them)."""
    def section(key: str) -> str:
        return str(schema.kind(key).label(lang)) if schema is not None and schema.has_kind(key) else key
    return say(reason, lang, section)


# The one sentence a server of 0.3 or earlier (no codes yet) has to say to this release: it is too old.
_OLDER_SERVER = re.compile(r"update (the server|your client): the server speaks protocol (\d+), the client (\d+)")


def reason_of(text: Any, wire: Any) -> str:
    """A reason as a frame carries it: its code and parameters (`wire`) when the server sent them, else its
    sentence (`text`), read as a reason where an older server's sentence is one this release knows."""
    found = Reason.from_wire(wire)
    if found is not None:
        return found
    old = _OLDER_SERVER.fullmatch(str(text or ""))
    if old:
        return Reason("update_server" if old[1] == "the server" else "update_client", server=int(old[2]),
                      client=int(old[3]))
    return str(text or "")
