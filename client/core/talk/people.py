"""The office's colleagues as the talk shows them: names for @mentions, completion while typing, and the list
kept on this PC (refreshed from the server at each sync), so mentions complete offline too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from client.core.replica import Replica
from lan_server.records.talk import mentioned_logins

META = "colleagues"


@dataclass(frozen=True)
class Person:
    login: str
    full_name: str = ""

    @property
    def shown(self) -> str:
        return self.full_name or self.login


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def colleagues(replica: Replica) -> list[Person]:
    """Everyone in the office this PC knows of (the user included), by name."""
    found: dict[str, Person] = {}
    for item in replica.meta(META) or []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            found[item["name"]] = Person(item["name"], str(item.get("full_name") or ""))
    if replica.user and replica.user not in found:
        found[replica.user] = Person(replica.user)
    return sorted(found.values(), key=lambda p: _fold(p.shown))


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


def complete(people: Iterable[Person], typed: str, limit: int = 8) -> list[Person]:
    """Colleagues whose login, or any word of whose name, begins with what was typed after @."""
    key = _fold(typed.lstrip("@"))
    out = []
    for p in people:
        words = [_fold(p.login), *(_fold(w) for w in p.full_name.split())]
        if not key or any(w.startswith(key) for w in words) or _fold(p.full_name).startswith(key):
            out.append(p)
    return out[:limit]


_AT_WORDS = re.compile(r"(?<![\w@])@([^\W\d_][\w.-]*)(?:\s+([^\W\d_][\w-]*))?")


def resolve(text: str, people: Iterable[Person]) -> tuple[str, list[str]]:
    """The text with each @mention written as the colleague's login, and the logins mentioned. "@olga",
    "@Ольга" (the only Ольга) and "@Ольга Петрова" all become "@olga"; an @word naming nobody stays as typed."""
    everyone = list(people)
    logins = {_fold(p.login): p.login for p in everyone}

    def by_name(words: str) -> str | None:
        key = _fold(words)
        found = [p for p in everyone if _fold(p.full_name) == key] or \
            [p for p in everyone if key in (_fold(w) for w in p.full_name.split())]
        return found[0].login if len(found) == 1 else None

    def replace(m: re.Match[str]) -> str:
        first, second = m.group(1), m.group(2)
        if second and by_name(f"{first} {second}"):
            return "@" + str(by_name(f"{first} {second}"))
        rest = m.group(0)[1 + len(first):]
        login = logins.get(_fold(first.rstrip("."))) or by_name(first)
        if login is None:
            return m.group(0)
        tail = "." if first.endswith(".") and login != first else ""
        return f"@{login}{tail}{rest}"
    written = _AT_WORDS.sub(replace, text)
    known = set(logins.values())
    return written, [login for login in mentioned_logins(written) if login in known]


def shown_text(text: str, shown: dict[str, str]) -> list[tuple[str, str]]:
    """A text cut into ("text", part) and ("mention", name) pieces, each @login read as the colleague's name."""
    pieces: list[tuple[str, str]] = []
    pos = 0
    for m in re.finditer(r"(?<![\w@])@([\w.-]+)", text):
        login = m.group(1).rstrip(".")
        if login not in shown:
            continue
        pieces.append(("text", text[pos:m.start()]))
        pieces.append(("mention", shown[login]))
        pos = m.start() + 1 + len(login)
    pieces.append(("text", text[pos:]))
    return [p for p in pieces if p[1]]
