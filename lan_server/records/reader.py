"""What the shared rules read records through: the server's Store, a PC's Replica and their derived views all
answer these few questions, so invoice totals and dashboard figures are worked out once for both."""

from __future__ import annotations

from typing import Any, Mapping, Protocol, Sequence

from lan_server.records.ops import Record
from lan_server.records.schema import Schema


class RecordsReader(Protocol):
    """Reads of records (no writes): records by id, a section's list, the counts of a field's values."""

    def schema(self) -> Schema: ...

    def get(self, rec_id: str) -> Record | None: ...

    def get_many(self, rec_ids: Sequence[str]) -> dict[str, Record]: ...

    def records(self, kind: str | None = None, *, search: str | None = None,
                where: Mapping[str, Any] | None = None, deleted: bool = False, limit: int | None = None,
                offset: int = 0, order: str | None = None, descending: bool = False) -> list[Record]: ...

    def group_counts(self, kind: str, field: str) -> list[tuple[Any, int]]: ...
