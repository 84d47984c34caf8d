"""Data versions: each database (the server's, each PC's copy) records the version of its layout and which
release wrote it; opening an older one migrates it in one transaction (after a verified backup on the
server), a newer one is refused with the release that made it, so no release writes data it does not know."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from lan_server.records.store import Store
from lan_server.records.store.rows import STAMP_MOD

# 1: release 0.1 (it recorded no version); 2: 0.2, the sales sections and PCs' held import batches;
# 3: 0.3, a PC's outbox names its ops instead of holding a second copy of each; 4: the server keeps the search
# index too (its browser pages search); 5: 0.4, records made in one op (a record row keeps its values' stamps'
# checksum: record_stamps); 6: the search index holds every run of a phone's last digits (a step of its own on
# both sides); 7: search text written in bulk may wait in search_pending (a release before it would search
# without those records; the table is made when a store is opened, so no step).
DATA_VERSION = 7
Step = Callable[[Store], None]


def reindex(store: Store) -> None:
    """Every record's search text written again by today's rule (a step where that rule changed)."""
    store.reindex()


class NewerData(Exception):
    """The data was written by a newer release than this one."""


def made_by() -> str:
    from lan_server import __version__
    return __version__


def stored_version(store: Store) -> int | None:
    """The data version of this database; None for a new, empty one. 0.1 recorded none: its data is 1."""
    version = store.get_meta("data_version")
    if isinstance(version, int):
        return version
    has_data = store.execute("SELECT 1 FROM meta LIMIT 1").fetchone() or \
        store.execute("SELECT 1 FROM ops LIMIT 1").fetchone()
    return 1 if has_data else None


def upgrade(store: Store, steps: Mapping[int, Step], *, before: Callable[[int], Any] | None = None) -> int | None:
    """Bring the database to DATA_VERSION; returns the version it had when it needed migrating, else None.

    `steps[n]` turns version n into n + 1; all of them and the new version commit together, so a failure
    (a full disk, a power cut) leaves the old data as it was. `before(old)` runs first (the server's backup).
    """
    found = stored_version(store)
    if found is not None and found > DATA_VERSION:
        writer = store.get_meta("made_by") or "unknown"
        raise NewerData(f"this data was made by a newer version of the organizer ({writer}, data version "
                        f"{found}); this is {made_by()} (data version {DATA_VERSION}): install {writer} or newer")
    if found == DATA_VERSION:
        return None
    if found is not None and before is not None:
        before(found)
    with store.atomic():
        for n in range(found or DATA_VERSION, DATA_VERSION):
            step = steps.get(n)
            if step is not None:
                step(store)
        store.set_meta("data_version", DATA_VERSION)
        store.set_meta("made_by", made_by())
    return found


def stamps_column(store: Store) -> None:
    """The record rows' `stamps` column (data version 5), where a store made before it lacks it."""
    columns = [d[0] for d in store.execute("SELECT * FROM records LIMIT 0").description]
    if "stamps" not in columns:
        store.execute(f"ALTER TABLE records ADD COLUMN stamps {'INTEGER' if store.sqlite else 'BIGINT'} NOT NULL "
                      "DEFAULT 0")


def record_stamps(store: Store) -> None:
    """-> 5, on the server and on a PC: records made in one op keep all their values under one stamp, so a
    record's row keeps the checksum of its values' stamps that the digest sums (Store.digest); an older record's
    is worked out once from its values."""
    stamps_column(store)
    store.execute(f"UPDATE records SET stamps = COALESCE((SELECT SUM(c.hlc % {STAMP_MOD}) FROM cur c "
                  "WHERE c.rec = records.id), 0)")
