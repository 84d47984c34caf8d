"""A record made in one op is the same record as one made field by field: the same edits replayed both ways
(later field edits, conflicts won and lost, ties, deletes, restores, a refused edit taken back) leave every
field with the same value and the same history (who set which value when, which won), the same digest, the same
quick search and the same first copy, in the order they were made and in any other order, on a PC and on the
server."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lan_server.records import Op, Store, new_id, ops
from lan_server.records.ops import RECORD, record_op
from tests.copying import pages_of

Make = tuple[str, str, dict[str, Any], int, str, str]  # rec, kind, values, hlc, dev, user


def made(event: Make, *, whole: bool) -> list[Op]:
    """The ops of a record's making: one record op, or one field op per value with the same stamp."""
    rec, kind, values, hlc, dev, user = event
    if whole:
        return [record_op(rec, kind, values, hlc=hlc, dev=dev, user=user)]
    return [Op(id=new_id(), rec=rec, kind=kind, field=key, value=value, hlc=hlc, dev=dev, user=user)
            for key, value in values.items()]


def edit(rec: str, field: str, value: Any, hlc: int, dev: str, user: str = "ivan", kind: str = "contact") -> Op:
    return Op(id=new_id(), rec=rec, kind=kind, field=field, value=value, hlc=hlc, dev=dev, user=user)


def state(store: Store, recs: list[str]) -> dict[str, Any]:
    """Everything a user can see of these records, with no op ids (the two ways name their ops differently)."""
    records = store.get_many(recs)
    return {
        "records": {r: (x.kind, x.deleted, x.fields, x.creator) for r, x in sorted(records.items())},
        "history": {r: sorted((h.field, repr(h.value), h.hlc, h.dev, h.user, h.current) for h in store.history(r))
                    for r in recs},
        "digest": store.digest(),
        "lists": [[r.id for r in store.records(kind, deleted=gone)] for kind in ("contact", "organization")
                  for gone in (False, True)],
        "search": [[r.id for r in store.records(None, search=q)] for q in ("анна", "тверь", "79161112233", "ромашка",
                                                                           "петровна", "омск")],
    }


def replay(path: Path, events: list[Op | Make], *, whole: bool, server: bool) -> Store:
    store = Store.open(path)
    for event in events:
        store.apply(made(event, whole=whole) if isinstance(event, tuple) else [event], assign_seq=server)
    return store


ANNA: Make = ("r1", "contact", {"name": "Анна", "city": "Тверь", "phone": "+7 916 111-22-33",
                                "birthday": "1980-05-14", "tags": ["опт", "VIP"], "score": 7, "called": True,
                                "note": None}, 100 << 16, "A", "olga")
ORG: Make = ("o1", "organization", {"name": "ООО «Ромашка»", "city": "Москва"}, 101 << 16, "A", "olga")
GONE: Make = ("r2", "contact", {"name": "Борис", "_deleted": True}, 102 << 16, "B", "petr")


def scenario() -> tuple[list[Op | Make], Op]:
    refused = edit("r1", "score", 99, 150 << 16, "B")
    events: list[Op | Make] = [
        ANNA, ORG, GONE,
        edit("r1", "city", "Москва", 110 << 16, "B"),          # a later edit wins
        edit("r1", "city", "Омск", 105 << 16, "C"),            # a conflict lost to it
        edit("r1", "name", "Анна Петровна", 90 << 16, "D"),    # older than the record's making: loses to it
        edit("r1", "phone", "+7 916 000-00-00", 100 << 16, "Z"),  # the same stamp as the making: Z > A wins
        edit("r1", "birthday", "1981-01-01", 100 << 16, "0"),     # the same stamp: 0 < A loses
        edit("r1", "organization", "o1", 111 << 16, "A"),
        edit("r1", "_deleted", True, 120 << 16, "B"),          # deleted ...
        edit("r1", "_deleted", False, 130 << 16, "C"),         # ... and restored
        edit("r1", "city", "Тверь", 140 << 16, "A"),           # an earlier value put back from the history
        edit("r2", "_deleted", False, 103 << 16, "A"),         # made in the bin, taken out
        refused,
    ]
    return events, refused


@pytest.mark.parametrize("server", [False, True], ids=["pc", "server"])
def test_the_same_edits_replayed_both_ways_leave_the_same_values_and_history(tmp_path: Path, server: bool) -> None:
    events, refused = scenario()
    field_by_field = replay(tmp_path / "fields.db", events, whole=False, server=server)
    in_one_op = replay(tmp_path / "one.db", events, whole=True, server=server)
    try:
        recs = ["r1", "r2", "o1"]
        expected = state(field_by_field, recs)
        assert state(in_one_op, recs) == expected
        assert expected["records"]["r1"][2] == {
            "name": "Анна", "city": "Тверь", "phone": "+7 916 000-00-00", "birthday": "1980-05-14",
            "tags": ["опт", "VIP"], "score": 99, "called": True, "note": None, "organization": "o1"}
        assert expected["records"]["r2"][1] is False
        if not server:  # a PC takes back an edit the server refused: the value falls back to the record's making
            field_by_field.retract([refused.id])
            in_one_op.retract([refused.id])
            assert state(in_one_op, recs) == state(field_by_field, recs)
            assert in_one_op.get("r1").fields["score"] == 7
            # ... and the making itself refused: what later edits set stays, the rest goes, both ways
            making = field_by_field.execute("SELECT id FROM ops WHERE rec = 'r1' AND hlc = ? AND dev = 'A'",
                                            (100 << 16,)).fetchall()
            field_by_field.retract([op_id for (op_id,) in making])
            in_one_op.retract(["r1"])
            assert state(in_one_op, recs) == state(field_by_field, recs)
            assert "tags" not in in_one_op.get("r1").fields and in_one_op.get("r1").fields["city"] == "Тверь"
    finally:
        field_by_field.close()
        in_one_op.close()


def test_a_record_made_in_one_op_is_one_row_of_the_log_and_of_the_current_values(tmp_path: Path) -> None:
    """What the change is for: a record's making writes one op and one current-value row, not one per field."""
    server, pc = replay(tmp_path / "s.db", [ANNA], whole=True, server=True), replay(tmp_path / "p.db", [ANNA],
                                                                                   whole=True, server=False)
    try:
        assert server.execute("SELECT COUNT(*), MIN(field), MIN(seq) FROM ops").fetchone() == (1, RECORD, 1)
        assert server.execute("SELECT COUNT(*) FROM cur").fetchone()[0] == 1
        # a PC keeps no log row for a record it did not make: the record's values are its trace
        assert pc.execute("SELECT COUNT(*) FROM ops").fetchone()[0] == 0
        assert pc.execute("SELECT COUNT(*) FROM cur").fetchone()[0] == 1
        again = pc.apply(made(ANNA, whole=True))  # a page arriving twice
        assert again.new == [] and pc.execute("SELECT COUNT(*) FROM cur").fetchone()[0] == 1
        assert [op.value for op in server.ops_since(0, 10)] == [ANNA[2]]  # sent as it was made
    finally:
        server.close()
        pc.close()


def test_a_first_copy_of_records_made_in_one_op_equals_the_server(tmp_path: Path) -> None:
    events, _refused = scenario()
    server = replay(tmp_path / "s.db", events, whole=True, server=True)
    fresh = Store.open(tmp_path / "pc.db")
    old = replay(tmp_path / "old.db", events, whole=False, server=True)
    from_old = Store.open(tmp_path / "pc-old.db")
    try:
        for source, target in ((server, fresh), (old, from_old)):
            for page, _end in pages_of(source, 2):
                target.load_snapshot(page)
        recs = ["r1", "r2", "o1"]
        assert state(fresh, recs)["records"] == state(server, recs)["records"] == state(from_old, recs)["records"]
        assert fresh.digest() == server.digest() == from_old.digest() == old.digest()
        # a copy holds the winning values (the server keeps the rest) and, where a record was made in one op, what
        # it was made with: the values that lost to later edits are there too, as earlier ones
        for rec in recs:
            copied, winning = set(state(fresh, recs)["history"][rec]), set(state(from_old, recs)["history"][rec])
            assert winning <= copied
            assert all(not h[5] and (h[2], h[3]) in {(m[3], m[4]) for m in (ANNA, ORG, GONE)} for h in copied - winning)
        # r1's making is its base; what later edits won travels beside it
        page = server.snapshot_page("", 10)
        r1 = next(p for p in page if p[0] == "r1")
        assert r1[3][0] == ANNA[2] and sorted(f[0] for f in r1[2]) == ["_deleted", "city", "organization", "phone",
                                                                        "score"]
    finally:
        for s in (server, fresh, old, from_old):
            s.close()


# ---- property: any making and any edits, in any order and with duplicates, both ways alike

values = st.one_of(st.text(max_size=4), st.integers(-3, 3), st.booleans(), st.none())
edits = st.lists(st.tuples(st.sampled_from(["r1", "r2"]), st.sampled_from(["name", "city", "_deleted"]), values,
                           st.integers(0, 12), st.sampled_from(["A", "B", "C"])), max_size=12)
makes = st.lists(st.tuples(st.sampled_from(["r1", "r2"]),
                           st.dictionaries(st.sampled_from(["name", "city", "_deleted"]), values, min_size=1),
                           st.integers(0, 12), st.sampled_from(["A", "B", "C"])),
                 min_size=1, max_size=2, unique_by=lambda m: m[0])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(makes, edits, st.randoms(use_true_random=False), st.booleans())
def test_any_edits_in_any_order_agree_both_ways(raw_makes, raw_edits, rnd: random.Random,
                                               server: bool) -> None:
    stamps: set[tuple[int, str]] = set()
    events: list[Op | Make] = []
    for rec, fields, hlc, dev in raw_makes:
        stamps.add((hlc, dev))
        events.append((rec, "contact", fields, hlc << 16, dev, "olga"))
    for rec, fld, value, hlc, dev in raw_edits:
        if (hlc, dev) not in stamps:  # one device never gives two ops one stamp
            stamps.add((hlc, dev))
            events.append(edit(rec, fld, value, hlc << 16, dev))
    order = events + rnd.sample(events, k=len(events) // 2)  # and some twice, as resends
    rnd.shuffle(order)
    states = []
    for whole in (False, True):
        for sequence in (events, order):
            # the same op objects both times: a record op resent is the same op
            store = Store.open(":memory:")  # many small stores: no file to sync
            ops = {id(e): made(e, whole=whole) if isinstance(e, tuple) else [e] for e in events}
            for e in sequence:
                store.apply(ops[id(e)], assign_seq=server)
            states.append(state(store, ["r1", "r2"]))
            store.close()
    # both ways alike in each order; and every order alike but for the record's maker, which is whoever's value
    # made its row first, as it has always been
    assert states[0] == states[2] and states[1] == states[3]
    for st_ in states:
        st_["records"] = {r: x[:3] for r, x in st_["records"].items()}
    assert states[0] == states[1]


def test_ids_made_at_once_are_laid_out_as_one_at_a_time_and_sort_after_earlier_ones() -> None:
    before = new_id()
    time.sleep(0.002)
    many = ops.new_ids(1000)
    after = new_id()
    assert len(set(many)) == 1000 and all(len(i) == 32 and int(i, 16) >= 0 for i in many)
    assert before < min(many) and max(many)[:12] <= after[:12] and ops.new_ids(0) == []


_NAMES = st.sampled_from(["name", "phone", "note", "", RECORD, 7])
_VALUES = st.one_of(st.text(max_size=5), st.integers(), st.none(), st.just(object()),
                    st.lists(st.integers(), max_size=3),
                    st.just("я" * (ops.MAX_VALUE_BYTES // 4 + 1)))  # long text: measured by its bytes


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(_NAMES, _VALUES, max_size=4), max_size=8))
def test_many_new_records_are_refused_for_what_each_value_then_each_record_would_be(
        records: list[dict[Any, Any]]) -> None:
    """An import's records are checked together (their names looked at once): the first value that cannot be
    stored is said, else the first record that cannot (an unnamed field, too big), as one at a time would say."""
    def one_at_a_time() -> str | None:
        for values in records:
            for value in values.values():
                if (problem := ops.value_problem(value)) is not None:
                    return problem
        for values in records:
            if values and (problem := ops.record_problem(dict(values))) is not None:
                return problem
        return None
    with pytest.MonkeyPatch.context() as limits:
        limits.setattr(ops, "MAX_RECORD_BYTES", 60)  # a few short values make a record too big
        assert ops.records_problem(iter(records)) == one_at_a_time()


def test_an_op_s_wire_map_names_its_fields_in_the_wire_s_order_and_its_seq_once_it_has_one() -> None:
    """What every PC reads of an op (a fan-out frame holds one per op): the same keys, order and values whether the op
    came from the wire, was numbered by the server, was made here or had its author put right."""
    made_here = record_op("r1", "note", {"title": "Звонок"}, hlc=7, dev="A", user="u")
    keys = ["id", "rec", "kind", "field", "value", "hlc", "dev", "user"]
    wire = made_here.to_wire()
    assert list(wire) == keys and wire == {"id": "r1", "rec": "r1", "kind": "note", "field": RECORD,
                                           "value": {"title": "Звонок"}, "hlc": 7, "dev": "A", "user": "u"}
    numbered = Op.from_wire(wire).with_seq(42)
    assert list(numbered.to_wire()) == [*keys, "seq"] and numbered.to_wire() == {**wire, "seq": 42}
    fixed = Op(id="f1", rec="r1", kind="note", field="title", value=None, hlc=8, dev="B", seq=3)
    assert list(fixed.to_wire()) == [*keys, "seq"] and fixed.to_wire()["user"] == ""
    copy = numbered.to_wire()
    copy["value"] = "changed"
    assert numbered.to_wire()["value"] == {"title": "Звонок"}  # a copy: the op itself is never changed through it
    assert Op.from_wire(numbered.to_wire()) == numbered


def test_an_op_travels_as_a_row_of_its_values_with_its_id_only_where_it_is_not_its_record_s() -> None:
    """A change frame's op for a PC that reads rows: the map's values without its keys, a record op's id (its
    record's) once; read back it is the same op, its map in the wire's order, and a broken row is refused as a
    broken map is."""
    import msgpack
    made = record_op("0190a1b2c3d4e5f60718293a4b5c6d7e", "note", {"title": "t1"}, hlc=7, dev="A", user="u")
    edit = Op(id="0190a1b2c3d4e5f60718293a4b5c6d80", rec=made.rec, kind="note", field="title", value=None, hlc=8,
              dev="B", seq=3)
    assert made.to_row() == [made.rec, "note", RECORD, {"title": "t1"}, 7, "A", "u", None]
    assert edit.to_row() == [made.rec, "note", "title", None, 8, "B", "", 3, edit.id]
    for op in (made, made.with_seq(41), edit):
        back = Op.read(op.to_row())
        assert back == op and list(back.to_wire()) == list(op.to_wire()) and Op.read(op.to_wire()) == op
    numbered = made.with_seq(41)
    assert len(msgpack.packb(numbered.to_row())) < 0.6 * len(msgpack.packb(numbered.to_wire()))
    broken = [[], made.to_row()[:7], [*edit.to_row(), "extra"], [made.rec, "note", "title", 1, "7", "A", "u", None],
              [made.rec, "note", RECORD, {"title": "t1"}, 7, "A", "u", None, "another id"],
              [made.rec, "note", RECORD, "not a map", 7, "A", "u", None], "a text", 5, None]
    for row in broken:
        with pytest.raises(ValueError):
            Op.read(row)
