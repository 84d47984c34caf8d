"""The one rule for a phone's digits, shared by the search index and duplicate checks: 8 916…, +7 916… match."""

from __future__ import annotations

import re

_NOT_DIGIT = re.compile(r"\D+")


def phone_digits(text: str) -> str:
    """Every digit, as typed: 74951234567 for +7 (495) 123-45-67."""
    return _NOT_DIGIT.sub("", text or "")


def phone_key(text: str) -> str:
    """The digits without the Russian country code or trunk 8, so +7 916… and 8 916… are the same number."""
    return digits_key(phone_digits(text))


def digits_key(digits: str) -> str:
    """`phone_key` of digits already read (phone_digits)."""
    return digits[1:] if len(digits) == 11 and digits[0] in "78" else digits
