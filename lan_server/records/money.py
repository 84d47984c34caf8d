"""Money as exact two-place Decimals: reading stored values, writing them as text, and the amount in Russian words."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_RUBLES = ("рубль", "рубля", "рублей")
_KOPECKS = ("копейка", "копейки", "копеек")


def money(value: Any) -> Decimal:
    """A stored number (int, float, text) as an exact amount with two places; empty or unreadable is zero.

    Floats go through their shortest text (0.1 -> "0.1"), so a price typed as 0.1 is 0.10, not 0.1000000000000000055.
    """
    if value is None or value == "" or isinstance(value, bool):
        return ZERO
    try:
        return Decimal(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", "")).quantize(
            CENT, ROUND_HALF_UP)
    except InvalidOperation:
        return ZERO


def number(value: Any, default: Decimal = Decimal(0)) -> Decimal:
    """A quantity or a percentage, exact, unrounded; empty is `default`."""
    if value is None or value == "" or isinstance(value, bool):
        return default
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return default


def stored(amount: Decimal) -> int | float:
    """What is kept in a record: a whole amount as int, else the float whose text is exactly the two places."""
    amount = amount.quantize(CENT, ROUND_HALF_UP)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def as_text(amount: Decimal, lang: str = "ru") -> str:
    """2 450,00 in Russian (a no-break space between thousands), 2,450.00 in English."""
    text = f"{amount.quantize(CENT, ROUND_HALF_UP):,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else text


def _plural(n: int, forms: tuple[str, str, str]) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def in_words_ru(amount: Decimal) -> str:
    """The amount as a Russian invoice writes it: "Две тысячи четыреста пятьдесят рублей 00 копеек".

    Rubles in words (num2words), kopecks in figures, as Russian accounting forms have it."""
    from num2words import num2words
    amount = amount.quantize(CENT, ROUND_HALF_UP)
    sign = "минус " if amount < 0 else ""
    amount = abs(amount)
    rubles = int(amount)
    kopecks = int((amount - rubles) * 100)
    words = sign + num2words(rubles, lang="ru")
    return (f"{words[0].upper()}{words[1:]} {_plural(rubles, _RUBLES)} "
            f"{kopecks:02d} {_plural(kopecks, _KOPECKS)}")
