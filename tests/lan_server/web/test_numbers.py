"""A numbered sales document made in a browser is numbered as the window numbers it: its number may be left empty
(the field says it is given when issued, in the page's language), it is a draft holding no number until then, and it
takes the server's next number of the series the window numbers from when it is issued: its bill or contract first
opened as PDF, or (on a PC) an invoice first given a line. A draft never issued spends no number; a number typed by
hand is kept."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from client.core.numbers_now import number_when_lined, take
from lan_server.records.schema import REQUISITES_ID
from lan_server.web.words import WORDS
from tests.lan_server.web.browser import PHONE, browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, run
from tests.lan_server.web.test_sales import REQUISITES, a_pc
from tests.servers import ServerProcess, wait_for


def new_invoice(page: Any, url: str, number: str = "") -> str:
    """An invoice made in the new-record form as a person does it: the number typed or left as it is; its card's
    heading."""
    page.goto(url + "#/new/invoice")
    page.wait_for_selector("form input[name=number]")
    if number:
        page.fill("input[name=number]", number)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "#/r/" in url)
    return str(page.wait_for_selector(".card h1:has-text('Счёт')").inner_text())


def test_a_phones_invoice_is_a_draft_without_a_number_until_it_is_issued(office_server: ServerProcess,
                                                                        tmp_path: Path) -> None:
    shots = Path(os.environ.get("ORGANIZER_SCREENS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with browser(office_server.data_dir / "server.crt") as launched:
        page = phone(launched, "ru")
        log_in(page, office_server.web_url)
        page.goto(office_server.web_url + "#/new/invoice")
        field = page.wait_for_selector("input[name=number]")
        assert field.get_attribute("placeholder") == WORDS["new.numbered"][1] == "присвоится при выставлении"
        assert field.input_value() == ""
        page.screenshot(path=str(shots / "web-ru-new-invoice.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        draft = new_invoice(page, office_server.web_url)
        page.screenshot(path=str(shots / "web-ru-draft-invoice.png"), full_page=True)
        draft_id = page.url.rsplit("/", 1)[1]
        assert "№" not in draft and draft.startswith("Счёт от "), draft  # a draft: no number spent on it
        assert new_invoice(page, office_server.web_url, "С-77").startswith("Счёт № С-77")  # typed by hand: kept
        assert page.errors == [] and page.dialogs == []
    with a_pc(office_server, tmp_path) as replica:
        assert wait_for(lambda: replica.get(draft_id) is not None)
        # The window gives the draft its first line: it is issued now, and takes the series' first number
        replica.add("invoice_line", {"invoice": draft_id, "description": "Бумага", "qty": 2, "price": 300})
        assert number_when_lined(replica, draft_id) == "1"
        bill = replica.add("invoice", {"date": "2026-01-15"})
        assert take(replica, "invoice", bill, "number", timeout=10) == "2"  # the window's next invoice continues


async def number_of(v: Visitor, rec: str) -> Any:
    status, card, _ = await v.call("GET", f"/api/record/{rec}")
    assert status == 200, card
    return next(cell["v"] for cell in card["fields"] if cell["f"]["key"] == "number")


def test_a_browser_document_takes_its_number_when_first_issued_and_a_draft_never_issued_spends_none(
        office_server: ServerProcess, tmp_path: Path) -> None:
    async def make(v: Visitor, kind: str, **values: Any) -> str:
        status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values})
        assert status == 200, body
        return str(body["id"])

    async def drafts() -> tuple[dict[str, str], list[Any]]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            refused = await v.call("POST", "/api/records", {"kind": "invoice", "values": {"date": "someday"}})
            assert refused[0] == 400 and refused[1]["field"] == "date", refused
            made = {"never": await make(v, "invoice"), "lined": await make(v, "invoice", number=""),
                    "typed": await make(v, "invoice", number="Б-5"), "contract": await make(v, "contract")}
            before = [await number_of(v, rec) for rec in made.values()]
            # A bill of a draft with no lines: refused with the reason, and no number taken for it
            status, page, _ = await v.call("GET", f"/api/record/{made['never']}/pdf/invoice?lang=ru")
            assert status == 409 and "нет строк" in page.decode(), page
            await make(v, "invoice_line", invoice=made["lined"], description="Бумага", qty=1, price=500)
            return made, before + [await number_of(v, made["never"]), await number_of(v, made["lined"])]
    made, numbers = run(drafts())
    assert numbers == [None, None, "Б-5", None, None, "1"]  # drafts, until the first line issues the invoice
    with a_pc(office_server, tmp_path) as pc:  # the office fills its requisites in the window
        pc.add("requisites", REQUISITES, rec_id=REQUISITES_ID)
        assert wait_for(lambda: pc.outbox_size() == 0)

    async def printed() -> list[Any]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            numbers = []
            for rec, form in ((made["contract"], "contract"), (made["lined"], "invoice"), (made["typed"], "act")):
                for _ in range(50):  # the PC's requisites reach the pages' reader within a moment
                    status, pdf, _ = await v.call("GET", f"/api/record/{rec}/pdf/{form}")
                    if status != 409 or "requisites" not in pdf.decode(errors="replace"):
                        break
                    await asyncio.sleep(0.2)
                numbers.append(await number_of(v, rec))
                assert form == "act" or (status == 200 and pdf[:5] == b"%PDF-"), (form, pdf[:300])
            return [*numbers, await number_of(v, made["never"])]
    # The contract is issued by its first print, from a series of its own; the invoices keep theirs; the draft
    # never issued holds none
    assert run(printed()) == ["1", "1", "Б-5", None]


def test_a_first_pdf_that_cannot_be_made_and_a_line_on_a_colleagues_invoice_spend_no_number(
        office_server: ServerProcess, tmp_path: Path) -> None:
    office_server.add_user("olga", "olga-pass-1", full_name="Ольга Петрова")
    ru = {"X-Organizer-Lang": "ru"}

    async def made(v: Visitor, kind: str, **values: Any) -> tuple[int, Any]:
        status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values}, headers=ru)
        return status, body

    async def tries() -> list[Any]:
        async with Visitor(office_server.web_url, office_server.data_dir) as admin:
            assert await admin.login() == 200
            contract = (await made(admin, "contract"))[1]["id"]
            invoice = (await made(admin, "invoice"))[1]["id"]  # the administrator's draft
            # The contract's first PDF cannot be made (no requisites): said, and no number spent on it
            status, page, _ = await admin.call("GET", f"/api/record/{contract}/pdf/contract?lang=ru")
            assert status == 409 and "Реквизиты организации" in page.decode(), page
            async with Visitor(office_server.web_url, office_server.data_dir) as olga:
                assert await olga.login("olga", "olga-pass-1") == 200
                # Olga adds a line to the administrator's invoice: the line is saved, the invoice (not hers to
                # change) is not numbered, and the page is told both, in its language
                status, body = await made(olga, "invoice_line", invoice=invoice, description="Бумага", qty=1,
                                          price=500)
                assert status == 200, body
                assert body["note"].startswith("Строка сохранена; номер счёту не присвоен: "), body
                line = (await admin.call("GET", f"/api/record/{body['id']}"))[0]  # the line is there
            return [await number_of(admin, contract), await number_of(admin, invoice), line]
    assert run(tries()) == [None, None, 200]
    with a_pc(office_server, tmp_path) as pc:  # the series start at 1: no number was spent
        invoice = pc.add("invoice", {"date": "2026-01-15"})
        assert take(pc, "invoice", invoice, "number", timeout=10) == "1"
        contract = pc.add("contract", {"date": "2026-01-15"})
        assert take(pc, "contract", contract, "number", timeout=10) == "1"
