"""What to act on: the records a list shows (section, quick search, filter conditions, folder), in its order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from client.core.replica import Replica
from lan_server.records import Record


@dataclass(frozen=True)
class Shown:
    """The records a table shows; export (and letters, mailing, printing) take exactly these."""

    kind: str
    search: str = ""
    where: Mapping[str, Any] = field(default_factory=dict)
    order: str | None = None
    descending: bool = False
    deleted: bool = False

    def records(self, replica: Replica) -> list[Record]:
        return replica.records(self.kind, search=self.search or None, where=dict(self.where) or None,
                               order=self.order, descending=self.descending, deleted=self.deleted)

    def count(self, replica: Replica) -> int:
        return replica.count(self.kind, search=self.search or None, where=dict(self.where) or None,
                             deleted=self.deleted)
