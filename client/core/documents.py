"""The built-in card actions of the sales sections: take a document number; the bill to pay, the act, the УПД, the
contract and the reconciliation statement as Word files, as PDF (no office suite needed) or printed.
Registered like a plugin's (client/core/plugins.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from client.core import forms, numbers
from client.core.plugins import CardAction, PrintJob, Registry
from lan_server.records import Record

_LABELS = {"invoice": ("Bill to pay", "Счёт на оплату"), "act": ("Act of work done", "Акт выполненных работ"),
           "upd": ("UPD (universal transfer document)", "УПД"), "contract": ("Contract", "Договор"),
           "reconciliation": ("Reconciliation statement for this year", "Акт сверки за год")}


def number_now(replica: Any, record: Record) -> None:
    fd = replica.schema().kind(record.kind).field("number")
    if fd is None or not fd.options.get("series"):
        raise ValueError("this section has no numbered documents")
    numbers.take(replica, str(fd.options["series"]), record.id, "number")


def _make(form: str, as_pdf: bool) -> Callable[[Any, Record], Path]:
    def run(replica: Any, record: Record) -> Path:
        return forms.make(replica, form, record, as_pdf=as_pdf).path
    return run


def _print(form: str) -> Callable[[Any, Record], PrintJob]:
    def run(replica: Any, record: Record) -> PrintJob:
        return PrintJob(forms.make(replica, form, record, as_pdf=True).path)
    return run


def register(api: Registry) -> None:
    api.add_card_action(CardAction("Take a number", "Присвоить номер", number_now, ("invoice", "contract"),
                                   background=True))
    for form, (en, ru) in _LABELS.items():
        kind = forms.FORMS[form][1]
        api.add_card_action(CardAction(f"{en} (PDF)", f"{ru} (PDF)", _make(form, True), (kind,), background=True))
        api.add_card_action(CardAction(f"{en} (Word)", f"{ru} (Word)", _make(form, False), (kind,),
                                       background=True))
        printed = ru if ru[:2].isupper() else ru[0].lower() + ru[1:]  # "УПД" stays in capitals
        api.add_card_action(CardAction(f"Print: {en.lower()}", f"Печать: {printed}", _print(form), (kind,),
                                       background=True))
