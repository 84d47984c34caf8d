"""A card and a new record in the browser as in the window: a sales document titled in the page's language (not the
server's), and a new record starting with the window's values (Менеджер / Исполнитель its maker, a sales document
dated today), on the form at phone size and in what the server makes of a form that leaves them out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.lan_server.web.browser import browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess


def test_a_sales_document_is_titled_in_the_pages_language_and_starts_as_in_the_window(
        office_server: ServerProcess) -> None:
    today = date.today()
    async def visit() -> dict[str, Any]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            status, kinds, _ = await v.call("GET", "/api/kinds")
            assert status == 200
            starts = {k["key"]: k["starts"] for k in kinds["kinds"]}
            status, made, _ = await v.call("POST", "/api/records", {"kind": "contract", "values": {"number": "12"}})
            assert status == 200, made
            cards = {}
            for lang in ("ru", "en"):
                status, cards[lang], _ = await v.call("GET", f"/api/record/{made['id']}",
                                                      headers={"X-Organizer-Lang": lang})
                assert status == 200
            status, found, _ = await v.call("GET", "/api/search?kind=contract&q=12",
                                            headers={"X-Organizer-Lang": "ru"})
            assert status == 200
            return {"starts": starts, "cards": cards, "found": found}
    seen = run(visit())
    assert seen["starts"]["invoice"] == {"assignee": "admin", "date": today.isoformat()}
    assert seen["starts"]["task"] == {"assignee": "admin"} and seen["starts"]["note"] == {}
    ru, en = seen["cards"]["ru"], seen["cards"]["en"]
    assert ru["title"] == f"Договор № 12 от {today:%d.%m.%Y}", ru["title"]
    assert en["title"].startswith("Contract No. 12 of "), en["title"]
    fields = {c["f"]["key"]: c["v"] for c in ru["fields"]}
    assert fields["date"] == today.isoformat()  # the form left it out: dated today, as the window dates it
    assert [r["title"] for g in seen["found"]["groups"] for r in g["rows"]] == [ru["title"]]


@pytest.mark.browser
def test_the_new_invoice_form_at_phone_size_starts_dated_today_and_mine(office_server: ServerProcess,
                                                                       tmp_path) -> None:
    with browser(office_server.data_dir / "server.crt") as launched:
        page = phone(launched)
        log_in(page, office_server.web_url)
        page.goto(office_server.web_url + "#/new/invoice")
        page.wait_for_selector("#f-date")
        assert page.input_value("#f-date") == date.today().isoformat()
        assert page.input_value("#f-assignee") == "admin"
        page.screenshot(path=str(tmp_path / "new-invoice.png"), full_page=True)
        assert not page.errors
