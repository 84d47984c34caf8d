"""The rules for a phone, shared by the window, the import and the browser's edits: how it is written (+7 916
111-22-33 however typed), and its digits for the search index and duplicate checks: 8 916…, +7 916… match, and
so does any run of four or more of its digits (4567, 1234567), as people type them into a search."""

from __future__ import annotations

import functools
import re
from typing import Any

_NOT_DIGIT = re.compile(r"\D+")
# An extension after the number (доб. 12, ext. 12, x12, #12) is not part of its digits.
_EXTENSION = re.compile(r"\s*(?:доб(?:авочный)?\.?|ext\.?|x|#)\s*\d+\s*$", re.IGNORECASE)
_EXTENSION_MARK = re.compile(r"[дex#]", re.IGNORECASE)  # what every extension's word starts with: none, none to cut
SHORTEST_RUN = 4  # the fewest trailing digits that find a number (the last four, as people remember them)


def without_extension(text: str) -> str:
    """The number as typed, without an extension after it."""
    if not text or _EXTENSION_MARK.search(text) is None:  # most numbers: the search for the extension is the cost
        return text or ""
    return _EXTENSION.sub("", text)


_NOT_ASCII_DIGIT = bytes(b for b in range(128) if not 48 <= b <= 57)
_NOT_ASCII_MARK = bytes(b for b in range(128) if not _EXTENSION_MARK.match(chr(b)))


def phone_digits(text: str) -> str:
    """Every digit of the number, as typed: 74951234567 for +7 (495) 123-45-67 доб. 12."""
    if text.isascii():  # most numbers: in ASCII a digit is 0-9; deleting the rest is 4 times quicker than \D+
        data = text.encode()
        if data.translate(None, _NOT_ASCII_MARK):  # an extension's word may follow the number
            data = without_extension(text).encode()
        return data.translate(None, _NOT_ASCII_DIGIT).decode()
    return _NOT_DIGIT.sub("", without_extension(text))


def phone_key(text: str) -> str:
    """The digits without the Russian country code or trunk 8, so +7 916… and 8 916… are the same number."""
    return digits_key(phone_digits(text))


def digits_key(digits: str) -> str:
    """`phone_key` of digits already read (phone_digits)."""
    return digits[1:] if len(digits) == 11 and digits[0] in "78" else digits


def digit_runs(text: str) -> list[str]:
    """What the search index holds of a phone: its digits with and without the country code, and each run of
    its last digits down to SHORTEST_RUN, so any run of four or more of its digits (1234567, 4567, 916123,
    6123) is the beginning of one of them and a prefix search finds it."""
    digits = phone_digits(text)
    key = digits_key(digits)
    runs = dict.fromkeys([digits, key, *(key[i:] for i in range(1, len(key) - SHORTEST_RUN + 1))])
    return [run for run in runs if run]


# A Russian mobile number written the usual ways (+7 916 111-22-33, 8 (916) 111-22-33, 9161112233): the
# commonest phone in an office's lists. Read here in a microsecond instead of phonenumbers' 40, with
# phonenumbers' own pattern of valid mobile numbers, so the result is the same (tests compare the two).
_RU_MOBILE_TYPED = re.compile(r"(?:\+7|8)?[\s(.-]*9[\d\s().-]+")
_ru_mobile: re.Pattern[str] | None = None


def _fast_ru_mobile(raw: str) -> str | None:
    global _ru_mobile
    if not _RU_MOBILE_TYPED.fullmatch(raw):
        return None
    digits = phone_digits(raw)  # digits, spaces and ().-+ only: no extension to cut
    national = digits[1:] if len(digits) == 11 and raw[0] in "+8" else digits
    if len(national) != 10:
        return None
    if _ru_mobile is None:
        from phonenumbers.phonemetadata import PhoneMetadata
        metadata = PhoneMetadata.metadata_for_region("RU")
        if metadata is None or metadata.mobile is None or not metadata.mobile.national_number_pattern:
            return None
        _ru_mobile = re.compile(metadata.mobile.national_number_pattern)
    if not _ru_mobile.fullmatch(national):
        return None
    return f"+7 {national[:3]} {national[3:6]}-{national[6:8]}-{national[8:]}"


# The city code as people write it, after +7 or 8: in brackets or set apart, "(4822) 55-66-77", "8 4822 556677".
# The Russian plan counts every code as three digits (482 255-66-77), so the typed grouping is the only sign of
# a four- or five-digit one.
_TYPED_CITY_CODE = re.compile(r"(?:\+?7|8)?[\s.-]*(?:\((\d{3,5})\)|(\d{3,5})[\s.-])[\s\d.-]+")
# How an extension is written, in the office's country's words (phonenumbers writes "ext.").
_EXTENSION_WORD = {"RU": "доб.", "BY": "доб.", "KZ": "доб."}


def _city_grouped(raw: str, num: Any) -> str | None:
    """+7 4822 55-66-77 for (4822) 55-66-77: a Russian landline whose city code was typed with four or five
    digits keeps them together, its local number grouped as 55-66-77 or 5-66-77."""
    import phonenumbers
    typed = _TYPED_CITY_CODE.fullmatch(without_extension(raw))
    if typed is None or num.country_code != 7 or phonenumbers.region_code_for_number(num) != "RU":
        return None
    if phonenumbers.number_type(num) != phonenumbers.PhoneNumberType.FIXED_LINE:
        return None
    code = typed[1] or typed[2]
    national = str(num.national_number)
    if len(code) < 4 or len(national) != 10 or not national.startswith(code):
        return None
    local = national[len(code):]
    return f"+7 {code} {local[:-4]}-{local[-4:-2]}-{local[-2:]}"


@functools.lru_cache(maxsize=65536)  # a list repeats its companies' switchboards: each read once
def clean_phone(text: str, region: str = "RU") -> str:
    """International format (+7 916 111-22-33) when the number is valid; else the text as typed. A city code
    typed with four or five digits stays together (+7 4822 55-66-77); an extension reads "доб. 12" in a
    Russian-speaking office."""
    raw = text.strip()
    if not raw:
        return ""
    if region == "RU" and (fast := _fast_ru_mobile(raw)) is not None:
        return fast
    import phonenumbers  # loaded on the first phone, not with every window
    try:
        num = phonenumbers.parse(raw, region)
        if phonenumbers.is_valid_number(num):
            extension, num.extension = num.extension, None  # written below in the office's words
            shown = _city_grouped(raw, num) or phonenumbers.format_number(
                num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            return f"{shown} {_EXTENSION_WORD.get(region, 'ext.')} {extension}" if extension else shown
    except phonenumbers.NumberParseException:
        pass
    return raw


def office_region(records: Any) -> str:
    """The office's country (requisites), in which a phone typed without a country code is read; RU unless set."""
    from lan_server.records.schema import REQUISITES_ID
    req = records.get(REQUISITES_ID)
    code = str(req.fields.get("country") or "").strip().upper() if req is not None else ""
    return code if len(code) == 2 and code.isalpha() else "RU"
