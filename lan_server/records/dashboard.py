"""The figures of the sales dashboard for a period and a manager, and a customer's account: worked out from
the records a user may read (a PC's copy, or the server's store seen through `derived.WithDerived`; so a
manager who may read only their own records sees only their figures), each with the records behind it so the
window or the page can click through."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from lan_server.records import derived
from lan_server.records.money import ZERO, money, number
from lan_server.records.ops import Record
from lan_server.records.reader import RecordsReader

ISSUED = frozenset({"issued", "partly_paid", "paid", "overdue"})  # numbered, something to pay, not cancelled
OPEN = ISSUED - {"paid"}  # issued invoices that still wait for money


@dataclass
class Figure:
    amount: Decimal = ZERO
    count: int = 0
    records: list[str] = field(default_factory=list)

    def add(self, rec_id: str, amount: Decimal = ZERO) -> None:
        self.amount += amount
        self.count += 1
        self.records.append(rec_id)


@dataclass
class Figures:
    issued: Figure                       # invoices dated in the period (not drafts, not cancelled)
    paid: Figure                         # payments dated in the period
    outstanding: Figure                  # what issued invoices of any date still wait for, today
    overdue: list[Record]                # invoices past their due date with a balance
    funnel: list[tuple[str, Figure]]     # deals per stage, in the stages' order
    by_period: list[tuple[str, Decimal]] # payments per week or month of the period
    top_goods: list[tuple[str, Decimal, Decimal]]  # (name, quantity, amount) of the period's invoices


@dataclass
class Account:
    invoices: list[Record]
    payments: list[Record]
    invoiced: Decimal
    paid: Decimal

    @property
    def owed(self) -> Decimal:
        return self.invoiced - self.paid


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _mine(record: Record, manager: str | None) -> bool:
    return manager is None or record.fields.get("assignee") == manager


def days_label(first: date, last: date) -> str:
    """A run of days as a bar's label: "07.12", "01–06.12", "28.12–03.01"."""
    if first == last:
        return first.strftime("%d.%m")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%d}–{last:%d.%m}"
    return f"{first:%d.%m}–{last:%d.%m}"


def _buckets(start: date, end: date) -> tuple[str, list[tuple[str, date, date]]]:
    """Weeks for a period up to three months, else months: (label, first day, last day).

    A week is labelled by its own days within the period ("01–06.12"), not by the Monday it started on: that
    Monday may lie in the month before, and a payment of the 1st then seemed to belong to November."""
    if (end - start).days <= 92:
        monday = start - timedelta(days=start.weekday())
        out = []
        while monday <= end:
            first, last = max(monday, start), min(monday + timedelta(days=6), end)
            out.append((days_label(first, last), first, last))
            monday += timedelta(days=7)
        return "week", out
    out, y, m = [], start.year, start.month
    while date(y, m, 1) <= end:
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        out.append((f"{m:02d}.{y}", date(y, m, 1), nxt - timedelta(days=1)))
        y, m = nxt.year, nxt.month
    return "month", out


def figures(reader: RecordsReader, start: date, end: date, manager: str | None = None,
            today: date | None = None) -> Figures:
    invoices = [r for r in reader.records("invoice") if _mine(r, manager)]
    if today is not None:  # a day other than today (tests, a look back): statuses as they were then
        derived.complete(reader, invoices, today)
    by_id = {r.id: r for r in invoices}
    issued, paid, outstanding = Figure(), Figure(), Figure()
    overdue: list[Record] = []
    in_period: list[str] = []
    for r in invoices:
        status = r.fields.get("status")
        if status in OPEN:
            outstanding.add(r.id, money(r.fields.get("balance")))
        if status == "overdue":
            overdue.append(r)
        d = _day(r.fields.get("date"))
        if status in ISSUED and d is not None and start <= d <= end:
            issued.add(r.id, money(r.fields.get("total")))
            in_period.append(r.id)
    _, buckets = _buckets(start, end)
    per = [ZERO] * len(buckets)
    payments = derived.children(reader, "payment", "invoice", list(by_id))
    for rows in payments.values():
        for p in rows:
            d = _day(p.fields.get("date"))
            if d is None or not start <= d <= end:
                continue
            amount = money(p.fields.get("amount"))
            paid.add(p.id, amount)
            for i, (_, first, last) in enumerate(buckets):
                if first <= d <= last:
                    per[i] += amount
    goods: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), ZERO])
    lines = derived.children(reader, "invoice_line", "invoice", in_period)
    products = reader.get_many(sorted({str(x.fields["product"]) for rows in lines.values() for x in rows
                                        if x.fields.get("product")}))
    for rows in lines.values():
        for line in rows:
            product = products.get(str(line.fields.get("product") or ""))
            name = str(product.fields.get("name") if product else line.fields.get("description") or "—")
            goods[name][0] += number(line.fields.get("qty"), Decimal(1))
            goods[name][1] += derived.line_amount(line.fields)
    top = sorted(((n, q, a) for n, (q, a) in goods.items()), key=lambda g: (-g[2], g[0]))[:10]
    schema = reader.schema()
    stage_fd = schema.kind("deal").field("stage") if schema.has_kind("deal") else None
    stages = list(stage_fd.options.get("choices", [])) if stage_fd else []
    funnel: dict[str, Figure] = {s: Figure() for s in stages}
    for deal in reader.records("deal") if schema.has_kind("deal") else []:
        if _mine(deal, manager):
            funnel.setdefault(str(deal.fields.get("stage") or ""), Figure()).add(
                deal.id, money(deal.fields.get("amount")))
    return Figures(issued=issued, paid=paid, outstanding=outstanding,
                   overdue=sorted(overdue, key=lambda r: str(r.fields.get("due") or "")),
                   funnel=[(s, f) for s, f in funnel.items() if s or f.count],
                   by_period=[(label, per[i]) for i, (label, _, _) in enumerate(buckets)], top_goods=top)


def managers(reader: RecordsReader) -> list[str]:
    """The people named as managers of invoices or deals, for the dashboard's choice."""
    names = {str(v) for kind in ("invoice", "deal") if reader.schema().has_kind(kind)
             for v, _ in reader.group_counts(kind, "assignee") if v}
    return sorted(names)


def customer_account(reader: RecordsReader, org_id: str) -> Account:
    """An organization's invoices (not drafts or cancelled), their payments, and the sums."""
    invoices = [r for r in reader.records("invoice", where={"organization": org_id})
                if r.fields.get("status") in ISSUED]
    payments = [p for rows in derived.children(reader, "payment", "invoice", [r.id for r in invoices]).values()
                for p in rows]
    return Account(invoices=invoices, payments=sorted(payments, key=lambda p: str(p.fields.get("date") or "")),
                   invoiced=sum((money(r.fields.get("total")) for r in invoices), ZERO),
                   paid=sum((money(p.fields.get("amount")) for p in payments), ZERO))
