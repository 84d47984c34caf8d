"""Every page at phone width (390×844) in both languages: nothing scrolls sideways, no word of the other language
shows, the script raises nothing; a screenshot of each is written (to ORGANIZER_SCREENS when set, for a person to
look at, else to the test's folder)."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from lan_server.web.words import WORDS
from tests.lan_server.web.browser import PHONE, browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess

LATIN = re.compile(r"[A-Za-z]{4,}")
CYRILLIC = re.compile(r"[А-Яа-яЁё]{4,}")


async def make(v: Visitor, kind: str, **values: Any) -> str:
    status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values})
    assert status == 200, body
    return str(body["id"])


def at(delta: timedelta) -> str:
    return (datetime.now().replace(second=0, microsecond=0) + delta).isoformat(timespec="minutes")


@pytest.fixture
def filled(office_server: ServerProcess) -> tuple[ServerProcess, dict[str, str]]:
    """An office with a little of everything, its values in Russian (what users type: the test then checks that
    the page's own words, not the office's values, follow the chosen language)."""
    async def fill() -> dict[str, str]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            today = date.today()
            org = await make(v, "organization", name="ООО Ромашка", phone="+7 495 123-45-67", city="Тверь")
            person = await make(v, "contact", name="Иван Петров", phone="+7 916 555-12-34",
                                email="ivan@romashka.example", organization=org, city="Тверь")
            await make(v, "task", title="Позвонить Ивану", due=at(timedelta(hours=2)), contact=person)
            await make(v, "event", title="Встреча в офисе", when=at(timedelta(days=1)), contact=person)
            await make(v, "deal", title="Бумага на год", organization=org, stage="talks", amount=120000)
            invoice = await make(v, "invoice", number="С-17", date=today.isoformat(), organization=org,
                                 due=(today + timedelta(days=5)).isoformat())
            await make(v, "invoice_line", invoice=invoice, description="Бумага А4", qty=10, price=350)
            await make(v, "payment", invoice=invoice, date=today.isoformat(), amount=1500)
            return {"person": person, "invoice": invoice}
    return office_server, run(fill())


def words_of(page: Any) -> str:
    """The page's own text, without the office's values (which stay as typed): titles, values and inputs out."""
    return str(page.evaluate("""() => {
        const copy = document.body.cloneNode(true);
        copy.querySelectorAll('.title, .value, .sub, h1, input, textarea, select, option, a[href^="#/r/"], '
                              + 'a[href^="tel:"], a[href^="mailto:"], .brand, .who, noscript')
            .forEach(e => e.remove());
        return copy.innerText;
    }"""))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_page_fits_a_phone_in_its_language(filled: tuple[ServerProcess, dict[str, str]], lang: str,
                                                tmp_path: Path) -> None:
    server, made = filled
    shots = Path(os.environ.get("ORGANIZER_SCREENS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    other = CYRILLIC if lang == "en" else LATIN
    allowed = {"PDF", "Organizer", "mailto", "https"}
    with browser(server.data_dir / "server.crt") as launched:
        page = phone(launched, lang)
        page.goto(server.web_url)
        page.wait_for_selector("input[name=user]")
        pages: list[tuple[str, str, str]] = [("login", "", "input[name=user]")]
        page.screenshot(path=str(shots / f"web-{lang}-01-login.png"))
        log_in(page, server.web_url)
        pages = [("02-search", "#/?q=тверь", "li a .title"),
                 ("03-card", f"#/r/{made['person']}", "h1"),
                 ("05-new", "#/new/contact", "form"),
                 ("06-day", "#/day", "main li"),
                 ("07-sales", "#/sales", ".figures"),
                 ("08-invoice", f"#/r/{made['invoice']}", "form.pay")]
        for name, where, ready in pages:
            page.goto(server.web_url + where)
            page.wait_for_selector(ready)
            page.wait_for_timeout(300)  # the last answers drawn
            page.screenshot(path=str(shots / f"web-{lang}-{name}.png"), full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (name, width)
            stray = set(other.findall(words_of(page))) - allowed
            assert not stray, (name, lang, stray)
            if name == "03-card":
                page.click(f"button:has-text('{WORDS['card.edit'][0 if lang == 'en' else 1]}')")
                page.wait_for_selector("input, textarea")
                page.screenshot(path=str(shots / f"web-{lang}-04-edit.png"), full_page=True)
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.errors == [] and page.dialogs == []
