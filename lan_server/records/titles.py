"""What a sales document is called: "Счёт № 12 от 06.12.2026", "Оплата 5 000,00 ₽ от 06.12.2026", "Договор № 3
от 06.12.2026". The one rule behind Schema.title, so the list, the card, links, imports, letters and the browser
all say the same, whoever made the number (the window, an import, the server)."""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from lan_server.protocol.language import system_language
from lan_server.records import dates
from lan_server.records.money import as_text as money_text
from lan_server.records.money import money

_WORDS = {
    "ru": {"invoice": "Счёт", "contract": "Договор", "payment": "Оплата", "no": "№", "of": "от"},
    "en": {"invoice": "Invoice", "contract": "Contract", "payment": "Payment", "no": "No.", "of": "of"},
}
KINDS = frozenset({"invoice", "contract", "payment"})
_language = system_language()  # the window sets its own (client/core/i18n.set_language); the server its system's


def set_language(lang: str) -> None:
    global _language
    _language = lang


def _day(value: Any, lang: str) -> str:
    try:
        return dates.date_text(date.fromisoformat(str(value)[:10]), lang)
    except ValueError:
        return str(value)


def document_title(kind: str, fields: Mapping[str, Any], lang: str | None = None) -> str:
    """The title of an invoice, contract or payment from its number (amount, payer) and date; "" for other
    sections, or when none of those is filled in."""
    if kind not in KINDS:
        return ""
    words = _WORDS.get(lang or _language, _WORDS["en"])
    parts: list[str] = []
    if kind == "payment":
        amount = fields.get("amount")
        if isinstance(amount, (int, float)) and not isinstance(amount, bool):
            # a no-break space: the amount never wraps away from its sign
            parts.append(money_text(money(amount), lang or _language) + "\u00a0₽")
    elif fields.get("number") not in (None, ""):
        parts.append(f"{words['no']} {fields['number']}")
    if fields.get("date"):
        parts += [words["of"], _day(fields["date"], lang or _language)]
    payer = str(fields.get("payer") or "").strip() if kind == "payment" else ""
    if payer:
        parts.append(f"— {payer}" if fields.get("date") else f"{words['of']} {payer}")
    if not parts:
        return ""
    return " ".join([words[kind], *parts])
