"""Computed values of the sales sections: a line's amount, an invoice's total, paid, balance and status, worked
out on read on every PC and refused when someone tries to type them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from client.core.replica import Replica
from lan_server.records import Record, derived
from lan_server.records.schema import REQUISITES_ID


def line(**fields: object) -> Record:
    return Record(id="l", kind="invoice_line", fields=dict(fields))


def test_line_amount_is_quantity_times_price_less_discount_exactly() -> None:
    assert derived.line_amount({"qty": 3, "price": 0.1}) == Decimal("0.30")
    assert derived.line_amount({"qty": 2, "price": 1000, "discount": 15}) == Decimal("1700.00")
    assert derived.line_amount({"price": 500}) == Decimal("500.00")  # no quantity typed: one
    assert derived.line_amount({"qty": 1.5, "price": 333.33, "discount": 10}) == Decimal("450.00")


def test_totals_with_vat_in_the_price_and_on_top() -> None:
    lines = [line(qty=1, price=1200, vat=20), line(qty=1, price=1000, vat=0)]
    inside = derived.totals(lines, [], vat_rate=Decimal(20), vat_included=True)
    assert (inside.total, inside.vat) == (Decimal("2200.00"), Decimal("200.00"))
    on_top = derived.totals(lines, [], vat_rate=Decimal(20), vat_included=False)
    assert (on_top.net, on_top.vat, on_top.total) == (Decimal("2200.00"), Decimal("240.00"), Decimal("2440.00"))


@pytest.mark.parametrize("fields, paid, status", [
    ({}, 0, "draft"),
    ({"number": "7"}, 0, "issued"),
    ({"number": "7"}, 400, "partly_paid"),
    ({"number": "7"}, 1000, "paid"),
    ({"number": "7", "due": "2026-11-01"}, 400, "overdue"),
    ({"number": "7", "due": "2026-11-01"}, 1000, "paid"),
    ({"number": "7", "cancelled": True}, 400, "cancelled"),
])
def test_status_follows_the_number_the_payments_and_the_due_date(fields: dict, paid: int, status: str) -> None:
    payments = [Record(id="p", kind="payment", fields={"amount": paid})] if paid else []
    t = derived.totals([line(qty=1, price=1000)], payments)
    assert derived.status(fields, t, date(2026, 11, 22)) == status


def test_every_read_shows_the_computed_values_and_none_can_be_typed(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        replica.add("requisites", {"name": "ООО «Ромашка»", "vat_rate": 20, "prices_include_vat": False},
                    rec_id=REQUISITES_ID)
        inv = replica.add("invoice", {"number": "15", "date": "2026-11-22", "due": "2099-01-01"})
        first = replica.add("invoice_line", {"invoice": inv, "qty": 2, "price": 1000.10})
        replica.add("invoice_line", {"invoice": inv, "qty": 1, "price": 0.1, "vat": 0})
        replica.add("payment", {"invoice": inv, "amount": 1000})
        shown = replica.get(inv)
        assert shown is not None
        # 2 000,20 + 0,10 net; VAT 20 % on top of the first line only: 400,04.
        assert shown.fields["total"] == 2400.34 and shown.fields["paid"] == 1000
        assert shown.fields["balance"] == 1400.34 and shown.fields["status"] == "partly_paid"
        assert replica.get(first).fields["amount"] == 2000.2
        listed = replica.records("invoice")[0]
        assert listed.fields["status"] == "partly_paid"
        assert replica.get_many([inv])[inv].fields["total"] == 2400.34
        with pytest.raises(ValueError, match="computed"):
            replica.set(inv, {"total": 1})
        with pytest.raises(ValueError, match="computed"):
            replica.set(first, {"amount": 1})
        stored_values = replica._store.get(inv)  # what is kept: no computed value at all
        assert stored_values is not None and "total" not in stored_values.fields
    finally:
        replica.close()
