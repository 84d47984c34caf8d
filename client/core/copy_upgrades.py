"""The steps that bring an older release's copy on a PC up to this one's data version."""

from __future__ import annotations

from typing import Callable

import msgpack

from client.core.outbox import OUTBOX_ORDER, OUTBOX_TABLE
from lan_server.records import Op, Store, versions
from lan_server.records.store import dumps, sort_key


def to_2(store: Store) -> None:
    """0.1 -> 0.2: the outbox knows which import batch an edit belongs to (early 0.1 copies lack the column),
    and titles sort the Russian way (Cyrillic before Latin): 0.1's keys are the folded titles, so the new key is
    made from them."""
    if "batch" not in {row[1] for row in store.execute("PRAGMA table_info(outbox)")}:
        store.execute("ALTER TABLE outbox ADD COLUMN batch TEXT")
    rows = store.execute("SELECT id, sort FROM records").fetchall()
    store.executemany("UPDATE records SET sort = ? WHERE id = ?", [(sort_key(old), rec) for rec, old in rows])


def to_3(store: Store) -> None:
    """0.2 -> 0.3: the outbox keeps op ids only. An edit queued without an op of its own (a value from a first
    copy, resent after the server's restore) becomes an op first, so nothing waiting to be sent is lost."""
    columns = {row[1] for row in store.execute("PRAGMA table_info(outbox)")}
    if "body" not in columns:
        return
    missing = [Op.from_wire(msgpack.unpackb(body)) for (body,) in store.execute(
        "SELECT body FROM outbox WHERE op NOT IN (SELECT id FROM ops)").fetchall()]
    store.executemany("INSERT INTO ops(id, seq, rec, kind, field, value, hlc, dev, usr, batch) "
                      "VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT(id) DO NOTHING",
                      [(op.id, op.rec, op.kind, op.field, dumps(op.value), op.hlc, op.dev, op.user) for op in missing])
    store.execute("ALTER TABLE outbox RENAME TO outbox_0_2")
    store.execute("DROP INDEX IF EXISTS outbox_pos")
    store.execute("DROP INDEX IF EXISTS outbox_batch")
    store.execute(OUTBOX_TABLE)
    store.execute("INSERT INTO outbox(op, pos) SELECT op, pos FROM outbox_0_2")
    store.execute("DROP TABLE outbox_0_2")
    store.execute(OUTBOX_ORDER)


# Steps of this PC's copy: STEPS[n] turns data version n into n + 1 (lan_server/records/versions.py).
# 3 -> 4 changed the server only (its search index); 4 -> 5: records made in one op (versions.record_stamps);
# 5 -> 6: a phone's search text holds the runs of its last digits (4567 finds +7 916 123-45-67).
# 6 -> 7: search_pending (search text not yet in the index), made by the store's tables: no step.
STEPS: dict[int, Callable[[Store], None]] = {1: to_2, 2: to_3, 4: versions.record_stamps, 5: versions.reindex}
