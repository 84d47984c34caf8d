"""Ties made by hand in the browser's card at phone width: a note tied to an organization on a PC shows on both
cards under «… · связь вручную» at once, opens on a tap, and goes when the tie is removed; a colleague who may not
read the other record sees nothing of it; «Связать с…» and «Убрать связь» on the phone tie and untie for the PCs."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from client.core.replica import Replica
from client.core.session import login
from lan_server.records.ties import fields_of, tie_id
from tests.lan_server.web.browser import browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, off_loop, run
from tests.servers import ServerProcess, client

pytestmark = pytest.mark.browser


def made(server: ServerProcess) -> dict[str, str]:
    async def fill() -> dict[str, str]:
        async with Visitor(server.web_url, server.data_dir) as v:
            assert await v.login() == 200
            out = {}
            for key, kind, values in [
                ("org", "organization", {"name": "ООО «Ромашка»", "manager": "admin"}),
                ("note", "note", {"title": "Договорились о скидке", "text": "10% до конца года"}),
            ]:
                status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values})
                assert status == 200, body
                out[key] = body["id"]
            return out
    return run(fill())


def tied_on_a_pc(profile: Path, server: ServerProcess, one: str, other: str, *, removed: bool = False) -> None:
    """A PC ties (or unties) the two records and sends it, as «Связать с…» / «Убрать связь» in its window do."""
    def work() -> None:
        replica = Replica(profile)
        try:
            if replica.meta("server") is None:
                login(replica, server.address, "admin", "admin-pass-1")
            rec = tie_id(one, other)
            assert rec is not None
            if removed:
                replica.delete(rec)
            else:
                replica.add("tie", fields_of(rec), rec_id=rec)
        finally:
            replica.close()
        r = client(profile, "sync")
        assert r.returncode == 0, r.stderr
    off_loop(work)


@pytest.fixture
def chromium(office_server: ServerProcess) -> Iterator[Any]:
    with browser(office_server.data_dir / "server.crt") as launched:
        yield launched


def test_a_tie_shows_on_both_cards_in_the_browser_at_once_and_goes_when_removed(
        office_server: ServerProcess, chromium: Any, tmp_path: Path) -> None:
    ids = made(office_server)
    office_server.manage("role", str(office_server.data_dir), "sales", "--kind", "organization", "--read", "own")
    office_server.add_user("olga", "olga-pass-1", "sales")
    page = phone(chromium)
    log_in(page, office_server.web_url)
    page.goto(office_server.web_url + f"#/r/{ids['org']}")
    page.wait_for_selector("h1:text('ООО «Ромашка»')")
    page.wait_for_selector("body[data-live='on']")
    assert "связь вручную" not in page.inner_text("main")

    tied_on_a_pc(tmp_path / "pc", office_server, ids["note"], ids["org"])
    page.wait_for_selector("h2:text('Заметки · связь вручную')", timeout=5000)  # the open card, at once
    page.click("a:has-text('Договорились о скидке')")
    page.wait_for_selector("h1:text('Договорились о скидке')")
    page.wait_for_selector("h2:text('Организации · связь вручную')")
    assert "ООО «Ромашка»" in page.inner_text("main")

    # olga reads notes but not this organization: the note's card says nothing of the tie.
    other = phone(chromium)
    log_in(other, office_server.web_url, "olga", "olga-pass-1")
    other.goto(office_server.web_url + f"#/r/{ids['note']}")
    other.wait_for_selector("h1:text('Договорились о скидке')")
    other.wait_for_timeout(300)
    assert "связь вручную" not in other.inner_text("main") and "Ромашка" not in other.inner_text("main")

    tied_on_a_pc(tmp_path / "pc", office_server, ids["note"], ids["org"], removed=True)
    page.wait_for_selector("h2:text('Организации · связь вручную')", state="detached", timeout=5000)
    assert "Ромашка" not in page.inner_text("main")

    # Tied from the phone itself: «Связать с…», a few letters, tap the organization; a PC gets the tie.
    page.click("button:has-text('Связать с…')")
    page.fill("input[name=tie]", "ромаш")
    page.click("button.link:has-text('ООО «Ромашка» — Организации')")
    page.wait_for_selector("h2:text('Организации · связь вручную')")
    page.wait_for_selector("text=Связано.")
    assert synced_ties(tmp_path / "pc") == [tie_id(ids["note"], ids["org"])]
    page.click("button.untie:has-text('Убрать связь')")
    page.wait_for_selector("h2:text('Организации · связь вручную')", state="detached")
    assert synced_ties(tmp_path / "pc") == []
    assert not page.errors and not other.errors


def synced_ties(profile: Path) -> list[str]:
    """The ties a PC holds once it has synced."""
    def work() -> list[str]:
        assert client(profile, "sync").returncode == 0
        replica = Replica(profile)
        try:
            return [r.id for r in replica.records("tie")]
        finally:
            replica.close()
    return list(off_loop(work))
