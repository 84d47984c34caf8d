"""A record made in a browser is made in one op, as a PC makes it: one row in the server's log, all its fields
under one stamp, and a PC receives it whole; so is a comment written in the browser."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from client.core.replica import Replica
from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess, client


def logged(server: ServerProcess, rec: str) -> list[tuple[str, str]]:
    """(op id, field) of the server's log rows of record `rec`."""
    db = sqlite3.connect(server.data_dir / "organizer.db")
    try:
        return db.execute("SELECT id, field FROM ops WHERE rec = ?", (rec,)).fetchall()
    finally:
        db.close()


def test_a_record_made_in_the_browser_is_one_op_and_a_pc_gets_it_whole(office_server: ServerProcess,
                                                                       tmp_path: Path) -> None:
    async def fill() -> str:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            status, body, _ = await v.call("POST", "/api/records", {"kind": "contact", "values": {
                "name": "Анна Орлова", "city": "Тверь", "email": "anna@example.ru"}})
            assert status == 200, body
            return str(body["id"])
    rec = run(fill())
    assert logged(office_server, rec) == [(rec, "*")]  # the record op's id is its record's
    pc = tmp_path / "pc"
    r = client(pc, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1")
    assert r.returncode == 0, r.stderr
    replica = Replica(pc)
    try:
        got = replica.get(rec)
        assert got is not None and {k: got.fields.get(k) for k in ("name", "city", "email")} == {
            "name": "Анна Орлова", "city": "Тверь", "email": "anna@example.ru"}
    finally:
        replica.close()


def test_a_comment_written_in_the_browser_is_one_op(office_server: ServerProcess) -> None:
    async def write() -> list[dict[str, Any]]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            status, body, _ = await v.call("POST", "/api/records", {"kind": "contact", "values": {"name": "Анна"}})
            assert status == 200, body
            status, thread, _ = await v.call("POST", f"/api/record/{body['id']}/comments",
                                             {"text": "позвонить в пятницу", "reply_to": None})
            assert status == 200, thread
            return list(thread["comments"])
    comments = run(write())
    assert [c["text"] for c in comments] == [[["text", "позвонить в пятницу"]]]
    assert logged(office_server, comments[0]["id"]) == [(comments[0]["id"], "*")]


def test_a_phone_typed_in_the_browser_is_written_as_the_window_writes_it(office_server: ServerProcess,
                                                                         tmp_path: Path) -> None:
    async def fill() -> tuple[dict[str, Any], dict[str, Any]]:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            status, body, _ = await v.call("POST", "/api/records", {"kind": "contact", "values": {
                "name": "Вера Орлова", "phone": "8 916 555 44 33"}})
            assert status == 200, body
            made = dict(body)
            status, body, _ = await v.call("POST", "/api/records", {"kind": "organization", "values": {
                "name": "ООО «Ромашка»", "phone": "8 (4822) 55-66-77 доб. 12"}})
            assert status == 200, body
            return made, dict(body)
    person, firm = run(fill())
    pc = tmp_path / "pc"
    r = client(pc, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1")
    assert r.returncode == 0, r.stderr
    replica = Replica(pc)
    try:
        assert replica.get(person["id"]).fields["phone"] == "+7 916 555-44-33"  # as the window's card writes it
        assert replica.get(firm["id"]).fields["phone"] == "+7 4822 55-66-77 доб. 12"
    finally:
        replica.close()
