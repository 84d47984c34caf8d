"""A numbered sales document made in a browser: the number may be left empty (the field says it is given when
saved, in the page's language) and the server gives the next one of the same series the window numbers from, with
no gap and no twin; a number typed by hand is kept; a form refused for another field uses up no number."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from client.core.numbers_now import take
from lan_server.web.words import WORDS
from tests.lan_server.web.browser import PHONE, browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, run
from tests.lan_server.web.test_sales import a_pc
from tests.servers import ServerProcess


def new_invoice(page: Any, url: str, number: str = "") -> str:
    """An invoice made in the new-record form as a person does it: the number typed or left as it is; its card's
    heading (the number it got)."""
    page.goto(url + "#/new/invoice")
    page.wait_for_selector("form input[name=number]")
    if number:
        page.fill("input[name=number]", number)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "#/r/" in url)
    heading = str(page.wait_for_selector(".card h1:has-text('№')").inner_text())  # «Счёт № 1 от 06.12.2026»
    found = re.search(r"№ (\S+)", heading)
    assert found, heading
    return found.group(1)


def test_a_phone_leaves_the_number_to_the_server_and_the_window_continues(office_server: ServerProcess,
                                                                          tmp_path: Path) -> None:
    shots = Path(os.environ.get("ORGANIZER_SCREENS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with browser(office_server.data_dir / "server.crt") as launched:
        page = phone(launched, "ru")
        log_in(page, office_server.web_url)
        page.goto(office_server.web_url + "#/new/invoice")
        field = page.wait_for_selector("input[name=number]")
        assert field.get_attribute("placeholder") == WORDS["new.numbered"][1] == "присвоится при сохранении"
        assert field.input_value() == ""
        page.screenshot(path=str(shots / "web-ru-new-invoice.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        first, second = new_invoice(page, office_server.web_url), new_invoice(page, office_server.web_url)
        assert new_invoice(page, office_server.web_url, "С-77") == "С-77"  # typed by hand: kept, takes none
        assert page.errors == [] and page.dialogs == []
    assert (first, second) == ("1", "2")  # the default invoice series: 1, 2, ... (lan_server.numbering)
    with a_pc(office_server, tmp_path) as replica:
        bill = replica.add("invoice", {"date": "2026-01-15"})
        assert take(replica, "invoice", bill, "number", timeout=10) == "3"  # the window's next invoice continues


async def number_of(v: Visitor, rec: str) -> Any:
    status, card, _ = await v.call("GET", f"/api/record/{rec}")
    assert status == 200, card
    return next(cell["v"] for cell in card["fields"] if cell["f"]["key"] == "number")


def test_a_refused_form_uses_up_no_number(office_server: ServerProcess) -> None:
    async def visit() -> list[Any]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            refused = await v.call("POST", "/api/records", {"kind": "invoice", "values": {"date": "someday"}})
            assert refused[0] == 400 and refused[1]["field"] == "date", refused
            numbers = []
            for values in ({}, {"number": ""}, {"number": "Б-5"}, {}):
                status, body, _ = await v.call("POST", "/api/records", {"kind": "invoice", "values": values})
                assert status == 200, body
                numbers.append(await number_of(v, body["id"]))
            contract = await v.call("POST", "/api/records", {"kind": "contract", "values": {}})
            assert contract[0] == 200, contract
            numbers.append(await number_of(v, contract[1]["id"]))
            return numbers
    assert run(visit()) == ["1", "2", "Б-5", "3", "1"]  # contracts number from a series of their own
