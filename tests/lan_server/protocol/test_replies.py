"""Typed replies keep the wire format and refuse what does not fit, with a reason, not an IndexError."""

from __future__ import annotations

import pytest

from lan_server.protocol.replies import Ack, FieldValue, HistoryItem, Refusal, SnapshotRecord


def test_round_trips_in_the_compact_form_the_wire_has_always_had() -> None:
    assert Ack("op1", 7).to_wire() == ["op1", 7] and Ack("op1", 7, 99).to_wire() == ["op1", 7, 99]
    for value in (Ack("a", None), Ack("b", 3, 5), Refusal("c", "нельзя")):
        assert type(value).from_wire(value.to_wire()) == value
    record = SnapshotRecord("r", "contact", (FieldValue("name", "Анна", 5, "dev", "op", "olga"),))
    assert SnapshotRecord.from_wire(record.to_wire()) == record
    assert record.as_page() == ("r", "contact", [["name", "Анна", 5, "dev", "op", "olga"]])
    item = HistoryItem("city", "Тверь", 9, "dev", "olga", "op", 12, True)
    assert HistoryItem.from_wire(item.to_wire()) == item
    assert item.as_field_value() == FieldValue("city", "Тверь", 9, "dev", "op", "olga")


@pytest.mark.parametrize("broken", [None, [], ["op"], [1, 2], ["op", "seq"], ["op", 1, "stamp"], "text"])
def test_a_malformed_ack_says_what_is_wrong(broken: object) -> None:
    with pytest.raises(ValueError):
        Ack.from_wire(broken)
