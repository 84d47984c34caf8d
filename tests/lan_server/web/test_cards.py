"""A card and a new record in the browser as in the window: a sales document titled in the page's language (not the
server's), and a new record starting with the window's values (Менеджер / Исполнитель its maker, a sales document
dated today), on the form at phone size and in what the server makes of a form that leaves them out; a colleague in a
user field (Менеджер, Исполнитель) shown and picked by name, kept as the login the window keeps."""

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


def _colleagues(office_server: ServerProcess) -> None:
    office_server.add_user("olga", "olga-pass-1", full_name="Ольга Петрова")
    office_server.add_user("boris", "boris-pass-1", full_name="Борис Гуров")
    r = office_server.manage("user", "disable", str(office_server.data_dir), "boris")  # he has left the office
    assert r.returncode == 0, r.stderr


def test_a_user_field_names_colleagues_and_keeps_their_login(office_server: ServerProcess) -> None:
    _colleagues(office_server)

    async def visit() -> dict[str, Any]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            ru = {"X-Organizer-Lang": "ru"}
            made = {}
            for manager in ("olga", "boris"):
                status, made[manager], _ = await v.call("POST", "/api/records", {
                    "kind": "contact", "values": {"name": f"Клиент {manager}", "manager": manager}})
                assert status == 200, made[manager]
            _, kinds, _ = await v.call("GET", "/api/kinds", headers=ru)
            _, card, _ = await v.call("GET", f"/api/record/{made['olga']['id']}", headers=ru)
            _, former, _ = await v.call("GET", f"/api/record/{made['boris']['id']}", headers=ru)
            status, task, _ = await v.call("POST", "/api/records", {"kind": "task", "values": {
                "title": "Позвонить клиенту", "assignee": "olga"}})
            assert status == 200, task
            _, found, _ = await v.call("GET", "/api/search?kind=task&q=Позвонить", headers=ru)
            _, history, _ = await v.call("GET", f"/api/record/{made['olga']['id']}/history", headers=ru)
            return {"kinds": kinds, "card": card, "former": former, "found": found, "history": history}
    seen = run(visit())
    # Whom the field may be given to: who may log in, by name (the built-in administrator's in Russian), А to Я
    assert seen["kinds"]["people"] == [{"login": "admin", "name": "Администратор"},
                                       {"login": "olga", "name": "Ольга Петрова"}]
    assert seen["card"]["people"] == seen["kinds"]["people"]
    manager = next(c for c in seen["card"]["fields"] if c["f"]["key"] == "manager")
    assert (manager["v"], manager["t"]) == ("olga", "Ольга Петрова")  # stored as the window stores it
    manager = next(c for c in seen["former"]["fields"] if c["f"]["key"] == "manager")
    assert (manager["v"], manager["t"]) == ("boris", "Борис Гуров")  # a former colleague's records still name him
    cells = [c for g in seen["found"]["groups"] for r in g["rows"] for c in r["cells"] if c["f"]["key"] == "assignee"]
    assert [(c["v"], c["t"]) for c in cells] == [("olga", "Ольга Петрова")]  # a list's row names her too
    entry = next(e for e in seen["history"]["entries"] if e["f"]["key"] == "manager")
    assert (entry["t"], entry["user"], entry["by"]) == ("Ольга Петрова", "admin", "Администратор")


@pytest.mark.browser
def test_a_phone_picks_the_manager_by_name(office_server: ServerProcess, tmp_path) -> None:
    _colleagues(office_server)
    with browser(office_server.data_dir / "server.crt") as launched:
        page = phone(launched)
        log_in(page, office_server.web_url)
        page.goto(office_server.web_url + "#/new/contact")
        page.wait_for_selector("#f-manager")
        assert page.input_value("#f-manager") == "admin"  # the maker, as the window starts it
        assert page.eval_on_selector("#f-manager", "e => e.selectedOptions[0].textContent") == "Администратор"
        assert page.eval_on_selector_all("#f-manager option", "os => os.map(o => o.textContent)") == [
            "—", "Администратор", "Ольга Петрова"]
        page.fill("#f-name", "Анна Ёлкина")
        page.select_option("#f-manager", label="Ольга Петрова")
        page.screenshot(path=str(tmp_path / "new-contact-manager.png"), full_page=True)
        page.click("button.primary")
        page.wait_for_selector("h1:has-text('Анна Ёлкина')")
        page.wait_for_selector(".field:has-text('Ольга Петрова')")
        assert "olga" not in page.inner_text("#view")
        page.screenshot(path=str(tmp_path / "contact-manager.png"), full_page=True)
        rec = page.url.rsplit("/", 1)[1]

        async def stored() -> Any:
            async with Visitor(office_server.web_url, office_server.data_dir) as v:
                assert await v.login() == 200
                _, card, _ = await v.call("GET", f"/api/record/{rec}")
                return next(c["v"] for c in card["fields"] if c["f"]["key"] == "manager")
        assert run(stored()) == "olga"
        assert page.inner_text(".who") == "Администратор"  # the one logged in, named as the window names him
        assert not page.errors
