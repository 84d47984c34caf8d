"""Typed replies keep the wire format and refuse what does not fit, with a reason, not an IndexError."""

from __future__ import annotations

import pytest

from lan_server.protocol.replies import Ack, Base, FieldValue, HistoryItem, Refusal, SnapshotRecord


def test_round_trips_in_the_compact_form_the_wire_has_always_had() -> None:
    assert Ack("op1", 7).to_wire() == ["op1", 7] and Ack("op1", 7, 99).to_wire() == ["op1", 7, 99]
    for value in (Ack("a", None), Ack("b", 3, 5), Refusal("c", "нельзя")):
        assert type(value).from_wire(value.to_wire()) == value
    record = SnapshotRecord("r", "contact", (FieldValue("name", "Анна", 5, "dev", "op", "olga"),))
    assert SnapshotRecord.from_wire(record.to_wire()) == record
    assert record.as_page() == ("r", "contact", [["name", "Анна", 5, "dev", "op", "olga"]], None)
    made = SnapshotRecord("r", "contact", (FieldValue("city", "Тверь", 9, "dev", "op", "olga"),),
                          Base({"name": "Анна", "city": "Тула"}, 5, "dev", "olga"))
    assert made.to_wire()[3] == [{"name": "Анна", "city": "Тула"}, 5, "dev", "olga"]
    assert SnapshotRecord.from_wire(made.to_wire()) == made
    item = HistoryItem("city", "Тверь", 9, "dev", "olga", "op", 12, True)
    assert HistoryItem.from_wire(item.to_wire()) == item
    assert item.as_field_value() == FieldValue("city", "Тверь", 9, "dev", "op", "olga")


@pytest.mark.parametrize("broken", [None, [], ["op"], [1, 2], ["op", "seq"], ["op", 1, "stamp"], "text"])
def test_a_malformed_ack_says_what_is_wrong(broken: object) -> None:
    with pytest.raises(ValueError):
        Ack.from_wire(broken)


@pytest.mark.parametrize("wire", [
    ["r", "contact", [["name", "Анна", 5, "dev", "op", "olga"], ["city", None, 6, "dev", "op2"]]],
    ("r", "contact", [("name", {"a": [1]}, 0, "dev", "op")]),
    ["r", "contact", []],
    ["r", "contact", [["name", "x", True, "dev", "op"]]],      # a yes/no is no stamp
    ["r", "contact", [["name", "x", 5, "dev", 7]]],           # an op id must be text
    ["r", "contact", [["name", "x", 5, "dev", "op", 3]]],     # so must a user
    ["r", "contact", [["name", "x"]]],
    ["r", 5, []], ["r", "contact"], ["r", "contact", "fields"], None, "text",
    # a record made in one op: its making beside the values that superseded it
    ["r", "contact", [["city", "Тверь", 9, "dev", "op", "olga"]], [{"name": "Анна", "city": "Тула"}, 5, "dev", "olga"]],
    ["r", "contact", [], [{"name": "Анна"}, 5, "dev", "olga"]],
    ["r", "contact", [], None],
    ["r", "contact", [], [{"name": "Анна"}, 5, "dev"]],                 # no user: mended
    ["r", "contact", [], [{"name": "Анна"}, "5", "dev", "olga"]],       # a stamp must be a number
    ["r", "contact", [], [["name", "Анна"], 5, "dev", "olga"]],         # the values must be a map
    ["r", "contact", [], [{1: "Анна"}, 5, "dev", "olga"]],              # ... of fields
    ["r", "contact", [], "made"],
])
def test_a_first_copy_page_reads_quickly_what_the_typed_reading_reads(wire: object) -> None:
    """The quick reading of a snapshot record gives the typed reading's result, or refuses what it refuses."""
    try:
        expected: object = SnapshotRecord.from_wire(wire).as_page()
    except ValueError as e:
        expected = type(e)
    try:
        got: object = SnapshotRecord.page_from_wire(wire)
    except ValueError as e:
        got = type(e)
    assert got == expected
    try:  # and a page's reading, the usual record read in its loop, the others by page_from_wire
        (many,) = SnapshotRecord.pages_from_wire([wire])
    except ValueError as e:
        many = type(e)
    assert many == expected


_MADE = [{"name": "Анна", "city": "Тула"}, 5, "dev", "olga"]


@pytest.mark.parametrize("wire", [
    ["r", "contact", [], _MADE, ["анна", "анна тула"]],                  # the usual record, its row ready
    ["r", "contact", [], _MADE, ["анна", None]],                         # a row with no search text
    ["r", "contact", [], _MADE, ["анна", 5]],                            # a row not well formed: worked out
    ["r", "contact", [], _MADE, "row"],
    ["r", "contact", [], [{1: "Анна"}, 5, "dev", "olga"], ["анна", "анна"]],     # names must be text
    ["r", "contact", [], [{b"name": "Анна"}, 5, "dev", "olga"], ["анна", "анна"]],
    ["r", "contact", [], [{"name": "Анна"}, "5", "dev", "olga"], ["анна", "анна"]],  # a stamp must be a number
    ["r", "contact", [], [{"name": "Анна"}, 5, "dev"], ["анна", "анна"]],        # no user: mended
    ["r", "contact", [["city", "Тверь", 9, "dev", "op", "olga"]], _MADE, ["анна", "анна тверь"]],  # edited since
    ["r", "contact", [["city", "Тверь", 9, "dev"]], _MADE, ["анна", "анна тверь"]],
    ["r", 5, [], _MADE, ["анна", "анна"]], [5, "contact", [], _MADE, ["анна", "анна"]],
    ("r", "contact", [], _MADE, ["анна", "анна"]), ["r", "contact", (), _MADE, ["анна", "анна"]],
])
def test_a_first_copy_pages_reading_in_its_loop_reads_what_each_records_reading_reads(wire: object) -> None:
    """A page's records read in one loop (the usual one checked there, with no call of its own) give what reading
    each alone gives, or refuse what it refuses."""
    try:
        expected: object = SnapshotRecord.page_from_wire(wire)
    except ValueError as e:
        expected = type(e)
    try:
        (got,) = SnapshotRecord.pages_from_wire([wire])
    except ValueError as e:
        got = type(e)
    assert got == expected
