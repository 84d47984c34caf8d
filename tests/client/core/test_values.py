"""One rule from typed text or a cell to a stored value, for the card, the commands and the import alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from client.core.values import parse_value
from lan_server.records import Schema


def test_a_phone_is_stored_alike_however_and_wherever_it_is_typed() -> None:
    phone = Schema.builtin().field("contact", "phone")
    for typed in ("8 916 111 22 33", "+7 (916) 111-22-33", "89161112233", 89161112233.0):
        assert parse_value(phone, typed) == "+7 916 111-22-33"
    assert parse_value(phone, "доб. 123") == "доб. 123"  # not a number: kept as typed, not refused


def test_dates_numbers_and_mail_from_text_and_cells() -> None:
    schema = Schema.builtin()
    birthday, email = schema.field("contact", "birthday"), schema.field("contact", "email")
    assert parse_value(birthday, "22.11.1980") == parse_value(birthday, date(1980, 11, 22)) == "1980-11-22"
    assert parse_value(email, " Petr@Example.RU ") == "petr@example.ru"
    with pytest.raises(ValueError, match="not a date"):
        parse_value(birthday, "31.02.1990")
    assert parse_value(birthday, "  ") is None


def test_the_card_cleans_a_typed_phone_like_an_import(qtbot, tmp_path: Path) -> None:
    from client.core.replica import Replica
    from client.ui.main_window import MainWindow
    from tests.client.ui.pcs import type_text
    replica = Replica(tmp_path / "pc")
    try:
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.new_record()
        type_text(window.card.editors["name"].widget, "Пётр")
        type_text(window.card.editors["phone"].widget, "8 916 111 22 33")
        rec = window.card.save()
        assert rec is not None and replica.get(rec).fields["phone"] == "+7 916 111-22-33"  # type: ignore[union-attr]
    finally:
        replica.close()


def test_russian_mobiles_read_quickly_exactly_as_phonenumbers_reads_them() -> None:
    """The quick reading of Russian mobiles (imports have 100,000 of them) gives what phonenumbers gives, for
    the ways people write them, valid and invalid ranges alike."""
    import random

    import phonenumbers

    from client.core import values
    from lan_server.records import phones

    def by_phonenumbers(raw: str, region: str = "RU") -> str:
        try:
            num = phonenumbers.parse(raw.strip(), region)
            if phonenumbers.is_valid_number(num):  # an extension is written the Russian way (доб.)
                return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL).replace(
                    " ext. ", " доб. " if region == "RU" else " ext. ")
        except phonenumbers.NumberParseException:
            pass
        return raw.strip()
    shapes = ["+7 {a} {b}-{c}-{d}", "8 ({a}) {b}-{c}-{d}", "{a}{b}{c}{d}", "8{a}{b}{c}{d}", "+7{a}{b}{c}{d}",
              "+7 ({a}) {b} {c} {d}", "8-{a}-{b}-{c}-{d}", "7{a}{b}{c}{d}", " 8 {a} {b} {c} {d} ", "8.{a}.{b}.{c}.{d}",
              "+7 {a} {b}-{c}-{d} доб. 12", "{a}{b}{c}"]
    rng = random.Random(7)
    quick = 0
    for _ in range(3000):
        raw = rng.choice(shapes).format(a=f"9{rng.randrange(100):02d}", b=f"{rng.randrange(1000):03d}",
                                        c=f"{rng.randrange(100):02d}", d=f"{rng.randrange(100):02d}")
        assert values.clean_phone(raw, "RU") == by_phonenumbers(raw), raw
        quick += phones._fast_ru_mobile(raw.strip()) is not None
    assert quick > 2000  # most took the quick way
    assert values.clean_phone("+7 495 123-45-67", "RU") == "+7 495 123-45-67"  # others: phonenumbers
    assert values.clean_phone("8 916 111-22-33", "KZ") == by_phonenumbers("8 916 111-22-33", "KZ")


def test_dates_in_words_two_digit_years_and_city_codes_as_people_write_them() -> None:
    from client.core.values import clean_phone, parse_date, parse_datetime
    assert parse_date("5 мая 1990 г.") == parse_date("05-май-90") == parse_date("5 May 1990") == "1990-05-05"
    assert parse_date("31/12/75") == parse_date("31.12.75") == "1975-12-31"
    assert parse_date("22.11.26") == "2026-11-22"  # ten years ahead at most are this century's (a due date)
    assert parse_datetime("1 марта 2024 9:30") == "2024-03-01T09:30"
    for wrong in ("31 февраля 2020", "5 брюмера 1990"):
        with pytest.raises(ValueError, match="not a date"):
            parse_date(wrong)
    assert clean_phone("8 (4822) 55-66-77") == clean_phone("+7 4822 556677") == "+7 4822 55-66-77"
    assert clean_phone("(34342) 2-34-56") == "+7 34342 2-34-56"
    assert clean_phone("84822556677") == "+7 482 255-66-77"  # no sign of a longer code: the plan's three digits
    assert clean_phone("8 9161 23 45 67") == "+7 916 123-45-67"  # a mobile has no city code
