"""The sales page from a browser: the dashboard's figures, deals by stage and invoices with status and balance as
the shared rules work them out (lan_server.records.derived, .dashboard), a payment added, a deal moved, and the
bill to pay as PDF where the server has the print forms."""

from __future__ import annotations

import asyncio
import contextlib
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

from pypdf import PdfReader

from client.core.replica import Replica
from client.core.session import login
from client.core.sync import SyncEngine
from lan_server.records.schema import REQUISITES_ID
from tests.lan_server.web.browser import browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess, wait_for

REQUISITES = {"name": "ООО «Поставщик»", "inn": "7701234567", "kpp": "770101001", "bank": "ПАО «Банк»",
              "bik": "044525225", "account": "40702810900000000001", "corr_account": "30101810400000000225",
              "director": "Иванов И. И.", "accountant": "Петрова А. А.", "vat_rate": 20, "prices_include_vat": True}


async def make(v: Visitor, kind: str, **values: Any) -> str:
    status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values})
    assert status == 200, body
    return str(body["id"])


@contextlib.contextmanager
def a_pc(office_server: ServerProcess, tmp_path: Path) -> Iterator[Replica]:
    """A PC logged in as the administrator, syncing by itself."""
    replica = Replica(tmp_path / "pc")
    engine = None
    try:
        login(replica, office_server.address, "admin", "admin-pass-1")
        engine = SyncEngine(replica, min_delay=0.1, max_delay=0.5)
        engine.start()
        assert wait_for(lambda: engine is not None and engine.status.state == "online")
        yield replica
    finally:
        if engine is not None:
            engine.stop()
        replica.close()


def test_figures_deals_invoices_a_payment_and_a_stage(office_server: ServerProcess, tmp_path: Path) -> None:
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

            assert card["forms"] == ["invoice", "act", "upd"]
            # no requisites yet: the link opens a page saying why, in the page's language
            status, page, r = await v.call("GET", f"/api/record/{invoice}/pdf/invoice?lang=ru")
            assert status == 409 and r.headers["Content-Type"].startswith("text/html")
            assert "Реквизиты организации не заполнены" in page.decode() and f"#/r/{invoice}" in page.decode()
            assert (await v.call("GET", f"/api/record/{invoice}/pdf/nothing"))[0] == 404
    run(visit())

    with a_pc(office_server, tmp_path) as pc:  # the office fills its requisites in the window, as offices do
        pc.add("requisites", REQUISITES, rec_id=REQUISITES_ID)

        async def printed() -> None:
            async with Visitor(office_server.web_url, office_server.data_dir) as v:
                assert await v.login() == 200
                invoice = next(r["id"] for r in (await v.call("GET", "/api/sales"))[1]["invoices"])
                for _ in range(50):
                    status, pdf, r = await v.call("GET", f"/api/record/{invoice}/pdf/invoice")
                    if status == 200:
                        break
                    await asyncio.sleep(0.2)
                assert status == 200 and r.headers["Content-Type"] == "application/pdf" and pdf[:5] == b"%PDF-"
                text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
                assert "С-1" in text and "ООО Ромашка" in text and "ООО «Поставщик»" in text, text
                assert "3 500,00" in text or "3500,00" in text, text
                status, pdf, _ = await v.call("GET", f"/api/record/{invoice}/pdf/act")
                assert status == 200 and pdf[:5] == b"%PDF-"
                org = next(c["v"] for c in (await v.call("GET", f"/api/record/{invoice}"))[1]["fields"]
                           if c["f"]["key"] == "organization")
                card = (await v.call("GET", f"/api/record/{org}"))[1]
                assert card["forms"] == ["reconciliation"]  # this year's reconciliation statement
                status, pdf, _ = await v.call("GET", f"/api/record/{org}/pdf/reconciliation")
                assert status == 200 and pdf[:5] == b"%PDF-"
        run(printed())


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
        # a viewer may print; an invoice without lines cannot be, and the link opens a page saying so, in English
        link = page.get_attribute("a:has-text('Bill to pay (PDF)')", "href")
        status, text = page.evaluate("async u => { const r = await fetch(u); return [r.status, await r.text()]; }",
                                     link)
        assert status == 409 and "The invoice has no lines: add the goods or services first." in text

    async def forced() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login("vera", "vera-pass-1") == 200
            status, body, _ = await v.call("POST", "/api/records", {"kind": "payment", "values": {
                "invoice": invoice, "date": date.today().isoformat(), "amount": 5}})
            assert status == 409 and body["error"] == "refused"
            status, body, _ = await v.call("POST", f"/api/record/{invoice}", {"changes": {"note": "x"}})
            assert status == 409
    run(forced())
