"""A user's saved filters: records of the hidden `saved_filter` section that only their owner reads, so they
follow the user to each of their PCs; named, renamed and deleted in the window."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from client.core.replica import Replica

KIND = "saved_filter"


@dataclass(frozen=True)
class Saved:
    rec: str
    name: str
    spec: dict[str, Any]


def mine(replica: Replica, section: str) -> list[Saved]:
    found = []
    for r in replica.records(KIND, where={"section": section, "assignee": replica.user or None}):
        try:
            spec = json.loads(str(r.fields.get("spec") or "{}"))
        except ValueError:
            continue  # written by something else: not offered
        found.append(Saved(r.id, str(r.fields.get("name") or ""), spec))
    return sorted(found, key=lambda s: s.name.casefold())


def save(replica: Replica, name: str, section: str, spec: dict[str, Any]) -> str:
    """Save under `name` (the same name again replaces it)."""
    values = {"name": name, "section": section, "spec": json.dumps(spec, ensure_ascii=False),
              "assignee": replica.user or None}
    for s in mine(replica, section):
        if s.name == name:
            replica.set(s.rec, values)
            return s.rec
    return replica.add(KIND, values)


def rename(replica: Replica, rec: str, name: str) -> None:
    replica.set(rec, {"name": name})


def delete(replica: Replica, rec: str) -> None:
    replica.delete(rec)


def move_from_this_pc(replica: Replica) -> int:
    """Filters 0.1 kept on one PC (in its data file) become the user's synced ones, once."""
    old = replica.meta("saved_filters") or {}

    def move() -> None:  # one transaction: listeners hear of it once, after the old copy is gone
        replica.set_meta("saved_filters", None)
        for name, spec in old.items():
            save(replica, name, str(spec.get("kind", "")), {k: v for k, v in spec.items() if k != "kind"})
    if old:
        replica.transaction(move)
    return len(old)
