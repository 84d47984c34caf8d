"""The office's colleagues as the talk shows them: names for @mentions, completion while typing, and the list
kept on this PC (refreshed from the server at each sync), so mentions complete offline too."""

from __future__ import annotations

from typing import Any

from client.core.replica import Replica
from lan_server.records.store.text import fold
from lan_server.records.talk import Person, complete, resolve, shown_text

__all__ = ["META", "Person", "colleagues", "complete", "names", "remember", "resolve", "shown_text"]

META = "colleagues"


def colleagues(replica: Replica) -> list[Person]:
    """Everyone in the office this PC knows of (the user included), by name."""
    found: dict[str, Person] = {}
    for item in replica.meta(META) or []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            found[item["name"]] = Person(item["name"], str(item.get("full_name") or ""))
    if replica.user and replica.user not in found:
        found[replica.user] = Person(replica.user)
    return sorted(found.values(), key=lambda p: fold(p.shown))


def names(replica: Replica) -> dict[str, str]:
    """login -> the name shown for it."""
    return {p.login: p.shown for p in colleagues(replica)}


async def remember(conn: Any, replica: Replica) -> None:
    """Keep the server's list of colleagues on this PC (a sync step; a server too old to say is skipped)."""
    reply = await conn.request("users")
    people = sorted(({"name": str(u["name"]), "full_name": str(u.get("full_name") or "")}
                     for u in reply.get("users", []) if isinstance(u, dict) and u.get("name")
                     and not u.get("disabled")), key=lambda u: u["name"])
    if people != replica.meta(META):
        replica.set_meta(META, people)
