"""A record's discussion in a real Chromium at phone size against a real server: a comment with an @mention chosen
as typed reaches the mentioned colleague's PC as a notification; a PC's comment shows on the open card at once;
"Acknowledged" reaches the author; markup stays text; a user who may not read the record gets nothing of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.lan_server.web.browser import browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, off_loop, run
from tests.servers import ServerProcess, client

pytestmark = pytest.mark.browser


@pytest.fixture
def office(office_server: ServerProcess) -> Iterator[tuple[ServerProcess, str]]:
    office_server.add_user("olga", "olga-pass-1", full_name="Ольга Петрова")
    office_server.manage("role", str(office_server.data_dir), "sales", "--read", "own", "--edit", "own")
    office_server.add_user("ivan", "ivan-pass-1", "sales", full_name="Иван Сидоров")

    async def fill() -> str:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            status, body, _ = await v.call("POST", "/api/records", {"kind": "contact", "values": {
                "name": "Орлова Анна", "city": "Тверь", "manager": "olga"}})
            assert status == 200, body
            return str(body["id"])
    yield office_server, run(fill())


@pytest.fixture
def chromium(office: tuple[ServerProcess, str]) -> Iterator[Any]:
    with browser(office[0].data_dir / "server.crt") as launched:
        yield launched


def test_a_comment_from_a_phone_notifies_a_pc_and_a_pcs_comment_shows_on_the_card(
        office: tuple[ServerProcess, str], chromium: Any, tmp_path: Path) -> None:
    server, rec = office
    olga_pc = tmp_path / "olga"
    login = off_loop(client, olga_pc, "login", server.address, "--user", "olga", "--password", "olga-pass-1")
    assert login.returncode == 0, login.stderr
    page = phone(chromium)
    log_in(page, server.web_url)
    page.goto(f"{server.web_url}#/r/{rec}")
    page.wait_for_selector("#talk h2:text('Обсуждение')")
    page.wait_for_selector("#talk li:text('Комментариев пока нет.')")
    page.click("#talk textarea")
    page.keyboard.type("@Оль")
    page.click("#talk .offer button:has-text('Ольга Петрова')")  # offered as typed
    page.keyboard.type("позвони Орловой <b>до пятницы</b>")
    page.click("#talk button:has-text('Отправить')")
    page.wait_for_selector("#talk .mention:text('@Ольга Петрова')")
    assert "<b>до пятницы</b>" in page.inner_text("#talk .text")  # markup stays text

    notes = json.loads(off_loop(client, olga_pc, "notifications", "--json").stdout)
    assert [(n["type"], n["from"], n["record"]) for n in notes] == [("mention", "admin", rec)]
    cid = notes[0]["id"]
    assert off_loop(client, olga_pc, "ack", cid).returncode == 0
    page.wait_for_selector("#talk .sub:text('Прочитали: Ольга Петрова ✓')")  # live: the author sees it

    r = off_loop(client, olga_pc, "comment", rec, "Позвонила, ждёт счёт", "--reply-to", cid)
    assert r.returncode == 0, r.stderr
    page.wait_for_selector("#talk .text:text('Позвонила, ждёт счёт')")  # a PC's comment, live on the card
    assert "Ответ на Administrator" in page.inner_text("#talk")


def test_the_discussion_api_keeps_to_the_rights(office: tuple[ServerProcess, str]) -> None:
    server, rec = office

    async def scenario() -> None:
        async with Visitor(server.web_url, server.data_dir) as admin, Visitor(server.web_url, server.data_dir) as ivan:
            assert await admin.login() == 200
            status, body, _ = await admin.call("POST", f"/api/record/{rec}/comments", {"text": "@ivan тайна"})
            assert status == 200 and body["comments"][0]["text"] == [["mention", "Иван Сидоров"], ["text", " тайна"]]
            assert await ivan.login("ivan", "ivan-pass-1") == 200
            status, body, _ = await ivan.call("GET", f"/api/record/{rec}/comments")
            assert status == 404  # not his record: nothing of it, the mention included
            status, body, _ = await ivan.call("POST", f"/api/record/{rec}/comments", {"text": "влезу"})
            assert status == 404
            cid = (await admin.call("GET", f"/api/record/{rec}/comments"))[1]["comments"][0]["id"]
            status, body, _ = await ivan.call("POST", f"/api/comment/{cid}/read", {"ack": True})
            assert status == 404
            status, body, _ = await admin.call("POST", f"/api/record/{rec}/comments", {"text": "  "})
            assert status == 400
            status, body, _ = await admin.call("POST", f"/api/record/{rec}/comments", {"text": "x" * 20_000})
            assert status == 400
    run(scenario())
