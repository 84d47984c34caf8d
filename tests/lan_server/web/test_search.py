"""Quick search from a browser runs the store's own search on the server: the window's rules, and nothing a user may
not read (a role that reads only its own clients finds only those)."""

from __future__ import annotations

from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess


async def make(v: Visitor, kind: str, **values: object) -> str:
    status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values})
    assert status == 200, body
    return str(body["id"])


def titles(found: dict) -> list[str]:
    return [row["title"] for group in found["groups"] for row in group["rows"]]


def test_search_follows_the_windows_rules(office_server: ServerProcess) -> None:
    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            org = await make(v, "organization", name="ООО Ромашка", city="Тверь")
            await make(v, "contact", name="Пётр Иванов", phone="+7 (916) 555-12-34", organization=org)
            await make(v, "contact", name="Анна Смирнова", city="Тверь")
            # "тверь": the organization in Тверь, and its people too (the window finds them through it)
            for typed, expected in [("пётр", ["Пётр Иванов"]),
                                    ("петр", ["Пётр Иванов"]),
                                    ("89165551234", ["Пётр Иванов"]), ("555-12-34", ["Пётр Иванов"]),
                                    ("иванов ромашка", ["Пётр Иванов"]),
                                    ("тверь", ["ООО Ромашка", "Анна Смирнова", "Пётр Иванов"]),
                                    ("смир", ["Анна Смирнова"]), ("нет-такого", [])]:
                status, found, _ = await v.call("GET", "/api/search?q=" + typed)
                assert status == 200 and titles(found) == expected, (typed, found)
            status, found, _ = await v.call("GET", "/api/search?q=" + "x" * 500)
            assert status == 400
    run(visit())


def test_search_finds_only_what_the_user_may_read(office_server: ServerProcess) -> None:
    r = office_server.manage("role", str(office_server.data_dir), "own", "--kind", "contact", "--read", "own",
                             "--edit", "own")
    assert r.returncode == 0, r.stderr
    office_server.add_user("olga", "olga-pass-1", role="own")

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as admin, \
                Visitor(office_server.web_url, office_server.data_dir) as olga:
            assert await admin.login() == 200 and await olga.login("olga", "olga-pass-1") == 200
            theirs = await make(admin, "contact", name="Клиент Админа", city="Омск")
            await make(olga, "contact", name="Клиент Ольги", city="Омск")
            status, found, _ = await olga.call("GET", "/api/search?q=омск")
            assert titles(found) == ["Клиент Ольги"]
            status, _, _ = await olga.call("GET", f"/api/record/{theirs}")
            assert status == 404
            status, _, _ = await olga.call("GET", f"/api/record/{theirs}/history")
            assert status == 404
            status, found, _ = await admin.call("GET", "/api/search?q=омск")
            assert sorted(titles(found)) == ["Клиент Админа", "Клиент Ольги"]
    run(visit())
