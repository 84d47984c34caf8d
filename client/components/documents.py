"""The built-in card actions of the sales sections: take a document number, make the bill to pay, the act
and the contract as Word files, as PDF, or print them. A built-in part: it uses only the plugin door."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from client.api import CardAction, DataView, Record, Registry, services

Run = Callable[[DataView, Record], object]


def number_now(view: DataView, record: Record) -> None:
    services.take_number(view, record)


def _word(form: str) -> Run:
    def run(view: DataView, record: Record) -> Path:
        return services.make_form(view, form, record)
    return run


def _pdf(form: str) -> Run:
    def run(view: DataView, record: Record) -> Path:
        return services.to_pdf(services.make_form(view, form, record))
    return run


def _print(form: str) -> Run:
    def run(view: DataView, record: Record) -> None:
        services.print_file(services.make_form(view, form, record))
    return run


def register(api: Registry) -> None:
    api.add_card_action(CardAction("Take a number", "Присвоить номер", number_now, ("invoice", "contract"),
                                   background=True))
    for form, en, ru, kind in (("invoice", "Bill to pay", "Счёт на оплату", "invoice"),
                               ("act", "Act of work done", "Акт выполненных работ", "invoice"),
                               ("contract", "Contract", "Договор", "contract")):
        api.add_card_action(CardAction(f"{en} (Word)", f"{ru} (Word)", _word(form), (kind,), background=True))
        api.add_card_action(CardAction(f"{en} (PDF)", f"{ru} (PDF)", _pdf(form), (kind,), background=True))
        api.add_card_action(CardAction(f"Print: {en.lower()}", f"Печать: {ru.lower()}", _print(form), (kind,),
                                       background=True))
