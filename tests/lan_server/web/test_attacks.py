"""Hostile requests against the pages' API, sent as a script would send them (not as the page would): someone else's
record ids on every route, a record one may read but not change, a token of another session, an oversized change,
and the open session of a user who has just been disabled or demoted. Each gets nothing and changes nothing, and a
refusal is said in the page's language."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lan_server.web import listener
from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess


async def make(v: Visitor, kind: str, **values: Any) -> str:
    status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values})
    assert status == 200, body
    return str(body["id"])


async def value(v: Visitor, rec: str, key: str) -> Any:
    status, card, _ = await v.call("GET", f"/api/record/{rec}")
    assert status == 200, card
    return next(c["v"] for c in card["fields"] if c["f"]["key"] == key)


def test_someone_elses_record_ids_get_nothing_on_any_route(office_server: ServerProcess) -> None:
    for kind in ("contact", "invoice"):
        r = office_server.manage("role", str(office_server.data_dir), "own", "--kind", kind, "--read", "own",
                                 "--edit", "own")
        assert r.returncode == 0, r.stderr
    office_server.add_user("olga", "olga-pass-1", role="own")

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as admin, \
                Visitor(office_server.web_url, office_server.data_dir) as olga:
            assert await admin.login() == 200 and await olga.login("olga", "olga-pass-1") == 200
            theirs = await make(admin, "contact", name="Клиент Админа", phone="+7 900 000-00-01")
            invoice = await make(admin, "invoice", number="С-9", date=date.today().isoformat())
            for path in (f"/api/record/{theirs}", f"/api/record/{theirs}/history",
                         f"/api/record/{theirs}/picture/photo", f"/api/record/{theirs}/comments",
                         f"/api/record/{invoice}", f"/api/record/{invoice}/pdf/invoice",
                         f"/api/record/{invoice}/pdf/act", "/api/record/no-such-id", "/api/record/..%2f..%2fetc"):
                status, body, _ = await olga.call("GET", path)
                assert status == 404, (path, status, body)
                assert "Клиент Админа" not in str(body) and "С-9" not in str(body)
            # a change to it, or a record of hers pointing at it, is refused as if it did not exist
            status, body, _ = await olga.call("POST", f"/api/record/{theirs}", {"changes": {"name": "Моё"}})
            assert status == 404, body
            status, body, _ = await olga.call("POST", "/api/records", {"kind": "task", "values": {
                "title": "Позвонить", "contact": theirs}})
            assert status == 400 and body["field"] == "contact" and body["code"] == "no_record", body
            status, body, _ = await olga.call("POST", "/api/records", {"kind": "payment", "values": {
                "invoice": invoice, "date": date.today().isoformat(), "amount": 1}})
            assert status in (400, 409), body
            status, body, _ = await olga.call("POST", f"/api/record/{theirs}/comments", {"text": "влезу"})
            assert status == 404
            # a section the page never offers, and the office's own settings records, are not reachable by id
            status, body, _ = await olga.call("POST", "/api/records", {"kind": "_schema", "values": {"x": 1}})
            assert status == 404
            assert await value(admin, theirs, "name") == "Клиент Админа"
            status, found, _ = await admin.call("GET", f"/api/record/{invoice}")
            assert status == 200 and found["title"]
    run(visit())


def test_a_record_one_may_read_but_not_change_is_refused_in_the_pages_language(office_server: ServerProcess) -> None:
    r = office_server.manage("role", str(office_server.data_dir), "peek", "--kind", "contact", "--read", "all",
                             "--edit", "own")
    assert r.returncode == 0, r.stderr
    office_server.add_user("olga", "olga-pass-1", role="peek")

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as admin, \
                Visitor(office_server.web_url, office_server.data_dir) as olga:
            assert await admin.login() == 200 and await olga.login("olga", "olga-pass-1") == 200
            theirs = await make(admin, "contact", name="Клиент Админа")
            status, card, _ = await olga.call("GET", f"/api/record/{theirs}")
            assert status == 200 and not card["editable"]
            for lang, words in (("ru", "ваша роль (peek) не позволяет изменять эту запись"),
                                ("en", "your role (peek) may not change this record")):
                status, body, _ = await olga.call("POST", f"/api/record/{theirs}", {"changes": {"name": "Моё"}},
                                                  headers={"X-Organizer-Lang": lang})
                assert status == 409 and body["reasons"] == [words], body
            status, body, _ = await olga.call("POST", "/api/records", {"kind": "contact", "values": {
                "name": "Её клиент", "birthday": "вчера"}}, headers={"X-Organizer-Lang": "ru"})
            assert status == 400 and body["field"] == "birthday" and body["code"] == "no_date", body
            assert body["message"] == "это не дата"
            assert await value(admin, theirs, "name") == "Клиент Админа"
    run(visit())


def test_another_sessions_token_and_an_oversized_change_do_nothing(office_server: ServerProcess) -> None:
    office_server.add_user("olga", "olga-pass-1")

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as admin, \
                Visitor(office_server.web_url, office_server.data_dir) as olga:
            assert await admin.login() == 200 and await olga.login("olga", "olga-pass-1") == 200
            rec = await make(admin, "contact", name="Клиент")
            own = admin.csrf
            admin.csrf = olga.csrf  # a token that is real, but another session's
            status, body, _ = await admin.call("POST", f"/api/record/{rec}", {"changes": {"name": "Чужой"}})
            assert status == 403 and body["error"] == "csrf"
            admin.csrf = own
            huge = b'{"changes": {"note": "' + b"x" * (listener.MAX_BODY + 10) + b'"}}'
            status, body, _ = await admin.call("POST", f"/api/record/{rec}", raw=huge)
            assert status == 413
            status, body, _ = await admin.call("POST", f"/api/record/{rec}", {"changes": {"name": ["список"]}})
            assert status == 400
            assert await value(admin, rec, "name") == "Клиент"
            assert await value(admin, rec, "note") in (None, "")
    run(visit())


@pytest.mark.parametrize("change", [("user", "disable", "{data}", "olga"),
                                    ("user", "role", "{data}", "olga", "--role", "viewer")])
def test_a_disabled_or_demoted_users_open_session_changes_nothing(office_server: ServerProcess,
                                                                   change: tuple[str, ...]) -> None:
    office_server.add_user("olga", "olga-pass-1")

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as admin, \
                Visitor(office_server.web_url, office_server.data_dir) as olga:
            assert await admin.login() == 200 and await olga.login("olga", "olga-pass-1") == 200
            rec = await make(olga, "contact", name="Клиент Ольги")
            r = office_server.manage(*[a.format(data=office_server.data_dir) for a in change])
            assert r.returncode == 0, r.stderr
            # the session she still holds (cookie and token) is worth nothing from now on
            status, body, _ = await olga.call("POST", f"/api/record/{rec}", {"changes": {"name": "Ушла с базой"}})
            assert status == 401 and body["error"] == "login", body
            assert (await olga.call("GET", f"/api/record/{rec}"))[0] == 401
            assert (await olga.call("GET", "/api/search?q=клиент"))[0] == 401
            assert (await olga.call("POST", "/api/records", {"kind": "contact", "values": {"name": "x"}}))[0] == 401
            assert await value(admin, rec, "name") == "Клиент Ольги"
    run(visit())
