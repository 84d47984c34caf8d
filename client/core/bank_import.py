"""A bank statement marks invoices paid: each incoming payment is matched to an invoice (its number in the
payment's purpose, the payer's ИНН against the buyer's, the amount against the balance) and booked as a payment
of it; booking is idempotent (a payment's record id is made from the bank document), so the same statement twice,
or two that overlap, add nothing twice. What matches nothing is left for the user; outgoing payments are shown."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from client.core.bank_statement import BankDoc, Statement, parse
from client.core.i18n import _
from lan_server.records import Record
from lan_server.records.money import ZERO, as_text, money, stored
from lan_server.records.schema import REQUISITES_ID

# "по счету № 15", "сч. 15", "счёт №15 от", "оплата счета N СЧ-15", "по сч.№ 15/2"
_NUMBER = re.compile(r"(?:^|[^а-яё])(?:сч(?:[её]т(?:у|а|ам|ов|ам)?)?\.?|invoice|inv\.?)\s*(?:на\s+оплату\s*)?"
                     r"(?:№|n|no\.?|#)?\s*([a-zа-яё]{0,6}[-/]?\d[\w\-/]*)", re.I)


@dataclass(frozen=True)
class Match:
    doc: BankDoc
    invoice: Record
    how: str          # the user's words: "номер счёта и ИНН"


@dataclass(frozen=True)
class Unmatched:
    doc: BankDoc
    reason: str
    candidates: tuple[Record, ...] = ()   # invoices the user may choose from first


@dataclass
class Report:
    statement: Statement
    booked: list[Match] = field(default_factory=list)
    again: list[BankDoc] = field(default_factory=list)        # booked by an earlier import
    unmatched: list[Unmatched] = field(default_factory=list)
    outgoing: list[BankDoc] = field(default_factory=list)
    foreign: list[BankDoc] = field(default_factory=list)      # neither side is the office's account
    done: bool = False                                        # booked (else: what booking would do)

    def lines(self) -> list[str]:
        """What the import did, in the user's words (the import's report and the command's output)."""
        s = self.statement
        out = [_("bank statement (format {version}, {encoding}), {count} documents").format(
            version=s.version or "?", encoding=s.encoding, count=len(s.docs))]
        total = sum((m.doc.amount for m in self.booked), ZERO)
        said = (_("{count} payments booked to invoices, {amount}") if self.done else
                _("{count} payments to book to invoices, {amount}"))
        out.append(said.format(count=len(self.booked), amount=as_text(total)))
        for m in self.booked:
            out.append(_("  {doc} -> invoice {number} (by {how})").format(
                doc=describe(m.doc), number=m.invoice.fields.get("number"), how=m.how))
        if self.again:
            out.append(_("{count} were booked by an earlier import: not booked again").format(count=len(self.again)))
        if self.unmatched:
            out.append(_("{count} incoming payments match no invoice: assign them by hand or leave them").format(
                count=len(self.unmatched)))
            for u in self.unmatched:
                out.append(f"  {describe(u.doc)}: {u.reason}")
        if self.outgoing:
            paid = sum((d.amount for d in self.outgoing), ZERO)
            out.append(_("{count} outgoing payments, {amount}: shown, not booked").format(
                count=len(self.outgoing), amount=as_text(paid)))
        if self.foreign:
            out.append(_("{count} documents are of other accounts than the office's: left out").format(
                count=len(self.foreign)))
        return out


def describe(doc: BankDoc) -> str:
    day = doc.when.strftime("%d.%m.%Y") if doc.when else ""
    return _("payment order {number} of {day} from {payer}, {amount}").format(
        number=doc.number or "—", day=day, payer=doc.payer or doc.payer_inn or "?", amount=as_text(money(doc.amount)))


def numbers_in(purpose: str) -> list[str]:
    """The invoice numbers a payment's purpose names."""
    return [m.group(1).strip("-/").upper() for m in _NUMBER.finditer(purpose.replace("ё", "е"))]


def _same_number(said: str, number: Any) -> bool:
    have = str(number or "").upper()
    if not have:
        return False
    if said == have:
        return True
    digits = re.sub(r"\D", "", said)
    return bool(digits) and digits == re.sub(r"\D", "", have) and said.isdigit()  # "15" for "СЧ-15"


def payment_id(doc: BankDoc) -> str:
    """The same bank document always gives the same payment record, on every PC and in every statement."""
    key = "|".join((doc.number, doc.day.isoformat() if doc.day else "", f"{money(doc.amount)}", doc.payer_inn,
                    doc.payer_account, doc.payee_account))
    return "payment:bank:" + hashlib.sha256(key.encode()).hexdigest()[:32]


class _Book:
    """The office's invoices, read once per import, with their buyers' ИНН and balances."""

    def __init__(self, replica: Any) -> None:
        self.invoices = [r for r in replica.records("invoice") if not r.fields.get("cancelled")
                         and r.fields.get("number")]
        orgs = replica.get_many(sorted({str(r.fields["organization"]) for r in self.invoices
                                        if r.fields.get("organization")}))
        self.inn = {r.id: str(orgs[str(r.fields["organization"])].fields.get("tax_id") or "").strip()
                    for r in self.invoices if str(r.fields.get("organization") or "") in orgs}
        self.known_inns = {v for v in self.inn.values() if v}

    def balance(self, invoice: Record) -> Decimal:
        return money(invoice.fields.get("balance"))

    def match(self, doc: BankDoc) -> Match | Unmatched:
        said = numbers_in(doc.purpose)
        by_number = [r for r in self.invoices if any(_same_number(n, r.fields.get("number")) for n in said)]
        by_inn = [r for r in self.invoices if doc.payer_inn and self.inn.get(r.id) == doc.payer_inn]
        if by_number:
            both = [r for r in by_number if r in by_inn]
            if both:
                return Match(doc, self._nearest(both, doc), _("the invoice number and the payer's INN"))
            no_inn = [r for r in by_number if not self.inn.get(r.id)]
            if no_inn:
                return Match(doc, self._nearest(no_inn, doc), _("the invoice number"))
            return Unmatched(doc, _("invoice {number} was issued to another buyer (the payer's INN {inn} is not "
                                    "theirs)").format(number=", ".join(said), inn=doc.payer_inn or "—"),
                             tuple(by_number + by_inn))
        open_ = [r for r in by_inn if self.balance(r) > 0]
        exact = [r for r in open_ if self.balance(r) == money(doc.amount)]
        if len(exact) == 1:
            return Match(doc, exact[0], _("the payer's INN and the amount"))
        if doc.payer_inn and doc.payer_inn not in self.known_inns:
            return Unmatched(doc, _("the payer (INN {inn}) is none of the buyers of the invoices").format(
                inn=doc.payer_inn or "—"))
        if not said:
            return Unmatched(doc, _("the purpose names no invoice: {purpose}").format(purpose=doc.purpose[:80]),
                             tuple(open_))
        return Unmatched(doc, _("no invoice numbered {number}").format(number=", ".join(said)), tuple(open_))

    @staticmethod
    def _nearest(invoices: list[Record], doc: BankDoc) -> Record:
        """Of several invoices with the number (a series restarted each year), the latest not after the payment."""
        day = doc.when.isoformat() if doc.when else "9999"
        before = [r for r in invoices if str(r.fields.get("date") or "") <= day] or invoices
        return max(before, key=lambda r: str(r.fields.get("date") or ""))


def _ours(replica: Any, statement: Statement) -> tuple[set[str], str]:
    req = replica.get(REQUISITES_ID)
    fields = req.fields if req is not None else {}
    accounts = set(statement.accounts)
    if fields.get("account"):
        accounts.add(str(fields["account"]).strip())
    return accounts, str(fields.get("inn") or "").strip()


def sort(replica: Any, statement: Statement) -> Report:
    """What each document of the statement is: booked before, matched now, unmatched, outgoing, foreign."""
    report = Report(statement)
    accounts, inn = _ours(replica, statement)
    book = _Book(replica)
    for doc in statement.docs:
        incoming = doc.payee_account in accounts or (not doc.payee_account and inn and doc.payee_inn == inn)
        outgoing = doc.payer_account in accounts or (not doc.payer_account and inn and doc.payer_inn == inn)
        if incoming and not outgoing:
            if replica.get(payment_id(doc)) is not None:
                report.again.append(doc)
                continue
            found = book.match(doc)
            (report.booked if isinstance(found, Match) else report.unmatched).append(found)  # type: ignore[arg-type]
        elif outgoing:
            report.outgoing.append(doc)
        else:
            report.foreign.append(doc)
    return report


def book(replica: Any, doc: BankDoc, invoice: Record) -> str:
    """Book one incoming payment to `invoice` (a match, or the user's choice in the dialog); idempotent."""
    rec = payment_id(doc)
    if replica.get(rec) is not None:
        return rec
    payer = ", ".join(p for p in (doc.payer, f"ИНН {doc.payer_inn}" if doc.payer_inn else "") if p)
    replica.add("payment", {"invoice": invoice.id, "date": (doc.when.isoformat() if doc.when else None),
                            "amount": stored(money(doc.amount)), "doc": doc.number or None, "payer": payer or None,
                            "note": doc.purpose or None}, rec_id=rec)
    return rec


def run(replica: Any, path: Path, *, dry_run: bool = False) -> Report:
    """Read the statement at `path` and book what matches (nothing with `dry_run`)."""
    report = sort(replica, parse(path.read_bytes()))
    if not dry_run:
        for m in report.booked:
            book(replica, m.doc, m.invoice)
        report.done = True
    return report


def open_invoices(replica: Any) -> list[Record]:
    """Invoices a payment may be assigned to by hand: numbered, not cancelled, with a balance."""
    return [r for r in replica.records("invoice") if r.fields.get("number") and not r.fields.get("cancelled")
            and money(r.fields.get("balance")) > 0]
