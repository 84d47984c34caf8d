"""The payment QR code of a bill (ГОСТ Р 56042-2014, the "ST00012" string banking apps read): the payee's
requisites, the sum in kopecks and the purpose, UTF-8; drawn by segno as a PNG."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Mapping

HEADER = "ST00012"  # ST0001 and 2: the values are UTF-8
# The five the standard requires, in its order, then the ones a bill adds.
REQUIRED = ("Name", "PersonalAcc", "BankName", "BIC", "CorrespAcc")


def _clean(value: object) -> str:
    # '|' separates the fields: a value never holds one; line breaks would split the purpose in some apps
    return " ".join(str(value or "").replace("|", "/").split())


def payload(company: Mapping[str, str], *, amount: Decimal, purpose: str, payer_inn: str = "") -> str | None:
    """The string the QR holds, or None when the requisites lack what the standard requires (no code then)."""
    fields = {"Name": company.get("name"), "PersonalAcc": company.get("account"), "BankName": company.get("bank"),
              "BIC": company.get("bik"), "CorrespAcc": company.get("corr_account") or "0"}
    if not all(_clean(fields[k]) for k in REQUIRED):
        return None
    fields.update({"PayeeINN": company.get("inn"), "KPP": company.get("kpp"),
                   "Sum": str(int((amount * 100).to_integral_value())), "Purpose": purpose,
                   "PayerINN": payer_inn})
    return "|".join([HEADER, *(f"{k}={_clean(v)}" for k, v in fields.items() if _clean(v))])


def parse(text: str) -> dict[str, str]:
    """The fields of an ST00012 string (what a banking app reads back)."""
    head, _, rest = text.partition("|")
    if not head.startswith("ST0001"):
        raise ValueError(f"not a payment QR: {head!r}")
    return dict(part.split("=", 1) for part in rest.split("|") if "=" in part)


def png(text: str, scale: int = 4) -> bytes:
    """The QR code as a PNG (error correction M, the quiet zone the standard asks for)."""
    import segno
    code = segno.make_qr(text, error="m", encoding="utf-8")
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
