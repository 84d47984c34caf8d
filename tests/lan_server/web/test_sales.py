"""The sales page from a browser: the dashboard's figures, deals by stage and invoices with status and balance as
the shared rules work them out (lan_server.records.derived, .dashboard), a payment added, a deal moved, and the
bill to pay as PDF where the server has the print forms."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from typing import Any

from tests.lan_server.web.browser import browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess


async def make(v: Visitor, kind: str, **values: Any) -> str:
    status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values})
    assert status == 200, body
    return str(body["id"])


def test_figures_deals_invoices_a_payment_and_a_stage(office_server: ServerProcess) -> None:
    today = date.today()

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            org = await make(v, "organization", name="ООО Ромашка")
            deal = await make(v, "deal", title="Бумага", organization=org, stage="talks", amount=1000)
            invoice = await make(v, "invoice", number="С-1", date=today.isoformat(), organization=org,
                                 due=(today + timedelta(days=5)).isoformat())
            await make(v, "invoice_line", invoice=invoice, description="Бумага", qty=10, price=350)
            status, sales, _ = await v.call("GET", "/api/sales")
            assert status == 200
            assert sales["figures"]["issued"] == {"amount": 3500.0, "count": 1}
            assert sales["figures"]["outstanding"]["amount"] == 3500.0
            talks = next(s for s in sales["stages"] if s["key"] == "talks")
            assert talks["count"] == 1 and talks["amount"] == 1000.0 and talks["ru"] == "Переговоры"
            cells = {c["f"]["key"]: c["v"] for c in sales["invoices"][0]["cells"]}
            assert cells["status"] == "issued" and cells["balance"] == 3500

            await make(v, "payment", invoice=invoice, date=today.isoformat(), amount=1500)
            card = (await v.call("GET", f"/api/record/{invoice}"))[1]
            values = {c["f"]["key"]: c["v"] for c in card["fields"]}
            assert values["status"] == "partly_paid" and values["paid"] == 1500 and values["balance"] == 2000
            assert not next(c for c in card["fields"] if c["f"]["key"] == "balance")["edit"]  # computed: read-only
            status, body, _ = await v.call("POST", f"/api/record/{invoice}", {"changes": {"balance": 0}})
            assert status == 400 and body["field"] == "balance"

            assert (await v.call("POST", f"/api/record/{deal}", {"changes": {"stage": "won"}}))[0] == 200
            sales = (await v.call("GET", "/api/sales"))[1]
            assert next(s for s in sales["stages"] if s["key"] == "won")["count"] == 1
            assert sales["figures"]["paid"]["amount"] == 1500.0

            status, pdf, r = await v.call("GET", f"/api/record/{invoice}/pdf/invoice")
            if importlib.util.find_spec("lan_server.documents") is not None:
                assert status == 200 and r.headers["Content-Type"] == "application/pdf" and pdf[:5] == b"%PDF-"
                assert card["forms"] == ["invoice", "act"]
            else:  # this server has no print forms yet: the page offers none, and asking gets a clear 404
                assert status == 404 and card["forms"] == []
    run(visit())


def test_a_viewer_sees_the_sales_page_and_may_not_pay(office_server: ServerProcess) -> None:
    office_server.add_user("vera", "vera-pass-1", role="viewer")

    async def fill() -> str:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            return await make(v, "invoice", number="С-2", date=date.today().isoformat())
    invoice = run(fill())
    with browser(office_server.data_dir / "server.crt") as launched:
        page = phone(launched, "en")
        log_in(page, office_server.web_url, "vera", "vera-pass-1")
        page.goto(office_server.web_url + "#/sales")
        page.wait_for_selector("h2:has-text('Deals by stage')")
        assert "Invoiced" in page.inner_text("main")
        page.goto(office_server.web_url + f"#/r/{invoice}")
        page.wait_for_selector("h1:has-text('С-2')")
        assert page.query_selector("button:has-text('Edit')") is None
        assert page.query_selector("form.pay") is None

    async def forced() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login("vera", "vera-pass-1") == 200
            status, body, _ = await v.call("POST", "/api/records", {"kind": "payment", "values": {
                "invoice": invoice, "date": date.today().isoformat(), "amount": 5}})
            assert status == 409 and body["error"] == "refused"
            status, body, _ = await v.call("POST", f"/api/record/{invoice}", {"changes": {"note": "x"}})
            assert status == 409
    run(forced())
