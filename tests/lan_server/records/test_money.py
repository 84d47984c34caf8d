"""Exact money: stored numbers read without float error, Russian text, and the amount in words on invoices."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lan_server.records.money import as_text, in_words_ru, money, stored


@pytest.mark.parametrize("amount, words", [
    ("2450", "Две тысячи четыреста пятьдесят рублей 00 копеек"),
    ("1", "Один рубль 00 копеек"),
    ("21.01", "Двадцать один рубль 01 копейка"),
    ("2.02", "Два рубля 02 копейки"),
    ("11.11", "Одиннадцать рублей 11 копеек"),
    ("104.24", "Сто четыре рубля 24 копейки"),
    ("1000000", "Один миллион рублей 00 копеек"),
    ("0.5", "Ноль рублей 50 копеек"),
    ("15312.75", "Пятнадцать тысяч триста двенадцать рублей 75 копеек"),
])
def test_amount_in_words_as_russian_invoices_write_it(amount: str, words: str) -> None:
    # Written by hand from the rules of Russian accounting forms, not from the library's output.
    assert in_words_ru(Decimal(amount)) == words


def test_stored_floats_are_read_exactly_and_sums_do_not_drift() -> None:
    assert money(0.1) + money(0.2) == Decimal("0.30")  # 0.1 + 0.2 as floats is 0.30000000000000004
    assert sum((money(0.01) for _ in range(1000)), Decimal(0)) == Decimal("10.00")
    assert money("1 234,50") == Decimal("1234.50")
    assert money(None) == money("") == money("не число") == Decimal("0.00")
    assert money(2.675) == Decimal("2.68")  # half up, as a cashier rounds; a float would say 2.67
    assert stored(Decimal("2450.00")) == 2450 and isinstance(stored(Decimal("2450.00")), int)
    assert str(stored(Decimal("0.30"))) == "0.3"


def test_money_reads_in_each_language() -> None:
    assert as_text(Decimal("1234567.5"), "ru") == "1\u00a0234\u00a0567,50"
    assert as_text(Decimal("1234567.5"), "en") == "1,234,567.50"
