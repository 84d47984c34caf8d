"""A PC's first copy, whose pages are worked out as rows beside the writer, leaves what a PC that received every op
live leaves: the same records (values, titles' order, stamps), the same search text and search answers, the same
winning values in each record's history, the same digest; also when a page of the schema's own records (a field
added) comes between pages worked out before it was written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from client.core.replica import Replica
from lan_server.auth import Users
from lan_server.hub import Hub, page_to_wire
from lan_server.protocol.frames import HEADER, decode_body, encode
from lan_server.protocol.messages import PROTOCOL_VERSION
from lan_server.protocol.replies import SnapshotRecord
from lan_server.records import Op, Store, new_id
from lan_server.records.ops import record_op
from lan_server.records.schema import field_record_id
from lan_server.rights import Rights, Rule
from tests.copying import pages_of

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
    replica.pending_search.now()  # the search text a first copy left pending, in the index
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


@pytest.mark.parametrize("sent", ["rows ready", "values only"])
def test_a_first_copy_worked_out_beside_the_writer_equals_a_pc_that_received_every_op_live(tmp_path: Path,
                                                                                          sent: str) -> None:
    """`rows ready`: the server sends each record's row as it holds it (title order, search text, also text still
    waiting for its full-text index), and the PC only inserts it; `values only`: a server before 0.4, whose pages
    the PC works out itself."""
    server = Store.open(tmp_path / "server.db")
    live, copy = Replica(tmp_path / "live"), Replica(tmp_path / "copy")
    try:
        ops = office_ops()
        server.apply(ops[:len(ops) // 2], assign_seq=True)
        server.defer_search = True  # the rest written in bulk: its search text waits in search_pending
        server.apply(ops[len(ops) // 2:], assign_seq=True)
        assert server.search_pending() > 40
        # the field added arrives on its own, before the values typed into it (as in an office)
        for start, end in [(0, 5), *((n, n + 50) for n in range(5, len(ops), 50))]:
            live.apply_remote(server.ops_since(start, end - start), last_seq=end)
        # Every page worked out before any is written (as the first copy's pipeline may, a page ahead and more):
        # the pages after the schema's own must be worked out again by the writer, with the field added.
        pages = []
        for page, _end in pages_of(server, 16):
            wire = [page_to_wire(p, PROTOCOL_VERSION)[:None if sent == "rows ready" else 4] for p in page]
            pages.append(copy.snapshot_rows([SnapshotRecord.page_from_wire(r) for r in wire]))
        assert any(p.meta for p in pages)
        if sent == "rows ready":  # nothing worked out on the PC but the schema's own records
            assert sum(len(p.given) for p in pages) == 129 and not any(p.made for p in pages)
        else:
            assert any(p.made for p in pages) and not any(p.given for p in pages)
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
        end = ""
        for page, position in pages_of(server, 7):
            copy.load_snapshot(page)
            end = position
        assert not server.has_records_after(end)
        # a first copy begun with a server before this one (its position a plain record id) goes on in id order
        for page, end in pages_of(server, 7, after="0"):
            resumed.load_snapshot(page)
            assert end == page[-1][0]
        assert resumed.count(None) == copy.count(None) == live.count(None) == 31
        found = sorted(r.id for r in live.records("contact", search="4512"))
        assert found == [recs[12]] == sorted(r.id for r in copy.records("contact", search="4512"))
        assert held(copy)["search"] == held(live)["search"]
    finally:
        for replica in (live, copy, resumed):
            replica.close()
        server.close()


def test_a_first_copy_through_the_hub_equals_a_live_pc_of_the_same_user_whatever_they_may_read(
        tmp_path: Path) -> None:
    """Through the server's answers as they travel (msgpack): an admin's PC gets the kept page with each record's
    row ready and writes it as it is; a PC whose user reads only their own contacts gets only those, rows ready
    too; each copy equals a PC of the same user that received every op it may read live."""
    store = Store.open(tmp_path / "office.db")
    users = Users(store)
    hub = Hub(store, users, Rights(store))
    replicas: list[Replica] = []
    try:
        hub.rights.set_rule("sales", "contact", Rule(read="own"))
        users.add("olga", "olga-pass-1", "admin")
        users.add("petr", "petr-pass-1", "sales")
        stamp = iter(range(1 << 31, 1 << 40, 1 << 8))
        ops = office_ops() + [Op(id=new_id(), rec=f"{'A' if i % 2 else 'c'}{i:04d}", kind="contact", field="manager",
                                 value="petr", hlc=next(stamp), dev="B", user="ivan") for i in range(0, 120, 5)]
        store.apply(ops, assign_seq=True)
        for name in ("olga", "petr"):
            user = users.get(name)
            assert user is not None
            live, copy = Replica(tmp_path / f"live-{name}"), Replica(tmp_path / f"copy-{name}")
            replicas += [live, copy]
            since = 0
            while (pulled := hub.pull(user, since, 40))["last"] > since:
                live.apply_remote([Op.from_wire(op) for op in pulled["ops"]], last_seq=pulled["last"])
                since = pulled["last"]
            after, given = "", 0
            copy.bulk(True)
            while True:
                answer = decode_body(encode(hub.snapshot(user, after, 16))[HEADER.size:])  # as the wire carries it
                rows = copy.snapshot_rows([SnapshotRecord.page_from_wire(r) for r in answer["records"]])
                assert not rows.made  # nothing worked out on the PC but the schema's own records
                given += len(rows.given)
                copy.load_snapshot(rows)
                after = answer["next"]
                if not answer["more"]:
                    break
            copy.bulk(False)
            want, got = held(live), held(copy)
            assert got == want
            assert given == len(want["records"]) - 1  # all but the field added
            assert len(want["records"]) == (130 if name == "olga" else 1 + 1 + 24)
            assert want["search"] and (name == "olga" or all(r[3]["manager"] == "petr" for r in want["records"]
                                                             if r[1] == "contact"))
    finally:
        for replica in replicas:
            replica.close()
        hub.close()
        store.close()


def test_a_first_copy_starts_from_its_first_pages_sequence_without_a_request_of_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new PC asked the server for a page of one record first, only to learn where its copy starts (a round trip,
    and the server counting every record twice); the first page says it. An edit made after that page was read, of a
    record on it, still comes to the PC by pull, as every edit after the copy began."""
    from client.core import sync
    from client.core.session import login
    from lan_server.records import Clock
    from tests.servers import server_in_thread

    monkeypatch.setattr(sync, "SNAPSHOT_PAGE", 500)
    asked: list[int] = []
    edited: list[str] = []
    snapshot = Hub.snapshot

    def spying(hub: Hub, user: Any, after: str, limit: int, protocol: int = PROTOCOL_VERSION) -> dict[str, Any]:
        reply = snapshot(hub, user, after, limit, protocol)
        asked.append(limit)
        if len(asked) == 1:  # a colleague edits a note the first page carries, once the page is read
            first = min(r.id for r in hub.store.records("note", limit=2000))
            hub.store.apply([Op(id=new_id(), rec=first, kind="note", field="title", value="Изменена",
                                hlc=Clock().now(), dev="colleague", user="admin")], assign_seq=True)
            edited.append(first)
        return reply
    with server_in_thread(tmp_path / "server") as (runner, password):
        source, fresh = Replica(tmp_path / "source"), Replica(tmp_path / "fresh")
        try:
            login(source, runner.address, "admin", password)
            new = source.new_records([(new_id(), "note", {"title": f"Заметка {i}"}) for i in range(1200)])
            source.add_new_records(new, batch="import")
            source.release_batch("import", ["note"])
            sync.run_on_server(source, lambda conn: sync.push_outbox(conn, source), timeout=60)
            monkeypatch.setattr(Hub, "snapshot", spying)
            login(fresh, runner.address, "admin", password)
            assert asked == [500, 500, 500], asked  # before: [1, 500, 500, 500]
            assert fresh.count("note") == 1200 and fresh.get(edited[0]).fields["title"] == "Изменена"
            assert fresh.meta("snapshot_done") and int(fresh.meta("snapshot_seq")) < fresh.last_seq
        finally:
            source.close()
            fresh.close()


def test_the_pcs_digest_is_worked_out_while_the_server_works_out_its_own(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each side's digest reads every record (0.14 s each at 300,000): the PC's is worked out on its writer while the
    server's answer is on its way, not after it, and the copy still agrees with the server."""
    import threading
    import time

    from client.core.session import login
    from tests.servers import server_in_thread

    server_done: list[float] = []
    pc_started: list[tuple[float, str]] = []
    hub_digest, store_digest = Hub.digest, Store.digest

    def slow_server(hub: Hub, user: Any) -> dict[str, Any]:
        reply = hub_digest(hub, user)
        time.sleep(0.3)
        server_done.append(time.monotonic())
        return reply

    def noted(store: Store, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == "organizer-writer":
            pc_started.append((time.monotonic(), threading.current_thread().name))
        return store_digest(store, *args, **kwargs)
    monkeypatch.setattr(Hub, "digest", slow_server)
    monkeypatch.setattr(Store, "digest", noted)
    with server_in_thread(tmp_path / "server") as (runner, password):
        pc = Replica(tmp_path / "pc")
        try:
            login(pc, runner.address, "admin", password)
            assert server_done and pc_started, (server_done, pc_started)
            assert pc_started[0][0] < server_done[0]  # before: after the server's answer, on the calling thread
        finally:
            pc.close()
