"""The built-in card actions of the sales sections: take a document number, make the bill to pay, the act
and the contract as Word files, as PDF, or print them. Registered like a plugin's (client/core/plugins.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from client.core import forms, numbers_now, office_apps
from client.core.plugins import CardAction, Registry
from lan_server.records import Record


def number_now(replica: Any, record: Record) -> None:
    fd = replica.schema().kind(record.kind).field("number")
    if fd is None or not fd.options.get("series"):
        raise ValueError("this section has no numbered documents")
    numbers_now.take(replica, str(fd.options["series"]), record.id, "number")


def _word(form: str) -> Any:
    def run(replica: Any, record: Record) -> Path:
        return forms.make(replica, form, record).path
    return run


def _pdf(form: str) -> Any:
    def run(replica: Any, record: Record) -> Path:
        return office_apps.to_pdf(forms.make(replica, form, record).path)
    return run


def _print(form: str) -> Any:
    def run(replica: Any, record: Record) -> None:
        office_apps.print_file(forms.make(replica, form, record).path)
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
