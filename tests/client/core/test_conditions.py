"""Filter conditions: which ones each field type offers, and each said in words, in Russian and English."""

from __future__ import annotations

from client.core.conditions import describe, offered
from lan_server.records import Schema


def test_each_field_type_offers_what_makes_sense() -> None:
    schema = Schema.builtin()
    city, birthday = schema.field("contact", "city"), schema.field("contact", "birthday")
    amount, org = schema.field("invoice_line", "price"), schema.field("contact", "organization")
    assert "contains" in offered(city) and "gt" not in offered(city)
    assert {"gt", "lt", "between", "next_days"} <= set(offered(birthday)) and "contains" not in offered(birthday)
    assert "between" in offered(amount) and "next_days" not in offered(amount)
    assert offered(org) == ("is", "empty", "any_of")  # a link: chosen, not typed
    # a colleague: chosen, or part of the name (or login) typed
    assert {"is", "contains", "starts", "any_of"} <= set(offered(schema.field("contact", "manager")))


def test_conditions_read_as_words() -> None:
    schema = Schema.builtin()
    city, birthday = schema.field("contact", "city"), schema.field("contact", "birthday")
    org = schema.field("contact", "organization")
    assert describe(city, {"op": "contains", "value": "твер"}, "ru") == "Город содержит «твер»"
    assert describe(city, {"op": "starts", "value": "Мос"}, "en") == "City starts with «Мос»"
    assert describe(city, None, "ru") == "Город: пусто"
    assert describe(city, ["Тверь", "Омск"], "ru") == "Город любое из: Тверь, Омск"
    assert describe(birthday, {"op": "between", "value": "2026-01-01", "to": "2026-01-31"}, "ru") == \
        "День рождения между 01.01.2026 и 31.01.2026"
    assert describe(birthday, {"op": "next_days", "value": 7}, "ru") == "День рождения в ближайшие дни: 7 дн."
    assert describe(org, "o1", "ru", {"o1": "ООО «Ромашка»"}) == "Организация = ООО «Ромашка»"
