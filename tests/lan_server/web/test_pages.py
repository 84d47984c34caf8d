"""The browser pages in a real Chromium at phone size against a real server: log in, search as you type, open a
card, edit it (a PC sees the edit, history names the browser), watch a PC's change arrive, read what was seen
offline, and a contact named like markup stays text."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.lan_server.web.browser import browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, off_loop, run
from tests.servers import ServerProcess, client

pytestmark = pytest.mark.browser
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def office(office_server: ServerProcess) -> Iterator[tuple[ServerProcess, dict[str, str]]]:
    """The server with an organization and two contacts made through the web port's API."""
    async def fill() -> dict[str, str]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            made = {}
            for key, kind, values in [
                ("org", "organization", {"name": "ООО Ромашка", "phone": "+7 495 123-45-67", "city": "Тверь"}),
                ("ivan", "contact", {"name": "Иван Петров", "phone": "+7 916 555-12-34", "email": "ivan@example.ru",
                                     "city": "Тверь"}),
                ("xss", "contact", {"name": XSS, "city": "Москва", "note": XSS}),
            ]:
                if key == "ivan":
                    values["organization"] = made["org"]
                status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values})
                assert status == 200, body
                made[key] = body["id"]
            return made
    yield office_server, run(fill())


@pytest.fixture
def chromium(office: tuple[ServerProcess, dict[str, str]]) -> Iterator[Any]:
    """Chromium trusting this test's office certificate (each server has its own), closed with the test."""
    with browser(office[0].data_dir / "server.crt") as launched:
        yield launched


def test_log_in_search_open_edit_and_a_pc_sees_it(office: tuple[ServerProcess, dict[str, str]],
                                                  chromium: Any, tmp_path: Path) -> None:
    server, made = office
    page = phone(chromium)
    log_in(page, server.web_url)
    assert page.title() == "Органайзер"  # the tab in the page's language
    page.fill("input[name=q]", "тверь ромашка")  # a person's and an organization's words together
    page.wait_for_selector("#results[data-q='тверь ромашка'] li")
    assert "Иван Петров" in page.inner_text("#results")
    page.fill("input[name=q]", "9165551234")  # a phone typed any way
    page.wait_for_selector("#results[data-q='9165551234'] li")
    assert "Иван Петров" in page.inner_text("#results")
    page.click("#results a")
    page.wait_for_selector("h1:text('Иван Петров')")
    assert page.get_attribute("a[href^='tel:']", "href") == "tel:+79165551234"
    assert page.get_attribute("a[href^='mailto:']", "href") == "mailto:ivan@example.ru"
    assert page.get_attribute("a[href^='#/r/']", "href") == f"#/r/{made['org']}"
    page.click("button:has-text('Изменить')")
    page.fill("#f-city", "Казань")
    page.click("button:has-text('Сохранить')")
    page.wait_for_selector("text=Сохранено.")
    assert "Казань" in page.inner_text("main")

    pc = tmp_path / "pc"
    login = off_loop(client, pc, "login", server.address, "--user", "admin", "--password", "admin-pass-1")
    assert login.returncode == 0, login.stderr
    listed = json.loads(off_loop(client, pc, "list", "contact", "--json").stdout)
    assert {c["fields"]["name"]: c["fields"].get("city") for c in listed}["Иван Петров"] == "Казань"

    page.click("button:has-text('История')")
    page.wait_for_selector("text=Город: Казань")
    assert "Администратор (браузер)" in page.inner_text("main")  # who changed it, by name
    assert not page.errors


def test_a_value_like_markup_is_shown_as_text(office: tuple[ServerProcess, dict[str, str]],
                                              chromium: Any) -> None:
    server, made = office
    page = phone(chromium)
    log_in(page, server.web_url)
    page.fill("input[name=q]", "москва")
    page.wait_for_selector("#results[data-q='москва'] li")
    assert XSS in page.inner_text("#results")
    page.goto(server.web_url + f"#/r/{made['xss']}")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == XSS and XSS in page.inner_text("main")
    assert page.evaluate("document.querySelectorAll('main img').length") == 0
    page.wait_for_timeout(300)
    assert page.dialogs == [] and not page.errors


def test_a_pcs_change_shows_on_the_open_card_at_once(office: tuple[ServerProcess, dict[str, str]],
                                                     chromium: Any, tmp_path: Path) -> None:
    server, made = office
    page = phone(chromium)
    log_in(page, server.web_url)
    page.goto(server.web_url + f"#/r/{made['ivan']}")
    page.wait_for_selector("h1:text('Иван Петров')")
    page.wait_for_selector("body[data-live='on']")
    pc = tmp_path / "pc"
    login = off_loop(client, pc, "login", server.address, "--user", "admin", "--password", "admin-pass-1")
    assert login.returncode == 0, login.stderr
    r = off_loop(client, pc, "set", made["ivan"], "city=Сочи")
    assert r.returncode == 0, r.stderr
    start = time.monotonic()
    page.wait_for_selector("main :text('Сочи')", timeout=5000)
    assert time.monotonic() - start < 2.0


def test_what_was_seen_stays_readable_offline_and_edits_are_refused(office: tuple[ServerProcess, dict[str, str]],
                                                                    chromium: Any) -> None:
    server, made = office
    page = phone(chromium)
    log_in(page, server.web_url)
    page.goto(server.web_url + f"#/r/{made['ivan']}")
    page.wait_for_selector("h1:text('Иван Петров')")
    page.goto(server.web_url + f"#/r/{made['org']}")
    page.wait_for_selector("h1:text('ООО Ромашка')")
    page.context.set_offline(True)
    page.goto(server.web_url + f"#/r/{made['ivan']}")  # the page itself from the service worker's copy
    page.wait_for_selector("h1:text('Иван Петров')")
    assert "Нет связи" in page.inner_text("#notice")
    page.click("button:has-text('Изменить')")
    page.fill("#f-city", "Омск")
    page.click("button:has-text('Сохранить')")
    page.wait_for_selector("p.error:has-text('Не сохранено: нет связи')")
    page.context.set_offline(False)
