"""A phone's digits and its key: +7 916…, 8 916… and 916… are one number to search and to find twins by."""

from __future__ import annotations

from lan_server.records.phones import digits_key, phone_digits, phone_key


def test_the_russian_country_code_and_trunk_eight_are_the_same_number() -> None:
    assert phone_digits("+7 (495) 123-45-67") == "74951234567"
    assert phone_key("+7 (495) 123-45-67") == phone_key("8 495 123 45 67") == phone_key("4951234567") == "4951234567"
    assert phone_key("+44 20 7946 0958") == "442079460958"  # another country's number keeps its code
    assert digits_key("89161234567") == "9161234567" and digits_key("12345") == "12345"
    assert phone_digits("") == "" and phone_key("нет телефона") == ""
