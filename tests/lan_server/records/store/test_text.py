"""Titles sort the Russian way: any case, Ё with Е, digits first, Cyrillic before Latin."""

from __future__ import annotations

from lan_server.records.store.text import sort_key


def test_titles_sort_digits_then_cyrillic_then_latin_in_any_case() -> None:
    titles = ["apple", "Ёлка", "Яблоко", "123 ООО", "ёж", "Zeta", "Банк Z", "банк a", "Straße", "ель"]
    assert sorted(titles, key=sort_key) == ["123 ООО", "банк a", "Банк Z", "ёж", "Ёлка", "ель", "Яблоко", "apple",
                                            "Straße", "Zeta"]
    # a title with no Latin letter is its folded self; Latin letters are moved past every Cyrillic one
    assert sort_key("Клиент 000001") == "клиент 000001" and sort_key("ООО Ёж") == "ооо еж"
    assert sort_key("Ab") > sort_key("Я") and sort_key("Straße") == sort_key("STRASSE")
