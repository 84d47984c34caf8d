"""Document numbers from a real server: concurrent requests, retries, yearly series, provisional offline numbers."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from client.core.connection import Connection
from lan_server.records import new_id
from tests.servers import ServerProcess, client


async def _many(address: str, n: int) -> list[str]:
    conns = []
    for i in range(n):
        c = await Connection.open(address)
        await c.request("login", user="admin", password="admin-pass-1", device=f"pc-{i}")
        conns.append(c)
    try:
        replies = await asyncio.gather(*(c.request("number", series="СЧ", doc=new_id()) for c in conns))
        return [r["number"] for r in replies]
    finally:
        for c in conns:
            await c.close()


def test_twenty_clients_at_once_get_distinct_consecutive_numbers(office_server: ServerProcess) -> None:
    r = office_server.manage("series", str(office_server.data_dir), "add", "СЧ", "--prefix", "СЧ-", "--start", "101")
    assert r.returncode == 0 and "СЧ-0101" in r.stdout, r.stderr
    numbers = asyncio.run(_many(office_server.address, 20))
    assert sorted(numbers) == [f"СЧ-{i:04d}" for i in range(101, 121)]
    listing = office_server.manage("series", str(office_server.data_dir), "list")
    assert "next СЧ-0121" in listing.stdout


async def _retry(address: str) -> tuple[str, str, str]:
    c = await Connection.open(address)
    await c.request("login", user="admin", password="admin-pass-1", device="pc")
    try:
        doc = new_id()
        first = (await c.request("number", series="Д", doc=doc))["number"]
        again = (await c.request("number", series="Д", doc=doc))["number"]  # the answer was lost; ask again
        other = (await c.request("number", series="Д", doc=new_id()))["number"]
        try:
            await c.request("number", series="нет такой", doc=new_id())
            missing = ""
        except Exception as e:
            missing = str(e)
        return first, again, other + "|" + missing
    finally:
        await c.close()


def test_retry_gets_the_same_number_and_no_gaps(office_server: ServerProcess) -> None:
    year = __import__("datetime").date.today().year
    office_server.manage("series", str(office_server.data_dir), "add", "Д", "--prefix", "Д-", "--yearly",
                         "--width", "3")
    first, again, rest = asyncio.run(_retry(office_server.address))
    other, missing = rest.split("|")
    assert first == again == f"Д-{year}-001" and other == f"Д-{year}-002"
    assert "no number series 'нет такой'" in missing


def test_offline_document_gets_a_provisional_number_then_the_real_one(office_server: ServerProcess,
                                                                      tmp_path: Path) -> None:
    office_server.manage("series", str(office_server.data_dir), "add", "ДОГ", "--prefix", "ДОГ-")
    pc = tmp_path / "pc"
    assert client(pc, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                  ).returncode == 0
    online_doc = client(pc, "add", "note", "title=Договор с Ромашкой").stdout.strip()
    r = client(pc, "number", "ДОГ", "--doc", online_doc)
    assert r.returncode != 0 and "has no field 'number'" in r.stderr  # said before any number is taken
    from client.core.replica import Replica
    admin = Replica(pc)
    try:  # the administrator adds the field (Settings > Fields and sections); every PC gets it
        admin.set_field("note", "number", {"type": "text", "label_en": "Number", "label_ru": "Номер"})
    finally:
        admin.close()
    r = client(pc, "number", "ДОГ", "--doc", online_doc)
    assert r.returncode == 0 and r.stdout.strip() == "ДОГ-0001"
    office_server.stop()
    doc = client(pc, "add", "note", "title=Договор с Севером").stdout.strip()
    r = client(pc, "number", "ДОГ", "--doc", doc)
    assert r.returncode == 0 and r.stdout.startswith("ВРЕМ-ДОГ-") and "provisional" in r.stderr
    shown = json.loads(client(pc, "show", doc, "--json").stdout)
    assert shown["fields"]["number"].startswith("ВРЕМ-")  # the user sees it is not final
    office_server.start()
    assert client(pc, "sync").returncode == 0
    shown = json.loads(client(pc, "show", doc, "--json").stdout)
    assert shown["fields"]["number"] == "ДОГ-0002"
    other = tmp_path / "other"
    client(other, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1")
    assert json.loads(client(other, "show", doc, "--json").stdout)["fields"]["number"] == "ДОГ-0002"


def test_the_office_option_restarts_invoice_numbers_each_january(tmp_path: Path, monkeypatch) -> None:
    """The requisites' option: № 1 again in the new year, as Russian offices number; off, the series goes on."""
    import datetime as dt

    from lan_server import numbering
    from lan_server.auth import User
    from lan_server.records import Op, Store, open_database
    from lan_server.records.schema import REQUISITES_ID
    store = Store(open_database(tmp_path / "office.db"), search=False)
    user = User(name="admin", role="admin")
    day = [dt.date(2026, 12, 30)]
    monkeypatch.setattr(numbering, "today", lambda: day[0])

    def take() -> str:
        return numbering.allocate(store, user, "invoice", new_id())["number"]

    def option(on: bool) -> None:
        store.apply([Op(id=new_id(), rec=REQUISITES_ID, kind="requisites", field="numbers_yearly", value=on,
                        hlc=int(dt.datetime.now().timestamp() * 1000) << 16, dev="d", user="admin")])
    assert [take(), take()] == ["1", "2"]
    option(True)
    assert take() == "3"  # switched on in December: the numbering goes on this year
    day[0] = dt.date(2027, 1, 9)
    assert [take(), take()] == ["1", "2"]  # January: № 1 again
    option(False)
    day[0] = dt.date(2028, 1, 9)
    assert take() == "3"


def test_an_invoice_takes_its_number_with_its_first_line(office_server: ServerProcess, tmp_path: Path) -> None:
    """Not only on "Take a number": an invoice saved with a line is numbered by the server, provisionally offline."""
    pc = tmp_path / "pc"
    assert client(pc, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                  ).returncode == 0
    inv = client(pc, "add", "invoice", "date=2026-12-01").stdout.strip()
    assert "number" not in json.loads(client(pc, "show", inv, "--json").stdout)["fields"]  # no line: a draft
    assert client(pc, "add", "invoice_line", f"invoice={inv}", "description=Услуги", "price=100").returncode == 0
    assert json.loads(client(pc, "show", inv, "--json").stdout)["fields"]["number"] == "1"
    client(pc, "add", "invoice_line", f"invoice={inv}", "description=Ещё", "price=5")
    assert json.loads(client(pc, "show", inv, "--json").stdout)["fields"]["number"] == "1"  # kept
    other = client(pc, "add", "invoice", "date=2026-12-02").stdout.strip()
    client(pc, "add", "invoice_line", f"invoice={other}", "description=Услуги", "price=100", "--offline")
    assert json.loads(client(pc, "show", other, "--json").stdout)["fields"]["number"].startswith("ВРЕМ-")
    assert client(pc, "sync").returncode == 0
    assert json.loads(client(pc, "show", other, "--json").stdout)["fields"]["number"] == "2"
