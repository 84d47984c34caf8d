"""A phone's digits and its key: +7 916…, 8 916… and 916… are one number to search and to find twins by."""

from __future__ import annotations

from lan_server.records.phones import digits_key, phone_digits, phone_key, without_extension


def test_the_russian_country_code_and_trunk_eight_are_the_same_number() -> None:
    assert phone_digits("+7 (495) 123-45-67") == "74951234567"
    assert phone_key("+7 (495) 123-45-67") == phone_key("8 495 123 45 67") == phone_key("4951234567") == "4951234567"
    assert phone_key("+44 20 7946 0958") == "442079460958"  # another country's number keeps its code
    assert digits_key("89161234567") == "9161234567" and digits_key("12345") == "12345"
    assert phone_digits("") == "" and phone_key("нет телефона") == ""


def test_an_extension_is_not_part_of_the_number_in_any_way_it_is_written() -> None:
    for written in ("доб. 12", "ДОБ 12", "добавочный 12", "ext. 12", "EXT12", "x12", "X 12", "#12", "ᲁоб. 12"):
        assert phone_digits(f"+7 (495) 123-45-67 {written}") == "74951234567", written
    assert without_extension("+7 495 123-45-67 доб. 12 ") == "+7 495 123-45-67"
    # a number with none of an extension's words is taken as typed, letters or not
    assert without_extension("8 916 111-22-33") == "8 916 111-22-33" and without_extension("") == ""
    assert phone_digits("+7 916 111-22-33 (мобильный)") == "79161112233"
    assert phone_digits("12 x 3") == "12"  # "x 3" at the end reads as an extension, as it always did


def test_a_numbers_digits_are_every_digit_it_has_in_any_script() -> None:
    assert phone_digits("8\u00a0916\u00a0111-22-33") == "89161112233"  # a no-break space, as Excel leaves it
    assert phone_digits("٨ ٩١٦ 111") == "٨٩١٦111"  # digits of another script are digits, as \d reads them
    assert phone_key("+7 916 111-22-33") == "9161112233" and phone_digits("(916) 111 22 33 доб. 5") == "9161112233"
