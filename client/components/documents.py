"""The built-in card actions of the sales sections: take a document number; the bill to pay, the act, the УПД, the
contract and the reconciliation statement as PDF (no office suite needed), as Word files, or printed. A built-in
part: it uses only the plugin door."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from client.api import CardAction, DataView, PrintJob, Record, Registry, services

Run = Callable[[DataView, Record], object]
_LABELS = {"invoice": ("Bill to pay", "Счёт на оплату"), "act": ("Act of work done", "Акт выполненных работ"),
           "upd": ("UPD (universal transfer document)", "УПД"), "contract": ("Contract", "Договор"),
           "reconciliation": ("Reconciliation statement for this year", "Акт сверки за год")}


def number_now(view: DataView, record: Record) -> None:
    services.take_number(view, record)


def _make(form: str, as_pdf: bool) -> Run:
    def run(view: DataView, record: Record) -> Path:
        return services.make_form(view, form, record, as_pdf=as_pdf)
    return run


def _print(form: str) -> Run:
    def run(view: DataView, record: Record) -> PrintJob:
        return PrintJob(services.make_form(view, form, record, as_pdf=True))
    return run


def register(api: Registry) -> None:
    api.add_card_action(CardAction("Take a number", "Присвоить номер", number_now, ("invoice", "contract"),
                                   background=True))
    for form, (en, ru) in _LABELS.items():
        kind = services.form_section(form)
        api.add_card_action(CardAction(f"{en} (PDF)", f"{ru} (PDF)", _make(form, True), (kind,), background=True))
        api.add_card_action(CardAction(f"{en} (Word)", f"{ru} (Word)", _make(form, False), (kind,),
                                       background=True))
        printed = ru if ru[:2].isupper() else ru[0].lower() + ru[1:]  # "УПД" stays in capitals
        api.add_card_action(CardAction(f"Print: {en.lower()}", f"Печать: {printed}", _print(form), (kind,),
                                       background=True))
