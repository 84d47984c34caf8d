"""A PC's first copy, whose pages are worked out as rows beside the writer, leaves what a PC that received every op
live leaves: the same records (values, titles' order, stamps), the same search text and search answers, the same
winning values in each record's history, the same digest; also when a page of the schema's own records (a field
added) comes between pages worked out before it was written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from client.core.replica import Replica
from lan_server.records import Op, Store, new_id
from lan_server.records.ops import record_op
from lan_server.records.schema import field_record_id

SURNAMES = ["Иванов", "Ёлкина", "Smith", "Петров-Водкин", "Öztürk"]


def office_ops() -> list[Op]:
    """What an office's PCs sent: records made in one op, later edits of one field, deletions, a field added to
    the schema (of a type the search leaves out) in the middle of the records' id order, an organization linked."""
    ops: list[Op] = []
    stamp = iter(range(1 << 20, 1 << 30, 1 << 8))
    spec = {"kind": "contact", "key": "code", "type": "bool", "label_en": "Code", "label_ru": "Код"}
    ops += [Op(id=new_id(), rec="_field:contact:code", kind="_field", field=k, value=v, hlc=next(stamp), dev="A",
               user="olga") for k, v in spec.items()]
    org = "Morg"
    ops.append(record_op(org, "organization", {"name": "ООО «Ромашка»"}, hlc=next(stamp), dev="A", user="olga"))
    for i in range(120):
        # ids both before and after "_field:..." (upper case sorts before "_", lower case after)
        rec = f"{'A' if i % 2 else 'c'}{i:04d}"
        values: dict[str, Any] = {"name": f"{SURNAMES[i % 5]} Пётр {i:04d}", "phone": f"+7 (916) 123-{i:02d}-67 доб. 1",
                                  "email": f"client{i}@пример.рф", "city": "Тверь", "organization": org}
        ops.append(record_op(rec, "contact", values, hlc=next(stamp), dev="A", user="olga"))
        if i % 7 == 0:
            ops.append(Op(id=new_id(), rec=rec, kind="contact", field="city", value="Москва", hlc=next(stamp),
                          dev="B", user="ivan"))
        if i % 11 == 0:
            ops.append(Op(id=new_id(), rec=rec, kind="contact", field="_deleted", value=True, hlc=next(stamp),
                          dev="B", user="ivan"))
        if i % 13 == 0 and not i % 2:
            # (a value of the added field on a record whose id sorts before the schema's records would be indexed
            # by a first copy with the schema it had until that page came: the server sends pages in id order)
            ops.append(Op(id=new_id(), rec=rec, kind="contact", field="code", value=f"КОД-{i}", hlc=next(stamp),
                          dev="B", user="ivan"))
    for i in range(0, 120, 17):  # made field by field, as PCs before 0.4 made records
        rec = f"b{i:04d}"
        ops += [Op(id=new_id(), rec=rec, kind="contact", field=k, value=v, hlc=next(stamp), dev="C", user="olga")
                for k, v in {"name": f"Сидоров {i}", "phone": "8 916 000-11-22"}.items()]
    return ops


def held(replica: Replica) -> dict[str, Any]:
    store = replica._store
    replica.pending_search.now()  # the index as a search reads it (a first copy's text is drained after it)
    return {
        # a record's values as a map (a record made field by field lists them in the order its ops came live, in
        # the fields' order from a snapshot); the schema's own records have no title order that anyone sees
        "records": [(rec, kind, deleted, json.loads(data), sort if not kind.startswith("_") else "", *rest)
                    for rec, kind, deleted, data, sort, *rest in store.execute(
                        "SELECT id, kind, deleted, data, sort, updated, creator, stamps FROM records ORDER BY id")],
        "search": store.execute("SELECT r.id, f.text FROM records r JOIN records_fts f ON f.rowid = r.num "
                                "ORDER BY r.id").fetchall(),
        "found": {q: sorted(r.id for r in replica.records(None, search=q))
                  for q in ("иванов", "елкина", "4567", "916 123-05", "пример", "ромашка", "тверь", "код")},
        "winning": {rec: sorted((h.field, repr(h.value), h.user, h.dev, h.hlc) for h in replica.history(rec)
                                if h.current)
                    for (rec,) in store.execute("SELECT id FROM records").fetchall()},
        "digest": store.digest(),
    }


def test_a_first_copy_worked_out_beside_the_writer_equals_a_pc_that_received_every_op_live(tmp_path: Path) -> None:
    server = Store.open(tmp_path / "server.db")
    live, copy = Replica(tmp_path / "live"), Replica(tmp_path / "copy")
    try:
        ops = office_ops()
        server.apply(ops, assign_seq=True)
        # the field added arrives on its own, before the values typed into it (as in an office)
        for start, end in [(0, 5), *((n, n + 50) for n in range(5, len(ops), 50))]:
            live.apply_remote(server.ops_since(start, end - start), last_seq=end)
        # Every page worked out before any is written (as the first copy's pipeline may, a page ahead and more):
        # the pages after the schema's own must be worked out again by the writer, with the field added.
        pages, after = [], ""
        while page := server.snapshot_page(after, 16):
            pages.append(copy.snapshot_rows(page))
            after = server.snapshot_position(after, page)
        assert any(p.meta for p in pages) and any(p.made for p in pages)
        copy.bulk(True)
        for rows in pages:
            copy.load_snapshot(rows)
        copy.bulk(False)
        want, got = held(live), held(copy)
        assert got["records"] == want["records"] and len(got["records"]) == 130
        assert got["search"] == want["search"]
        assert got["found"] == want["found"] and all(v for q, v in want["found"].items() if q != "код")
        assert not want["found"]["код"]  # a field the search leaves out (a yes/no field), on both
        assert got["winning"] == want["winning"]
        assert got["digest"] == want["digest"] == server.digest()
        assert copy.schema().kind("contact").field("code").type == "bool"
    finally:
        live.close()
        copy.close()
        server.close()


def test_a_first_copy_gets_the_schema_first_so_a_users_own_phone_field_is_found_as_on_a_pc_that_synced_live(
        tmp_path: Path) -> None:
    """Record ids (hex of their time) sort before the schema's own ("_field:..."): by id alone, every record of a
    first copy was worked out with the built-in schema only, and a number in a phone field users added was not
    found by its last digits (nor a yes/no field left out of the search) on the new PC, while a PC that synced
    live found it."""
    server = Store.open(tmp_path / "server.db")
    live, copy, resumed = Replica(tmp_path / "live"), Replica(tmp_path / "copy"), Replica(tmp_path / "resumed")
    try:
        stamp = iter(range(1 << 20, 1 << 30, 1 << 8))
        server.apply([record_op(field_record_id("contact", "mobile"), "_field", {
            "kind": "contact", "key": "mobile", "type": "phone", "label_en": "Mobile", "label_ru": "Мобильный"},
            hlc=next(stamp), dev="A", user="olga")], assign_seq=True)
        recs = [new_id() for _ in range(30)]
        server.apply([record_op(rec, "contact", {"name": f"Иванов {i}", "mobile": f"+7 916 123-45-{i:02d}"},
                                hlc=next(stamp), dev="A", user="olga") for i, rec in enumerate(recs)], assign_seq=True)
        assert max(recs) < field_record_id("contact", "mobile")
        live.apply_remote(server.ops_since(0, 1), last_seq=1)
        live.apply_remote(server.ops_since(1, 100), last_seq=31)
        after = ""
        while page := server.snapshot_page(after, 7):
            copy.load_snapshot(page)
            after = server.snapshot_position(after, page)
        assert not server.has_records_after(after)
        # a first copy begun with a server before this one (its position a plain record id) goes on in id order
        after = "0"
        while page := server.snapshot_page(after, 7):
            resumed.load_snapshot(page)
            after = server.snapshot_position(after, page)
            assert after == page[-1][0]
        assert resumed.count(None) == copy.count(None) == live.count(None) == 31
        found = sorted(r.id for r in live.records("contact", search="4512"))
        assert found == [recs[12]] == sorted(r.id for r in copy.records("contact", search="4512"))
        assert held(copy)["search"] == held(live)["search"]
    finally:
        for replica in (live, copy, resumed):
            replica.close()
        server.close()
