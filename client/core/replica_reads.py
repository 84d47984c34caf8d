"""A PC's copy read on the caller's own connection (SQLite WAL: readers never wait for the replica's writer)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from lan_server.records import Record, Schema, Store, derived
from lan_server.records.store import HistoryEntry


class ReplicaReads:
    """The reading half of client.core.replica.Replica, which holds the store and the writer."""

    _store: Store
    _derived: derived.WithDerived
    device: str

    def schema(self) -> Schema:
        return self._store.schema()

    # Computed fields (an invoice's total, paid, balance, status) are filled in on the way out: every read
    # shows them, none stores them (lan_server/records/derived.py).

    def get(self, rec_id: str) -> Record | None:
        return self._derived.get(rec_id)

    def get_many(self, rec_ids: Sequence[str]) -> dict[str, Record]:
        return self._derived.get_many(rec_ids)

    def records(self, kind: str | None = None, *, search: str | None = None,
                where: Mapping[str, Any] | None = None, deleted: bool = False, limit: int | None = None,
                offset: int = 0, order: str | None = None, descending: bool = False) -> list[Record]:
        return self._derived.records(kind, search=search, where=where, deleted=deleted, limit=limit, offset=offset,
                                     order=order, descending=descending)

    def tell_names(self, people: Mapping[str, str]) -> None:
        """login -> the colleague's name the window shows (client/core/talk/people.names): lists sort, filter and
        search a user field (Менеджер) by these names; the value stored stays the login."""
        self._store.tell_names(people)

    def count(self, kind: str | None = None, **kwargs: Any) -> int:
        return self._store.count(kind, **kwargs)

    def titles(self, rec_ids: Iterable[str]) -> dict[str, str]:
        """What these records are called (links show their target's title), read in one go."""
        schema = self.schema()
        return {rec_id: schema.title(rec.kind, rec.fields) for rec_id, rec in
                self._store.get_many(sorted({str(r) for r in rec_ids if r})).items()}

    def link_titles(self, records: Iterable[Record]) -> dict[str, str]:
        """The titles of every record these records link to (exports and letters show names, not ids)."""
        schema = self.schema()
        return self.titles(str(v) for r in records for k, v in r.fields.items()
                           if v and schema.has_kind(r.kind) and (fd := schema.kind(r.kind).field(k))
                           and fd.type == "link")

    def recently_changed(self, hlc: int, limit: int = 2000) -> list[Record]:
        """Records changed at or after the stamp `hlc`, the latest first, at most `limit` (the feed reads them)."""
        return self._store.recently_changed(hlc, limit)

    def group_counts(self, kind: str, field: str) -> list[tuple[Any, int]]:
        return self._store.group_counts(kind, field)

    def history(self, rec_id: str) -> list[HistoryEntry]:
        return self._store.history(rec_id)

    def sent_fields(self, rec_ids: Sequence[str]) -> set[tuple[str, str]]:
        """(record, field) this PC edited and the server acknowledged, among these records."""
        return self._store.sent_fields(self.device, rec_ids)

    def seqs(self, op_ids: Sequence[str]) -> dict[str, int | None]:
        """The sequence numbers the server gave these ops (None: not acknowledged yet)."""
        return self._store.known_seqs(op_ids)

    def digest(self) -> dict[str, list[int]]:
        return self._store.digest()

    def ids(self, kind: str) -> list[str]:
        """Every record of `kind` this PC holds, the bin's too."""
        return self._store.ids(kind)
