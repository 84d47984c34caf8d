"""A tie's id names its two records, sorted, so the same two records make the one tie whoever ties them first; what
is not a tie's id, and a tie's fields other than the id's ends, are told apart."""

from __future__ import annotations

from lan_server.records.ties import ends, field_problem, fields_of, other_end, tie_id


def test_the_same_two_records_make_one_tie_and_its_id_says_both() -> None:
    a, b = "01a2aaaa", "01a2bbbb"
    assert tie_id(a, b) == tie_id(b, a) == "tie:01a2aaaa:01a2bbbb"
    assert ends("tie:01a2aaaa:01a2bbbb") == (a, b) and fields_of("tie:01a2aaaa:01a2bbbb") == {"a": a, "b": b}
    assert other_end("tie:01a2aaaa:01a2bbbb", b) == a and other_end("tie:01a2aaaa:01a2bbbb", "x") is None


def test_what_is_not_a_tie_is_told() -> None:
    assert tie_id("x", "x") is None and tie_id("requisites:office", "x") is None and tie_id("", "x") is None
    for rec in ("tie:b:a", "tie:a", "tie:a:a", "cm:a:b", "tie:a:b:c", "tie::b"):
        assert ends(rec) is None, rec
    assert field_problem("tie:a:b", "a", "a") is None and field_problem("tie:a:b", "_deleted", True) is None
    assert field_problem("tie:a:b", "a", "c") is not None and field_problem("tie:a:b", "note", "x") is not None
    assert field_problem("tie:b:a", "a", "b") is not None
