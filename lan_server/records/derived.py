"""Values computed from their parts, never typed or stored: a line's amount, an invoice's total, paid, balance
and status. Exact money (lan_server/records/money.py), so every PC and the server's pages show the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping, Sequence

from lan_server.records.money import ZERO, money, number, stored
from lan_server.records.ops import Record
from lan_server.records.reader import RecordsReader
from lan_server.records.schema import REQUISITES_ID, Schema

# Sections that hold computed fields; any other read costs nothing extra.
KINDS = frozenset({"invoice", "invoice_line"})
# What each computed section's values are made of: a change there changes them.
DEPENDS = {"invoice": frozenset({"invoice_line", "payment", "requisites"}),
           "organization": frozenset({"invoice", "invoice_line", "payment"})}
_CHUNK = 500  # parents per query: well under SQLite's limit of bound parameters


@dataclass(frozen=True)
class Totals:
    net: Decimal      # the lines' amounts
    vat: Decimal      # the VAT in (or on top of) them
    total: Decimal    # what the customer pays
    paid: Decimal
    balance: Decimal


def line_amount(fields: dict) -> Decimal:
    """Quantity × price less the discount in per cent; an empty quantity counts as one."""
    qty = number(fields.get("qty"), Decimal(1))
    discount = number(fields.get("discount"))
    return money(qty * money(fields.get("price")) * (Decimal(100) - discount) / Decimal(100))


def line_vat(fields: dict, default_rate: Decimal, included: bool) -> Decimal:
    rate = number(fields.get("vat"), default_rate)
    amount = line_amount(fields)
    if rate <= 0:
        return ZERO
    return money(amount * rate / (Decimal(100) + rate) if included else amount * rate / Decimal(100))


def totals(lines: Sequence[Record], payments: Iterable[Record], *, vat_rate: Decimal = Decimal(0),
           vat_included: bool = True) -> Totals:
    net = sum((line_amount(r.fields) for r in lines), ZERO)
    vat = sum((line_vat(r.fields, vat_rate, vat_included) for r in lines), ZERO)
    total = net if vat_included else net + vat
    paid = sum((money(p.fields.get("amount")) for p in payments), ZERO)
    return Totals(net=net, vat=vat, total=total, paid=paid, balance=total - paid)


def status(fields: dict, t: Totals, today: date) -> str:
    """draft (no number yet, or nothing to pay for: an empty invoice is never issued), issued, partly_paid, paid,
    overdue (due passed with a balance), cancelled."""
    if fields.get("cancelled"):
        return "cancelled"
    if t.total > 0 and t.balance <= 0:
        return "paid"
    if not fields.get("number") or t.total <= 0:
        return "draft"
    due = fields.get("due")
    if isinstance(due, str) and due[:10] < today.isoformat() and t.balance > 0:
        return "overdue"
    return "partly_paid" if t.paid > 0 else "issued"


def vat_terms(reader: RecordsReader) -> tuple[Decimal, bool]:
    """The office's VAT rate and whether its prices include VAT (the requisites; none: no VAT, included)."""
    req = reader.get(REQUISITES_ID)
    fields = req.fields if req is not None else {}
    included = fields.get("prices_include_vat")
    return number(fields.get("vat_rate")), True if included is None else bool(included)


def children(reader: RecordsReader, kind: str, link: str, parents: Sequence[str]) -> dict[str, list[Record]]:
    """Live records of `kind` whose `link` points at each of `parents`."""
    found: dict[str, list[Record]] = {p: [] for p in parents}
    for i in range(0, len(parents), _CHUNK):
        for r in reader.records(kind, where={link: list(parents[i:i + _CHUNK])}):
            found.setdefault(str(r.fields.get(link)), []).append(r)
    return found


def in_order(lines: Sequence[Record]) -> list[Record]:
    """Lines in the order the card shows and the forms print them: by their № (`n`), then as made."""
    return sorted(lines, key=lambda r: (number(r.fields.get("n"), Decimal(10**9)), r.id))


def invoice_totals(reader: RecordsReader, invoice_ids: Sequence[str]) -> dict[str, Totals]:
    rate, included = vat_terms(reader)
    lines = children(reader, "invoice_line", "invoice", invoice_ids)
    payments = children(reader, "payment", "invoice", invoice_ids)
    return {i: totals(lines.get(i, []), payments.get(i, []), vat_rate=rate, vat_included=included)
            for i in invoice_ids}


def complete(reader: RecordsReader, records: Iterable[Record], today: date | None = None) -> None:
    """Fill in the computed fields of these records (in place): the one place they are worked out."""
    invoices = []
    for r in records:
        if r.kind == "invoice_line":
            r.fields["amount"] = stored(line_amount(r.fields))
        elif r.kind == "invoice":
            invoices.append(r)
    if not invoices:
        return
    day = today or date.today()
    sums = invoice_totals(reader, [r.id for r in invoices])
    for r in invoices:
        t = sums[r.id]
        r.fields.update(total=stored(t.total), paid=stored(t.paid), balance=stored(t.balance),
                        status=status(r.fields, t, day))


def overdue(record: Record, now: datetime | None = None) -> bool:
    """A task whose due time has passed undone, or an invoice whose status says overdue (the list and the
    planner show both in red)."""
    if record.kind == "invoice":
        return record.fields.get("status") == "overdue"
    due = record.fields.get("due") if record.kind == "task" else None
    if not isinstance(due, str) or not due or record.fields.get("done"):
        return False
    return due < (now or datetime.now()).isoformat(timespec="minutes")


Compute = Callable[[Record, RecordsReader], Any]  # a derived field's value, from its record and the data


class WithDerived:
    """A reader whose records come with their computed values filled in, as every screen, page, export and
    template shows them (the server's pages wrap the Store in it; a PC's Replica does the same on every read).
    `more`: further derived fields per section (a PC's plugins add them), as (key, compute)."""

    def __init__(self, plain: RecordsReader, more: Mapping[str, list[tuple[str, Compute]]] | None = None) -> None:
        self.plain = plain
        self.more: dict[str, list[tuple[str, Compute]]] = {k: list(v) for k, v in (more or {}).items()}

    def _complete(self, records: Iterable[Record]) -> None:
        records = list(records)
        complete(self.plain, records)
        for record in records:
            for key, compute in self.more.get(record.kind, ()):
                record.fields[key] = compute(record, self.plain)

    def schema(self) -> Schema:
        return self.plain.schema()

    def get(self, rec_id: str) -> Record | None:
        record = self.plain.get(rec_id)
        if record is not None and (record.kind in KINDS or record.kind in self.more):
            self._complete([record])
        return record

    def get_many(self, rec_ids: Sequence[str]) -> dict[str, Record]:
        found = self.plain.get_many(rec_ids)
        self._complete(found.values())
        return found

    def records(self, kind: str | None = None, *, search: str | None = None,
                where: Mapping[str, Any] | None = None, deleted: bool = False, limit: int | None = None,
                offset: int = 0, order: str | None = None, descending: bool = False) -> list[Record]:
        found = self.plain.records(kind, search=search, where=where, deleted=deleted, limit=limit, offset=offset,
                                   order=order, descending=descending)
        if kind is None or kind in KINDS or kind in self.more:
            self._complete(found)
        return found

    def group_counts(self, kind: str, field: str) -> list[tuple[Any, int]]:
        return self.plain.group_counts(kind, field)
