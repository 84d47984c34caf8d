"""The store: last-writer-wins per field, tombstones, history, search, snapshot, digest, convergence."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lan_server.records import Clock, Op, Store, new_id
from lan_server.records.hlc import MAX_DRIFT_MS, clamp, pack, wall_ms
from lan_server.records.ops import record_op
from tests.copying import pages_of


def op(rec: str, field: str, value: object, hlc: int, dev: str = "A", kind: str = "contact", user: str = "u") -> Op:
    return Op(id=new_id(), rec=rec, kind=kind, field=field, value=value, hlc=hlc, dev=dev, user=user)


def test_latest_write_wins_per_field_and_ties_break_on_device(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    s.apply([op("r", "name", "old", 10), op("r", "city", "Тверь", 11)])
    s.apply([op("r", "name", "new", 20, "B"), op("r", "name", "late but older", 15, "Z")])
    s.apply([op("r", "city", "B wins tie", 11, "B")])
    assert s.get("r").fields == {"name": "new", "city": "B wins tie"}


def test_duplicates_are_applied_once_and_seq_assigned_once(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    ops = [op("r", "name", "x", 1), op("r", "phone", "1", 2)]
    first = s.apply(ops, assign_seq=True)
    again = s.apply(ops, assign_seq=True)
    assert [o.seq for o in first.new] == [1, 2]
    assert again.new == [] and again.seqs == first.seqs and s.max_seq() == 2


def test_tombstone_hides_and_restore_brings_back(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    s.apply([op("r", "name", "Анна", 1), op("r", "_deleted", True, 2)])
    assert s.records("contact") == [] and s.get("r").deleted
    assert [r.id for r in s.records("contact", deleted=True)] == ["r"]
    s.apply([op("r", "_deleted", False, 3)])
    assert [r.fields["name"] for r in s.records("contact")] == ["Анна"]


def test_history_keeps_losing_values_with_author(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    s.apply([op("r", "name", "first", 1, user="olga"), op("r", "name", "second", 3, user="ivan"),
             op("r", "name", "lost race", 2, "B", user="petr")])
    hist = s.history("r")
    assert [(h.value, h.user, h.current) for h in hist] == [
        ("first", "olga", False), ("lost race", "petr", False), ("second", "ivan", True)]


def test_search_is_prefix_cyrillic_case_and_yo_insensitive(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    s.apply([op("1", "name", "Пётр Ёлкин", 1), op("1", "phone", "+7 (495) 123-45-67", 2),
             op("2", "name", "Ольга Смирнова", 3), op("2", "city", "Санкт-Петербург", 4),
             op("3", "title", "Позвонить Петру", 5, kind="task")])
    names = lambda q, k="contact": sorted(r.id for r in s.records(k, search=q))  # noqa: E731
    assert names("петр") == ["1"]          # ё typed as е, any case
    assert names("ЁЛК") == ["1"]
    assert names("смир ольг") == ["2"]     # every word, any order, as prefixes
    assert names("петерб") == ["2"]
    assert names("4951234567") == ["1"] and names("84951234567") == ["1"]  # a phone with or without 8 / +7
    assert names("петру", "task") == ["3"]
    assert names("!!!") == []


def test_where_filter_and_ordering(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    for i, (name, city) in enumerate([("Борис", "Тверь"), ("анна", "Москва"), ("Вера", "Тверь")]):
        s.apply([op(str(i), "name", name, 10 * i + 1), op(str(i), "city", city, 10 * i + 2)])
    assert [r.fields["name"] for r in s.records("contact")] == ["анна", "Борис", "Вера"]
    assert [r.fields["name"] for r in s.records("contact", where={"city": "Тверь"})] == ["Борис", "Вера"]
    assert s.count("contact", where={"city": "Тверь"}) == 2
    assert [r.fields["name"] for r in s.records("contact", limit=1, offset=1)] == ["Борис"]
    assert [r.fields["city"] for r in s.records("contact", order="city", descending=True)][0] == "Тверь"


def test_snapshot_page_loads_into_an_empty_store_identically(tmp_path: Path) -> None:
    a = Store.open(tmp_path / "a.db")
    clock = Clock()
    for i in range(30):
        a.apply([op(f"r{i:02}", "name", f"n{i}", clock.now()), op(f"r{i:02}", "city", "X", clock.now())])
    a.apply([op("r05", "_deleted", True, clock.now())])
    b = Store.open(tmp_path / "b.db")
    for page, _end in pages_of(a, 7):
        b.load_snapshot(page)
    assert b.digest() == a.digest()
    assert b.get("r05").deleted and b.get("r07").fields == {"name": "n7", "city": "X"}


def test_restamp_redecides_the_field(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    future = op("r", "name", "from the future", pack(10**13, 0), "A")
    s.apply([op("r", "name", "honest", 1000 << 16, "B"), future])
    assert s.get("r").fields["name"] == "from the future"
    s.restamp({future.id: 500 << 16})
    assert s.get("r").fields["name"] == "honest"


def test_restamp_redecides_the_fields_of_a_record_made_in_one_op(tmp_path: Path) -> None:
    from lan_server.records.ops import record_op
    s = Store.open(tmp_path / "a.db")
    made = record_op("r", "contact", {"name": "из будущего", "city": "Тверь"}, hlc=pack(10**13, 0), dev="A", user="u")
    s.apply([made, op("r", "name", "честно", 1000 << 16, "B")])
    assert s.get("r").fields == {"name": "из будущего", "city": "Тверь"}
    s.restamp({made.id: 500 << 16})  # the server clamped the clock that ran ahead
    assert s.get("r").fields == {"name": "честно", "city": "Тверь"}
    assert [h.hlc for h in s.history("r") if h.field == "city"] == [500 << 16]


def test_clock_is_monotonic_and_ignores_far_future() -> None:
    now = [1_000_000]
    c = Clock(now_ms=lambda: now[0])
    a, b = c.now(), c.now()
    assert b > a and wall_ms(b) == 1_000_000
    c.observe(pack(now[0] + MAX_DRIFT_MS + 10_000, 0))  # a PC whose clock is a day ahead
    assert wall_ms(c.now()) == 1_000_000
    c.observe(pack(now[0] + 1000, 5))
    assert c.now() > pack(now[0] + 1000, 5)
    assert clamp(pack(now[0] + 10**9, 0), now[0]) <= pack(now[0] + MAX_DRIFT_MS, 0xFFFF)
    # A record's fields stamped at once: strictly increasing, and after every stamp given before.
    before = c.now()
    many = list(c.now_many(6))
    assert many == sorted(set(many)) and many[0] > before and c.now() > many[-1]
    now[0] += 10_000  # past the stamp observed above
    assert wall_ms(c.now_many(3)[0]) == now[0]


# ---- property: any set of ops, in any order, with duplicates, gives the same state everywhere

ops_strategy = st.lists(
    st.tuples(st.sampled_from(["r1", "r2", "r3"]), st.sampled_from(["name", "city", "_deleted"]),
              st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none()),
              st.integers(0, 20), st.sampled_from(["A", "B", "C"])),
    min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops_strategy, st.randoms(use_true_random=False))
def test_replicas_converge_in_any_order(tmp_path_factory, raw, rnd: random.Random) -> None:
    ops = [Op(id=f"op{i}", rec=r, kind="contact", field=f, value=v, hlc=h, dev=d, user="u")
           for i, (r, f, v, h, d) in enumerate(raw)]
    base = tmp_path_factory.mktemp("conv")
    stores = []
    for n in range(3):
        shuffled = ops + rnd.sample(ops, k=len(ops) // 2)  # duplicates too
        rnd.shuffle(shuffled)
        s = Store.open(base / f"{n}.db")
        # apply in random chunks, as pages arrive
        i = 0
        while i < len(shuffled):
            step = rnd.randint(1, 5)
            s.apply(shuffled[i:i + step])
            i += step
        stores.append(s)
    states = [sorted((r.id, r.deleted, sorted(r.fields.items(), key=repr))
                     for r in s.records(None) + s.records(None, deleted=True)) for s in stores]
    assert states[0] == states[1] == states[2]
    assert stores[0].digest() == stores[1].digest() == stores[2].digest()
    for s in stores:
        s.close()


def test_schema_follows_field_records(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "a.db")
    assert s.schema().kind("contact").field("discount") is None
    spec = {"kind": "contact", "key": "discount", "type": "number", "label_en": "Discount", "label_ru": "Скидка"}
    s.apply([op("_field:contact:discount", k, v, i, kind="_field") for i, (k, v) in enumerate(spec.items())])
    fd = s.schema().field("contact", "Скидка")
    assert fd.key == "discount" and fd.type == "number"
    s.apply([op("_field:contact:name", "label_en", "Client", 99, kind="_field"),
             op("_field:contact:name", "kind", "contact", 99, kind="_field"),
             op("_field:contact:name", "key", "name", 99, kind="_field")])
    assert s.schema().field("contact", "name").label_en == "Client"  # a rename changes the label only


def test_a_first_copy_makes_the_titles_index_at_its_end_and_a_copy_cut_short_gets_it_back(tmp_path: Path) -> None:
    def indexes(store: Store) -> set[str]:
        return {r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                            "tbl_name = 'records'")}
    page = [(f"c{i}", "contact", [["name", f"Клиент {i}", 1000 + i, "d", f"op{i}", "u"],
                                  ["organization", "org", 1000 + i, "d", f"op{i}o", "u"]]) for i in range(50)]
    s = Store.open(tmp_path / "pc.db")
    s.index_links()
    lists = {"records_kind", "records_link_contact_organization"}
    assert lists <= indexes(s)
    s.set_bulk(True)  # a new PC's first copy: nothing held yet
    # the titles' index is made at the end; so are the links' of the sections the copy brings, as it brings them;
    # the others' stay (each made again would read the whole table)
    assert "records_kind" not in indexes(s) and "records_link_contact_organization" in indexes(s)
    s.load_snapshot(page)
    assert "records_link_contact_organization" not in indexes(s) and "records_link_task_contact" in indexes(s)
    s.set_bulk(False)
    assert lists <= indexes(s)
    s.set_bulk(True)  # a copy that holds records keeps its indexes (a second first copy after a restore)
    assert lists <= indexes(s)
    s.set_bulk(False)
    s.close()

    s = Store.open(tmp_path / "cut.db")
    s.set_bulk(True)
    s.load_snapshot(page)
    s.close()  # the PC was switched off mid-copy: set_bulk(False) never ran
    s = Store.open(tmp_path / "cut.db")
    s.index_links()  # as every copy is opened (Replica)
    try:
        assert lists <= indexes(s)
        assert [r.id for r in s.records("contact", where={"organization": "org"}, limit=2)] == ["c0", "c1"]
    finally:
        s.close()


def test_the_digest_reads_the_records_through_once_not_in_title_order(tmp_path: Path, monkeypatch) -> None:
    """A PC's first sync ends with the digest on both sides: by the lists' index (kind, deleted, title) SQLite looks
    each record up all over the table, five times the time of reading it through (300,000 records: 0.7 s)."""
    s = Store.open(tmp_path / "office.db")
    clock = Clock()
    try:
        s.apply([record_op(new_id(), "contact", {"name": f"Клиент {i}"}, hlc=clock.now(), dev="pc", user="olga")
                 for i in range(30)], assign_seq=True)
        asked: list[str] = []
        execute = s.execute

        def spy(sql: str, params=()):  # type: ignore[no-untyped-def]
            asked.append(sql)
            return execute(sql, params)
        monkeypatch.setattr(s, "execute", spy)
        assert s.digest()["contact"][0] == 30
        monkeypatch.undo()
        (sql,) = [q for q in asked if "SUM(stamps)" in q]
        plan = " ".join(str(row[-1]) for row in s.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
        assert "records_kind" not in plan and "SCAN records" in plan, plan
    finally:
        s.close()


def test_a_first_copys_page_is_written_in_few_statements_not_one_a_row(tmp_path: Path) -> None:
    """sqlite3 lets go of the GIL for each statement it runs and waits to take it back: a PC's writer that ran one a
    row (executemany) waited once a row for the thread reading the next page. A page of 1,000 records (3 rows each:
    the making, the record, its search text) is now a few dozen statements, and the copy equals the source."""
    office = Store.open(tmp_path / "office.db")
    clock = Clock()
    office.apply([record_op(new_id(), "contact", {"name": f"Клиент {i}", "city": "Тверь"}, hlc=clock.now(), dev="pc",
                            user="olga") for i in range(1000)], assign_seq=True)
    pc = Store.open(tmp_path / "pc.db")
    try:
        page = office.snapshot_page("", 1000)
        rows = pc.snapshot_rows(page)
        pc.set_bulk(True)
        ran: list[str] = []
        pc.db.connection().set_trace_callback(ran.append)
        pc.write_snapshot(rows)
        pc.db.connection().set_trace_callback(None)
        pc.set_bulk(False)
        inserts = [q for q in ran if q.lstrip().upper().startswith("INSERT")]
        assert 3 <= len(inserts) <= 40, len(inserts)  # one a row: 3,000
        # what the copy holds already of the page is one range read (its ids were bound 500 a statement)
        assert len([q for q in ran if q.lstrip().upper().startswith("SELECT")]) <= 2, ran
        assert pc.digest() == office.digest() and pc.count("contact") == 1000
        assert pc.search_pending() == 1000
        pc.drain_search()
        assert pc.count("contact", search="клиент 999") == 1
    finally:
        office.close()
        pc.close()


def test_a_first_copys_pages_read_as_a_run_are_what_the_general_reading_makes_of_them(tmp_path: Path,
                                                                                       monkeypatch) -> None:
    """The pages after the schema's read their records' current rows as one range beside them, in id order, with no
    map of the page (Feeds._run_page: a third less of the server's time a record): records made in one op, edited
    since, deleted, or set field by field come as the general reading (Feeds._page) makes them, whatever the
    page's byte limit, and a copy of them equals the source."""
    s = Store.open(tmp_path / "office.db")
    clock = Clock()
    recs = sorted(new_id() for _ in range(60))
    s.apply([record_op(rec, "contact", {"name": f"Клиент {i}", "city": "Тверь"}, hlc=clock.now(), dev="pc",
                       user="olga") for i, rec in enumerate(recs[::2])], assign_seq=True)
    s.apply([op(rec, "name", f"Поле {i}", clock.now()) for i, rec in enumerate(recs[1::2])])
    s.apply([op(recs[4], "city", "Тула", clock.now()), op(recs[8], "_deleted", True, clock.now()),
             op(recs[9], "_deleted", True, clock.now())])
    general = s._page
    ran: list[int] = []

    def checking(rows, max_bytes):  # type: ignore[no-untyped-def]
        page = run(rows, max_bytes)
        assert page == general(rows, max_bytes)
        ran.append(len(page))
        return page
    run = s._run_page
    monkeypatch.setattr(s, "_run_page", checking)
    try:
        for max_bytes in (None, 600):
            pc = Store.open(tmp_path / f"pc-{max_bytes}.db")
            for page, _end in pages_of(s, 7, max_bytes=max_bytes):
                pc.load_snapshot(page)
            assert pc.digest() == s.digest() and pc.get(recs[4]).fields == {"name": "Клиент 2", "city": "Тула"}
            pc.close()
        assert len(ran) >= 10 and sum(ran) >= 2 * 50, ran
    finally:
        s.close()


def test_a_field_written_twice_in_one_statement_keeps_the_later_op(tmp_path: Path) -> None:
    """Rows of one statement go in one after the other, as executemany's did: the later op of a field wins whichever
    comes first."""
    s = Store.open(tmp_path / "a.db")
    try:
        s.apply([op("r", "name", "first", 2000, "A"), op("r", "name", "older", 1000, "A"),
                 op("r", "name", "latest", 3000, "A"), op("r", "city", "Тверь", 1000, "A")])
        assert s.get("r").fields == {"name": "latest", "city": "Тверь"}
    finally:
        s.close()


def test_new_records_are_written_as_apply_writes_their_ops(tmp_path: Path) -> None:
    """An import's new records, worked out before the writer takes them, leave the rows `apply` leaves for the
    same record ops: each record's making, the record rows and what quick search finds."""
    from lan_server.records.ops import record_op
    records = [("r1", "organization", {"name": "ООО Ромашка", "inn": "7701234567"}),
               ("r2", "contact", {"name": "Анна Ёлкина", "phone": "+7 900 123-45-67", "organization": "r1"}),
               ("r3", "contact", {"name": "Борис", "city": "Тверь", "_deleted": True}),
               ("r4", "note", {"title": "Звонок", "text": "перезвонить"})]
    bulk, plain = Store.open(tmp_path / "bulk.db"), Store.open(tmp_path / "plain.db")
    try:
        new = bulk.new_records(records, iter(range(5000, 6000)), dev="pc", user="olga")
        bulk.write_new_records(new)
        assert new.op_ids == ["r1", "r2", "r3", "r4"]  # one op per record, named as its record
        plain.apply([record_op(rec, kind, values, hlc=5000 + i, dev="pc", user="olga")
                     for i, (rec, kind, values) in enumerate(records)], fresh=True)
        # an import's records wait to be indexed (their text worked out then: the bin's r3 gets none) until the
        # first search
        assert bulk.search_pending() == 4 and plain.search_pending() == 0
        assert bulk.execute("SELECT COUNT(*) FROM records_fts").fetchone()[0] == 0
        for typed in ("ромашка", "елкина", "79001234567", "борис", "звонок"):
            assert [r.id for r in bulk.records(None, search=typed)] == [r.id for r in plain.records(None, search=typed)]
        assert bulk.search_pending() == 0
        for sql in ("SELECT * FROM ops ORDER BY id", "SELECT * FROM cur ORDER BY rec, field",
                    "SELECT id, kind, deleted, data, sort, updated, creator, stamps FROM records ORDER BY id",
                    "SELECT r.id, f.text FROM records r JOIN records_fts f ON f.rowid = r.num ORDER BY r.id"):
            assert bulk.execute(sql).fetchall() == plain.execute(sql).fetchall(), sql
        assert bulk.digest() == plain.digest()
    finally:
        bulk.close()
        plain.close()


def test_an_imports_records_are_written_many_rows_to_a_statement(tmp_path: Path) -> None:
    """An import's chunk goes into the records and their makings in a few statements, not one per row: SQLite does
    each whole without the interpreter lock (the import reads its next rows meanwhile), at half the processor time
    of row by row into the indexed records. Every row is there, numbered in the order given."""
    records = [(f"r{i:05d}", "contact", {"name": f"Клиент {i}", "city": "Тверь"}) for i in range(2401)]
    s = Store.open(tmp_path / "copy.db")
    try:
        new = s.new_records(records, iter(range(5000, 8000)), dev="pc", user="olga")
        ran: list[str] = []
        s.db.connection().set_trace_callback(ran.append)
        try:
            s.write_new_records(new)
        finally:
            s.db.connection().set_trace_callback(None)
        inserts = [q.split("(")[0] for q in ran if q.startswith(("INSERT INTO records(", "INSERT INTO cur("))]
        assert sorted(inserts) == ["INSERT INTO cur"] * 2 + ["INSERT INTO records"] * 2  # 2,000 + 401 each
        assert not [q for q in ran if "MAX(num)" in q]  # the numbers come back with the insert
        assert [r for (r,) in s.execute("SELECT id FROM records ORDER BY num")] == [rec for rec, _, _ in records]
        assert s.execute("SELECT MIN(num), MAX(num) FROM records").fetchone() == (1, 2401)
        assert s.execute("SELECT COUNT(*), MIN(hlc), MAX(hlc) FROM cur").fetchone() == (2401, 5000, 7400)
        assert [r.id for r in s.records("contact", search="клиент 2400")] == ["r02400"]
        # inside a transaction under way (an import's chunk) the records go in without a savepoint of their own
        more = s.new_records([(f"s{i}", "contact", {"name": f"Клиент {i}"}) for i in range(3)], iter(range(8000, 8003)),
                             dev="pc", user="olga")
        ran.clear()
        s.db.connection().set_trace_callback(ran.append)
        try:
            with s.atomic():
                s.write_new_records(more)
        finally:
            s.db.connection().set_trace_callback(None)
        assert [q.split()[0] for q in ran if q.startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT"))] == [
            "BEGIN", "COMMIT"]
        assert s.execute("SELECT MAX(num) FROM records").fetchone() == (2404,)
    finally:
        s.close()


def test_rows_inserted_many_to_a_statement_keep_within_the_connections_limit_and_take_a_conflict_clause(
        tmp_path: Path) -> None:
    """A SQLite built to take fewer values a statement (999 before 3.32) gets more, smaller statements; an ON CONFLICT
    clause applies row by row, as executemany's did (a later row of the same statement meets an earlier one)."""
    import sqlite3
    s = Store.open(tmp_path / "copy.db")
    try:
        s.execute("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER)")
        s.db.connection().setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        ran: list[str] = []
        s.db.connection().set_trace_callback(ran.append)
        try:
            s.insert_rows("INSERT INTO t(k, v)", [(f"k{i}", i) for i in range(1200)] + [("k0", 5000)],
                          "ON CONFLICT(k) DO UPDATE SET v = t.v + excluded.v")
        finally:
            s.db.connection().set_trace_callback(None)
        assert len([q for q in ran if q.startswith("INSERT INTO t")]) == 3  # 499 rows a statement: 499 + 499 + 203
        assert s.execute("SELECT COUNT(*), SUM(v) FROM t").fetchone() == (1200, sum(range(1200)) + 5000)
    finally:
        s.close()


def test_a_field_added_and_values_typed_into_it_in_one_push_are_indexed_with_the_field(tmp_path: Path) -> None:
    """The schema's own records of a batch are written first: the batch's other records are worked out with the
    field they bring (a user's phone field: found by its last digits), as when they come one after the other."""
    from lan_server.records.ops import record_op
    from lan_server.records.schema import field_record_id
    spec = {"kind": "contact", "key": "mobile", "type": "phone", "label_en": "Mobile", "label_ru": "Мобильный"}
    texts = []
    for name, together in (("together", True), ("apart", False)):
        s = Store.open(tmp_path / f"{name}.db")
        field = record_op(field_record_id("contact", "mobile"), "_field", spec, hlc=10, dev="A", user="u")
        made = record_op("c1", "contact", {"name": "Иванов", "mobile": "+7 916 123-45-67"}, hlc=11, dev="A", user="u")
        edit = op("c2", "mobile", "8 916 765-43-21", 12)
        for batch in ([field, made, edit],) if together else ([field], [made, edit]):
            s.apply(batch, assign_seq=True)
        texts.append(s.execute("SELECT r.id, f.text FROM records r JOIN records_fts f ON f.rowid = r.num "
                               "ORDER BY r.id").fetchall())
        s.close()
    assert texts[0] == texts[1]
    assert "4567" in texts[0][0][1].split() and "4321" in texts[0][1][1].split()


def test_a_record_made_and_edited_in_one_push_keeps_the_edit_in_its_row(tmp_path: Path) -> None:
    """A push's new record is written as its making says (the making's JSON is the row's data), unless an op of
    the same push changed a field of it: its row then holds the winning values, as when they come apart."""
    from lan_server.records.ops import record_op
    rows = []
    for name, together in (("together", True), ("apart", False)):
        s = Store.open(tmp_path / f"{name}.db")
        made = record_op("n1", "note", {"title": "Звонок", "text": "перезвонить"}, hlc=10, dev="A", user="u")
        plain = record_op("n2", "note", {"title": "Встреча"}, hlc=11, dev="A", user="u")
        later, earlier = op("n1", "title", "Звонок Ивану", 12, kind="note"), op("n2", "title", "раньше", 9, kind="note")
        for batch in ([made, plain, later, earlier],) if together else ([made, plain], [later, earlier]):
            s.apply(batch, assign_seq=True, fresh=True)
        rows.append(s.execute("SELECT r.id, r.data, r.sort, r.stamps, f.text FROM records r JOIN records_fts f "
                              "ON f.rowid = r.num ORDER BY r.id").fetchall())
        s.close()
    assert rows[0] == rows[1]
    assert [json.loads(r[1]) for r in rows[0]] == [{"title": "Звонок Ивану", "text": "перезвонить"},
                                                    {"title": "Встреча"}]


def test_unsynced_writes_commit_without_waiting_for_the_disk_and_put_the_level_back(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "s.db")
    try:
        def level() -> int:
            return int(s.execute("PRAGMA synchronous").fetchone()[0])
        assert level() == 2  # FULL: an acknowledged edit survives a power cut
        assert s.unsynced(level) == 1 and level() == 2  # NORMAL inside, FULL again after
        with s.atomic():
            assert s.unsynced(level) == 2  # a transaction under way keeps its level (SQLite refuses a change)
        s.synchronous(1)  # a first copy written in bulk sets NORMAL this way (Feeds.bulk)
        assert s.unsynced(level) == 1 and level() == 1
        ran: list[str] = []
        s.db.connection().set_trace_callback(ran.append)
        try:
            s.synchronous(2)
            assert s.unsynced(level) == 1 and level() == 2
        finally:
            s.db.connection().set_trace_callback(None)
        assert [q for q in ran if q.startswith("PRAGMA")] == [  # the level is not read back, but by `level` here
            "PRAGMA synchronous = 2", "PRAGMA synchronous = 1", "PRAGMA synchronous", "PRAGMA synchronous = 2",
            "PRAGMA synchronous"]
    finally:
        s.close()


def test_a_push_s_log_rows_are_written_in_order_with_no_none_bound(tmp_path: Path, monkeypatch) -> None:
    """The server's log of a push mixing new records and field edits: each op one row, in the order the ops came
    (records made in one op keep no value of their own there), and no parameter bound as None (sqlite3 looks each
    None up among its adapters: a push of 1,000 new records bound 2,000 of them)."""
    from lan_server.records.ops import record_op
    from lan_server.records.store.database import Database
    bound: list[tuple[str, list]] = []  # each statement, with the values bound to it
    execute, executemany = Database.execute, Database.executemany

    def watched(self: Database, sql: str, params=()):
        bound.append((sql, list(params)))
        return execute(self, sql, params)

    def watched_many(self: Database, sql: str, rows) -> None:
        rows = list(rows)
        bound.append((sql, [value for row in rows for value in row]))
        executemany(self, sql, rows)
    monkeypatch.setattr(Database, "execute", watched)
    monkeypatch.setattr(Database, "executemany", watched_many)
    s = Store.open(tmp_path / "server.db")
    try:
        ops = [record_op("n1", "note", {"title": "Звонок"}, hlc=10, dev="A", user="u"),
               record_op("n2", "note", {"title": "Встреча"}, hlc=11, dev="A", user="u"),
               op("n1", "text", "перезвонить", 12, kind="note"), op("n2", "text", None, 13, kind="note"),
               record_op("n3", "note", {"title": "Письмо"}, hlc=14, dev="A", user="u")]
        s.apply(ops, assign_seq=True, fresh=True)
        s.apply([op("n3", "text", "отправить", 15, kind="note")], assign_seq=True, batch="b1")
        logged = [sql_rows for sql_rows in bound if sql_rows[0].startswith("INSERT INTO ops")]
        assert logged and all(value is not None for _, values in logged for value in values)
        assert s.execute("SELECT id, seq, rec, kind, field, value, hlc, dev, usr, batch FROM ops ORDER BY rowid"
                         ).fetchall() == [
            ("n1", 1, "n1", "note", "*", None, 10, "A", "u", None),
            ("n2", 2, "n2", "note", "*", None, 11, "A", "u", None),
            (ops[2].id, 3, "n1", "note", "text", '"перезвонить"', 12, "A", "u", None),
            (ops[3].id, 4, "n2", "note", "text", "null", 13, "A", "u", None),
            ("n3", 5, "n3", "note", "*", None, 14, "A", "u", None),
            (s.execute("SELECT id FROM ops WHERE seq = 6").fetchone()[0], 6, "n3", "note", "text", '"отправить"', 15,
             "A", "u", "b1")]
        assert [(r.id, r.fields) for r in s.records("note")] == [
            ("n2", {"title": "Встреча", "text": None}), ("n1", {"title": "Звонок", "text": "перезвонить"}),
            ("n3", {"title": "Письмо", "text": "отправить"})]
    finally:
        s.close()
