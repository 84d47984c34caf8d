"""Dashboard figures and invoice values are one rule for both sides: the server's store, read through
WithDerived, gives what a PC's copy of the same ops gives (the browser's pages show what the window shows)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from client.core.replica import Replica
from lan_server.records import Store, dashboard
from lan_server.records.derived import WithDerived
from lan_server.records.schema import REQUISITES_ID


def test_the_servers_store_gives_the_figures_a_pc_gives(tmp_path: Path) -> None:
    pc = Replica(tmp_path / "pc")
    server = Store.open(tmp_path / "server.db", search=False)
    try:
        pc.add("requisites", {"name": "ООО «Ромашка»", "vat_rate": 20, "prices_include_vat": False},
               rec_id=REQUISITES_ID)
        org = pc.add("organization", {"name": "ООО Вектор"})
        paid_in_part = pc.add("invoice", {"number": "1", "date": "2026-11-02", "due": "2026-11-10",
                                          "organization": org, "assignee": "olga"})
        pc.add("invoice_line", {"invoice": paid_in_part, "qty": 2, "price": 1000.5, "description": "Услуга"})
        pc.add("payment", {"invoice": paid_in_part, "date": "2026-11-05", "amount": 500})
        draft = pc.add("invoice", {"date": "2026-11-16", "assignee": "ivan"})
        pc.add("invoice_line", {"invoice": draft, "qty": 1, "price": 777})
        pc.add("deal", {"title": "Поставка", "stage": "talks", "amount": 10000, "assignee": "olga"})
        server.apply(pc.outbox(10_000), assign_seq=True)

        seen = WithDerived(server)
        invoice = seen.get(paid_in_part)
        assert invoice is not None and invoice.fields == pc.get(paid_in_part).fields  # type: ignore[union-attr]
        # 2 001,00 net, VAT 20 % on top: 2 401,20; 500 paid; due passed on 22.11.
        assert invoice.fields["balance"] == 1901.2 and invoice.fields["status"] == "overdue"
        assert seen.get(draft).fields["status"] == "draft"  # type: ignore[union-attr]
        assert server.get(paid_in_part).fields.get("total") is None  # type: ignore[union-attr]  # never stored

        today, start, end = date(2026, 11, 22), date(2026, 11, 1), date(2026, 11, 30)
        on_server = dashboard.figures(seen, start, end, today=today)
        on_pc = dashboard.figures(pc, start, end, today=today)
        assert on_server == on_pc
        assert (on_server.issued.count, on_server.issued.amount) == (1, Decimal("2401.20"))
        assert on_server.outstanding.amount == Decimal("1901.20")
        assert dashboard.managers(seen) == dashboard.managers(pc) == ["ivan", "olga"]
        assert dashboard.customer_account(seen, org).owed == dashboard.customer_account(pc, org).owed \
            == Decimal("1901.20")
    finally:
        server.close()
        pc.close()
