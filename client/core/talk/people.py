"""The office's colleagues as the window shows them: names for @mentions and user fields (Менеджер, Исполнитель),
completion while typing, and the list kept on this PC (refreshed from the server at each sync), so names show
offline too. The value stored stays the login; a login with no known name shows the login."""

from __future__ import annotations

from typing import Any

from client.core.i18n import _
from client.core.replica import Replica
from lan_server.records.store.text import fold
from lan_server.records.talk import ADMINISTRATOR, Person, complete, resolve, shown_text

__all__ = ["META", "Person", "colleagues", "complete", "login_of", "names", "remember", "resolve", "shown_text"]

META = "colleagues"


def colleagues(replica: Replica, *, former: bool = False) -> list[Person]:
    """Everyone in the office this PC knows of (the user included), by name; with `former`, the former (disabled)
    colleagues too: they are named where a record holds them, never offered for new work."""
    found: dict[str, Person] = {}
    for item in replica.meta(META) or []:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and (former or not item.get("former")):
            full_name = str(item.get("full_name") or "")
            # the built-in administrator in the window's language, as the pages say it (web/shown.person_name)
            found[item["name"]] = Person(item["name"], _("Administrator") if full_name == ADMINISTRATOR else full_name)
    if replica.user and replica.user not in found:
        found[replica.user] = Person(replica.user)
    return sorted(found.values(), key=lambda p: fold(p.shown))


def names(replica: Replica) -> dict[str, str]:
    """login -> the name shown for it (a former colleague's too)."""
    return {p.login: p.shown for p in colleagues(replica, former=True)}


def login_of(people: list[Person], typed: str) -> str:
    """The login a user field stores for what was typed or picked: a colleague's name (any case) or login; else
    the text as typed (kept, as before names were shown: a value the list does not know is not lost)."""
    text = typed.strip()
    folded = fold(text)
    for p in people:
        if p.login == text or fold(p.shown) == folded:
            return p.login
    return text


async def remember(conn: Any, replica: Replica) -> None:
    """Keep the server's list of colleagues on this PC (a sync step; a server too old to say is skipped). A former
    colleague is kept marked `former` (a server of the previous release tells only administrators of them)."""
    reply = await conn.request("users")
    people = sorted(({"name": str(u["name"]), "full_name": str(u.get("full_name") or ""),
                      **({"former": True} if u.get("disabled") else {})}
                     for u in reply.get("users", []) if isinstance(u, dict) and u.get("name")),
                    key=lambda u: str(u["name"]))
    if people != replica.meta(META):
        replica.set_meta(META, people)
