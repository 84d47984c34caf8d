"""Requisites checked where they are typed: ИНН (10 or 12 digits, check digits) and ОГРН/ОГРНИП (python-stdnum),
КПП (its format), БИК and the settlement and correspondent accounts (the Bank of Russia's control key). Each
problem is a warning that names it in the user's language; nothing is refused, as a typo is the user's to fix."""

from __future__ import annotations

import re
from typing import Mapping

from client.core.i18n import _

_WEIGHTS = (7, 1, 3)
_KPP = re.compile(r"^\d{4}[0-9A-Z]{2}\d{3}$")


def _digits(value: object) -> str:
    return re.sub(r"[\s\-]", "", str(value or ""))


def inn(value: object) -> str | None:
    """Why this ИНН is wrong, or None when it is right (or empty)."""
    from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
    from stdnum.ru import inn as stdnum_inn
    text = _digits(value)
    if not text:
        return None
    try:
        stdnum_inn.validate(text)
    except InvalidLength:
        return _("ИНН {value} has {count} digits: an organization's has 10, a person's 12").format(
            value=text, count=len(text))
    except InvalidFormat:
        return _("ИНН {value} must be digits only").format(value=text)
    except InvalidChecksum:
        return _("ИНН {value} has a wrong check digit: a typo?").format(value=text)
    return None


def kpp(value: object) -> str | None:
    text = _digits(value).upper()
    if not text or _KPP.match(text):
        return None
    return _("КПП {value} must be 9 characters: 4 digits, 2 digits or capital letters, 3 digits").format(value=text)


def ogrn(value: object) -> str | None:
    from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
    from stdnum.ru import ogrn as stdnum_ogrn
    text = _digits(value)
    if not text:
        return None
    try:
        stdnum_ogrn.validate(text)
    except InvalidLength:
        return _("ОГРН {value} has {count} digits: ОГРН has 13, ОГРНИП 15").format(value=text, count=len(text))
    except InvalidFormat:
        return _("ОГРН {value} must be digits only").format(value=text)
    except InvalidChecksum:
        return _("ОГРН {value} has a wrong check digit: a typo?").format(value=text)
    return None


def bik(value: object) -> str | None:
    text = _digits(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{9}", text):
        return _("БИК {value} must be 9 digits").format(value=text)
    if not text.startswith("0"):
        return _("БИК {value}: a Russian bank's БИК starts with 0").format(value=text)
    return None


def _key_ok(digits: str) -> bool:
    return sum(int(d) * _WEIGHTS[i % 3] % 10 for i, d in enumerate(digits)) % 10 == 0


def account(value: object, bik_value: object) -> str | None:
    """A settlement account checked with its bank's БИК (the control key, as the Bank of Russia defines it)."""
    text, b = _digits(value), _digits(bik_value)
    if not text:
        return None
    if not re.fullmatch(r"\d{20}", text):
        return _("account {value} must be 20 digits").format(value=text)
    if re.fullmatch(r"\d{9}", b) and not _key_ok(b[-3:] + text):
        return _("account {value} does not agree with БИК {bik}: a typo in one of them?").format(value=text, bik=b)
    return None


def corr_account(value: object, bik_value: object) -> str | None:
    text, b = _digits(value), _digits(bik_value)
    if not text:
        return None
    if not re.fullmatch(r"301\d{17}", text):
        return _("correspondent account {value} must be 20 digits starting with 301").format(value=text)
    if re.fullmatch(r"\d{9}", b) and not _key_ok("0" + b[4:6] + text):
        return _("correspondent account {value} does not agree with БИК {bik}").format(value=text, bik=b)
    return None


# field keys of each section, and the check each takes
_FIELDS = {"organization": {"tax_id": "inn", "kpp": "kpp", "ogrn": "ogrn"},
           "requisites": {"inn": "inn", "kpp": "kpp", "ogrn": "ogrn", "bik": "bik", "account": "account",
                          "corr_account": "corr_account"}}
CHECKED = frozenset(_FIELDS)  # the sections that have requisites to check


def problems(kind: str, fields: Mapping[str, object]) -> dict[str, str]:
    """Field key -> what is wrong with it, for the requisites-like fields of `kind` (an empty dict: all fine)."""
    found: dict[str, str] = {}
    for key, check in _FIELDS.get(kind, {}).items():
        value = fields.get(key)
        if value in (None, ""):  # most rows of an import have none: nothing to check, nothing to load
            continue
        if check == "inn":
            said = inn(value)
        elif check == "kpp":
            said = kpp(value)
        elif check == "ogrn":
            said = ogrn(value)
        elif check == "bik":
            said = bik(value)
        elif check == "account":
            said = account(value, fields.get("bik"))
        else:
            said = corr_account(value, fields.get("bik"))
        if said:
            found[key] = said
    return found
