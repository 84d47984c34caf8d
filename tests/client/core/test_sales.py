"""The sales half against a real office server: an invoice with lines and partial payments on two PCs, its
server number and print form, the dashboard's figures, and an own-scope manager who sees only their own."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest

from client.core import forms, numbers_now
from client.core.replica import Replica
from client.core.session import login
from client.core.sync import SyncEngine
from lan_server.records import dashboard
from lan_server.records.schema import REQUISITES_ID
from tests.documents import docx_text
from tests.servers import ServerProcess, client, wait_for

REQUISITES = {"name": "ООО «Ромашка»", "inn": "7701234567", "kpp": "770101001", "bank": "ПАО «Банк»",
              "bik": "044525225", "account": "40702810900000000001", "corr_account": "30101810400000000225",
              "director": "Иванов И. И.", "accountant": "Петрова А. А.", "vat_rate": 20, "prices_include_vat": True}


@pytest.fixture
def two_pcs(office_server: ServerProcess, tmp_path: Path) -> Iterator[tuple[Replica, Replica]]:
    a, b = Replica(tmp_path / "a"), Replica(tmp_path / "b")
    engines = []
    try:
        for r in (a, b):
            login(r, office_server.address, "admin", "admin-pass-1")
            engines.append(SyncEngine(r, min_delay=0.1, max_delay=0.5))
            engines[-1].start()
        assert wait_for(lambda: all(e.status.state == "online" for e in engines))
        yield a, b
    finally:
        for e in engines:
            e.stop()
        a.close()
        b.close()


def test_invoice_with_two_lines_and_two_partial_payments_on_two_pcs(two_pcs: tuple[Replica, Replica],
                                                                     tmp_path: Path) -> None:
    a, b = two_pcs
    a.add("requisites", REQUISITES, rec_id=REQUISITES_ID)
    org = a.add("organization", {"name": "ООО «Лютик»", "tax_id": "5001234567", "address": "Тверь, ул. Советская, 1"})
    product = a.add("product", {"name": "Консультация юриста", "unit": "час", "price": 1000, "vat": 20})
    inv = a.add("invoice", {"date": "2026-11-22", "due": "2099-12-31", "organization": org, "assignee": "admin"})
    a.add("invoice_line", {"invoice": inv, "n": 1, "product": product, "qty": 2, "price": 1000})
    a.add("invoice_line", {"invoice": inv, "n": 2, "description": "Выезд к клиенту", "qty": 1, "price": 500,
                           "discount": 10})
    assert numbers_now.take(a, "invoice", inv, "number") == "1"  # the server's default invoice series
    assert a.get(inv).fields["status"] == "issued" and a.get(inv).fields["total"] == 2450

    a.add("payment", {"invoice": inv, "date": "2026-11-23", "amount": 1000})
    assert wait_for(lambda: (b.get(inv) or a.get(inv)).fields.get("paid") == 1000 and b.get(inv) is not None)
    assert b.get(inv).fields["status"] == "partly_paid" and b.get(inv).fields["balance"] == 1450
    b.add("payment", {"invoice": inv, "date": "2026-11-25", "amount": 1450})
    assert wait_for(lambda: a.get(inv).fields["status"] == "paid")
    assert a.get(inv).fields["balance"] == 0 and b.get(inv).fields["status"] == "paid"

    made = forms.make(b, "invoice", b.get(inv))
    text = docx_text(made.path)
    for expected in ("Счёт на оплату № 1 от 22.11.2026", "ООО «Ромашка»", "ИНН 7701234567", "044525225",
                     "40702810900000000001", "ООО «Лютик»", "Консультация юриста", "Выезд к клиенту", "час",
                     "2\u00a0000,00", "450,00", "Всего к оплате:\n2\u00a0450,00", "В том числе НДС:\n408,33",
                     "Две тысячи четыреста пятьдесят рублей 00 копеек", "Иванов И. И."):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    act = docx_text(forms.make(b, "act", b.get(inv)).path)
    assert "Акт № 1 от 22.11.2026" in act and "Две тысячи четыреста пятьдесят рублей 00 копеек" in act

    # The commands show the computed values too, as exact two-place amounts.
    a.close()
    shown = client(tmp_path / "a", "show", inv, "--json")
    assert shown.returncode == 0, shown.stderr
    fields = json.loads(shown.stdout)["fields"]
    assert (fields["total"], fields["paid"], fields["balance"], fields["status"]) == (2450, 2450, 0, "paid")
    typed = client(tmp_path / "a", "set", inv, "total=1")
    assert typed.returncode == 6 and "error: invoice.total is computed" in typed.stderr  # said, no traceback


def test_a_contract_form_and_an_invoice_without_requisites(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        org = replica.add("organization", {"name": "ИП Сидоров"})
        contract = replica.add("contract", {"number": "Д-7", "date": "2026-11-01", "organization": org,
                                            "subject": "оказание бухгалтерских услуг", "amount": 120000.5,
                                            "valid_until": "2027-10-31"})
        with pytest.raises(forms.FormError, match="requisites"):
            forms.make(replica, "contract", replica.get(contract))  # nothing written half
        assert not forms.documents_folder(replica).exists() or not list(forms.documents_folder(replica).iterdir())
        replica.add("requisites", REQUISITES, rec_id=REQUISITES_ID)
        text = docx_text(forms.make(replica, "contract", replica.get(contract)).path)
        assert "Договор № Д-7" in text and "оказание бухгалтерских услуг" in text
        assert "Сто двадцать тысяч рублей 50 копеек" in text and "31.10.2027" in text and "ИП Сидоров" in text

        empty = replica.add("invoice", {"number": "9", "organization": org})
        with pytest.raises(forms.FormError, match="no lines"):
            forms.make(replica, "invoice", replica.get(empty))
        # An office that edited its form in Word gets its own form; a broken placeholder is named, not written.
        forms.forms_folder(replica).mkdir(parents=True, exist_ok=True)
        (forms.forms_folder(replica) / "contract.docx").write_bytes(b"not a docx")
        with pytest.raises(forms.FormError, match="contract.docx"):
            forms.make(replica, "contract", replica.get(contract))
    finally:
        replica.close()


def test_dashboard_figures_equal_sums_worked_out_independently(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    today = date(2026, 11, 22)
    # (number, date, due, manager, [(qty, price)], [(date, amount)])
    plan = [("1", "2026-11-02", "2026-11-10", "olga", [(2, 1000.5)], [("2026-11-05", 500)]),
            ("2", "2026-11-12", "2026-12-30", "olga", [(1, 300), (3, 33.33)], [("2026-11-20", 399.99)]),
            ("3", "2026-11-15", "2026-11-20", "ivan", [(10, 99.9)], []),
            ("4", "2026-10-01", "2026-10-15", "ivan", [(1, 5000)], [("2026-11-03", 2000)]),
            ("", "2026-11-16", "", "ivan", [(1, 777)], [])]  # a draft: in no figure
    try:
        ids = {}
        for number, day, due, manager, lines, payments in plan:
            inv = replica.add("invoice", {"number": number or None, "date": day, "due": due or None,
                                          "assignee": manager})
            ids[number] = inv
            for qty, price in lines:
                replica.add("invoice_line", {"invoice": inv, "qty": qty, "price": price,
                                             "description": "Бумага" if price < 100 else "Услуга"})
            for pay_day, amount in payments:
                replica.add("payment", {"invoice": inv, "date": pay_day, "amount": amount})
        replica.add("deal", {"title": "Поставка", "stage": "talks", "amount": 10000, "assignee": "olga"})
        replica.add("deal", {"title": "Аренда", "stage": "won", "amount": 2500.5, "assignee": "ivan"})
        replica.add("deal", {"title": "Сервис", "stage": "won", "amount": 1000, "assignee": "ivan"})

        f = dashboard.figures(replica, date(2026, 11, 1), date(2026, 11, 30), today=today)
        # By hand: November invoices 1, 2, 3: 2001.00 + (300 + 99.99) + 999.00.
        assert (f.issued.count, f.issued.amount) == (3, Decimal("3399.99"))
        assert f.paid.amount == Decimal("500") + Decimal("399.99") + Decimal("2000")
        # Still owed: 1501.00 (1, overdue) + 0 (2, paid) + 999.00 (3, overdue) + 3000 (4, overdue).
        assert f.outstanding.amount == Decimal("5500.00")
        assert [r.fields["number"] for r in f.overdue] == ["4", "1", "3"]
        assert dict((s, (x.count, x.amount)) for s, x in f.funnel)["won"] == (2, Decimal("3500.50"))
        assert sum((a for _, a in f.by_period), Decimal(0)) == f.paid.amount
        assert f.top_goods[0] == ("Услуга", Decimal(3), Decimal("2301.00"))

        olga = dashboard.figures(replica, date(2026, 11, 1), date(2026, 11, 30), "olga", today=today)
        assert (olga.issued.count, olga.issued.amount) == (2, Decimal("2400.99"))
        assert set(olga.issued.records) == {ids["1"], ids["2"]}
        assert dict((s, x.count) for s, x in olga.funnel).get("won", 0) == 0
        assert dashboard.managers(replica) == ["ivan", "olga"]
    finally:
        replica.close()


def test_an_own_scope_manager_sees_only_their_invoices_and_may_not_change_the_requisites(
        office_server: ServerProcess, tmp_path: Path) -> None:
    r = office_server.manage("role", str(office_server.data_dir), "sales", "--read", "own", "--edit", "own")
    assert r.returncode == 0, r.stderr
    office_server.add_user("olga", "olga-pass-1", role="sales")
    office_server.add_user("ivan", "ivan-pass-1", role="sales")
    admin, olga, ivan = (Replica(tmp_path / n) for n in ("admin", "olga", "ivan"))
    engines = []
    try:
        for replica, user, password in ((admin, "admin", "admin-pass-1"), (olga, "olga", "olga-pass-1"),
                                        (ivan, "ivan", "ivan-pass-1")):
            login(replica, office_server.address, user, password)
            engines.append(SyncEngine(replica, min_delay=0.1, max_delay=0.5))
            engines[-1].start()
        assert wait_for(lambda: all(e.status.state == "online" for e in engines))
        admin.add("requisites", REQUISITES, rec_id=REQUISITES_ID)
        for replica, name, price in ((olga, "olga", 1000), (ivan, "ivan", 7000)):
            inv = replica.add("invoice", {"number": name, "date": date.today().isoformat(), "assignee": name})
            replica.add("invoice_line", {"invoice": inv, "qty": 1, "price": price})
        assert wait_for(lambda: admin.count("invoice") == 2 and admin.count("invoice_line") == 2)
        assert wait_for(lambda: olga.get(REQUISITES_ID) is not None)  # everyone prints with them

        start = date.today().replace(day=1)
        everyone = dashboard.figures(admin, start, date.today())
        assert (everyone.issued.count, everyone.issued.amount) == (2, Decimal("8000.00"))
        mine = dashboard.figures(olga, start, date.today())
        assert (mine.issued.count, mine.issued.amount) == (1, Decimal("1000.00"))
        assert olga.count("invoice") == 1

        olga.set(REQUISITES_ID, {"account": "00000000000000000000"})
        assert wait_for(lambda: olga.get(REQUISITES_ID).fields["account"] == REQUISITES["account"])
        assert admin.get(REQUISITES_ID).fields["account"] == REQUISITES["account"]
    finally:
        for e in engines:
            e.stop()
        for replica in (admin, olga, ivan):
            replica.close()
