"""An import that makes each new record in one op leaves what the same import made field by field leaves: every
record's values and history, the digest, and after its undo the same again; and it keeps only what the undo needs
(the records it made, the values it replaced), not a copy of every value."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from client.core.io.importer import run_import
from client.core.io.table import Table
from client.core.replica import Replica
from lan_server.records import Op, new_id

MAPPING = {0: "name", 1: "phone", 2: "city", 3: "organization"}


def table() -> Table:
    rows = [[f"Клиент {i:06d}", f"+7 900 {i:03d}-00-00", f"Город {i % 5}", f"ООО Фирма {i % 3}"] for i in range(40)]
    rows.append(["Клиент 000001", "", "Новый", ""])  # a duplicate of a record held already: updated
    return Table(name="clients", headers=["ФИО", "Телефон", "Город", "Организация"], rows=rows)


def seen(replica: Replica) -> dict[str, Any]:
    """Every record with its values and its history (each field's values, who, which won; no op ids or stamps:
    the undo is stamped when each copy does it)."""
    records = replica.records(None) + replica.records(None, deleted=True)
    return {
        "records": sorted((r.kind, r.deleted, sorted(r.fields.items(), key=repr)) for r in records),
        "history": sorted((r.fields.get("name"), sorted((h.field, repr(h.value), h.user, h.dev, h.current)
                                                         for h in replica.history(r.id))) for r in records),
    }


def test_an_import_and_its_undo_made_in_one_op_per_record_equal_the_same_made_field_by_field(tmp_path: Path) -> None:
    first = Replica(tmp_path / "one-op")
    known = new_id()  # a colleague's record, as a first copy brought it: its values have no op here
    first.load_snapshot([(known, "contact", [["name", "Клиент 000001", 1 << 16, "srv", new_id(), "olga"],
                                             ["city", "Старый", 1 << 16, "srv", new_id(), "olga"]], None)])
    first.add("contact", {"name": "Своя", "city": "Тверь"})
    first.close()
    shutil.copytree(tmp_path / "one-op", tmp_path / "by-field")  # the same PC twice: same device, same values
    one, by_field = Replica(tmp_path / "one-op"), Replica(tmp_path / "by-field")
    try:
        report = run_import(one, table(), "contact", MAPPING, on_duplicate="update")
        assert (report.created, report.updated, report.organizations_created) == (40, 1, 3)
        # the same import field by field: each new record's values as ops of their own under its stamp
        made = one._outbox.made_by(report.batch)
        ops: list[Op] = []
        for op in one._store.makings(made) + one._store.ops_of_batch(report.batch):
            ops += [Op(id=new_id(), rec=op.rec, kind=op.kind, field=key, value=value, hlc=op.hlc, dev=op.dev,
                       user=op.user) for key, value in op.values().items()]
        by_field.apply_local(sorted(ops, key=lambda o: o.hlc), batch=report.batch, hold=True)
        by_field.release_batch(report.batch)
        assert seen(one) == seen(by_field)
        assert one.digest() == by_field.digest()
        assert len(made) == 43 and one.outbox_size() == 1 + 43 + 1  # the earlier add, a record each, the update
        assert by_field.outbox_size() == 1 + 40 * 4 + 3 + 1
        # what the import keeps for its undo: the records it made, and for the record it changed its values before
        # (known from a first copy only, now ops of their own: name and city) and the new city; no new record's value
        assert one._store.execute("SELECT field, value FROM ops ORDER BY hlc, field").fetchall() == [
            ("city", '"Старый"'), ("name", '"Клиент 000001"'), ("city", '"Новый"')]

        assert one.undo_batch(report.batch) == by_field.undo_batch(report.batch) == 44
        assert seen(one) == seen(by_field)
        assert one.count("contact") == 2 and one.get(known).fields["city"] == "Старый"  # type: ignore[union-attr]
    finally:
        one.close()
        by_field.close()
