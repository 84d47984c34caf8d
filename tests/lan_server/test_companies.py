"""Several companies on one server process: each with its own data, users and numbers; nothing crosses over."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from client.core import companies
from client.core.connection import Connection
from client.core.errors import AuthError, ServerError
from client.core.replica import Replica
from tests.servers import ADMIN_PASSWORD, ServerProcess, client


def _rows(profile: Path, *args: str) -> list[str]:
    r = client(profile, *args, "list", "contact")
    assert r.returncode == 0, r.stderr
    return sorted(line.split("  ", 1)[1] for line in r.stdout.splitlines() if "  " in line)


@pytest.fixture
def two_companies(tmp_path: Path):
    server = ServerProcess(tmp_path / "server")
    data = str(server.data_dir)
    made = server.manage("init", data, "--company", "ООО Ромашка", "--admin-password", "romashka-pass-1")
    assert made.returncode == 0, made.stderr
    assert "ООО Ромашка" in made.stdout
    added = server.manage("user", "add", data, "anna", "--password", "anna-pass-1", "--company", "ромашка")
    assert added.returncode == 0, added.stderr
    try:
        yield server.start()
    finally:
        server.kill()


def test_each_company_is_its_own_office_on_one_server(two_companies: ServerProcess, tmp_path: Path) -> None:
    server, pc = two_companies, tmp_path / "pc"
    login = ("login", server.address, "--user")
    # A PC that does not say which company is told the choice, in its language.
    r = client(pc, "--lang", "ru", *login, "admin", "--password", ADMIN_PASSWORD)
    assert r.returncode == 2 and "несколько организаций" in r.stderr
    assert "Test office" in r.stderr and "ООО Ромашка" in r.stderr

    # One PC holds a copy of each, kept apart; commands work in the one last logged in to, or the one named.
    assert client(pc, *login, "admin", "--password", ADMIN_PASSWORD, "--company", "test office").returncode == 0
    assert client(pc, "add", "contact", "name=Клиент главной").returncode == 0
    assert client(pc, "--company", "ромашка", *login, "anna", "--password", "anna-pass-1").returncode == 0
    assert client(pc, "add", "contact", "name=Клиент Ромашки").returncode == 0  # in Ромашка now
    assert client(pc, "sync").returncode == 0
    assert client(pc, "--company", "Test office", "sync").returncode == 0
    assert _rows(pc, "--company", "Test office") == ["Клиент главной"]
    assert _rows(pc) == ["Клиент Ромашки"]
    index = json.loads((pc / "companies.json").read_text(encoding="utf-8"))
    assert sorted(e["name"] for e in index["copies"].values()) == ["Test office", "ООО Ромашка"]
    r = client(pc, "--lang", "ru", "--company", "Нет такой", "list", "contact")
    assert r.returncode == 2 and "нет копии организации" in r.stderr

    # Other PCs of each company see only their company's records.
    assert client(tmp_path / "pc2", *login, "anna", "--password", "anna-pass-1", "--company",
                  "ООО Ромашка").returncode == 0
    assert _rows(tmp_path / "pc2") == ["Клиент Ромашки"]
    assert client(tmp_path / "pc3", *login, "admin", "--password", ADMIN_PASSWORD, "--company",
                  "Test office").returncode == 0
    assert _rows(tmp_path / "pc3") == ["Клиент главной"]

    # Users are each company's own: the main office's admin password does not open Ромашка.
    r = client(tmp_path / "pc4", *login, "admin", "--password", ADMIN_PASSWORD, "--company", "ромашка")
    assert r.returncode == 4
    r = client(tmp_path / "pc3", "users")
    assert r.returncode == 0 and "anna" not in r.stdout
    # ... and who is connected, too: an administrator sees only the company's own PCs.
    r = client(tmp_path / "pc2", "users")
    assert "anna" in r.stdout

    # A company nobody has is refused in the user's language, with the ones there are.
    r = client(tmp_path / "pc5", "--lang", "ru", *login, "admin", "--password", ADMIN_PASSWORD, "--company",
               "Лютик")
    assert r.returncode != 0 and "на этом сервере нет организации «Лютик»" in r.stderr
    assert "ООО Ромашка" in r.stderr


def test_a_token_opens_only_its_own_company(two_companies: ServerProcess, tmp_path: Path) -> None:
    server, pc = two_companies, tmp_path / "pc"
    assert client(pc, "--company", "ромашка", "login", server.address, "--user", "anna", "--password",
                  "anna-pass-1").returncode == 0
    folder = companies.find(pc, "ромашка")
    assert folder == pc  # the profile folder held nobody's data yet: it holds Ромашка's
    copy = Replica(folder)
    token, device = str(copy.meta("token")), copy.device
    copy.close()

    async def attempts() -> list[str]:
        seen = []
        conn = await Connection.open(server.address, fingerprint=server.fingerprint)  # the main company
        try:
            await conn.request("resume", token=token, device=device)
        except AuthError as e:
            seen.append(f"main: {e}")
        finally:
            await conn.close()
        conn = await Connection.open(server.address, fingerprint=server.fingerprint, company="ООО Ромашка")
        try:
            me = await conn.request("resume", token=token, device=device)
            seen.append(f"own: {me['user']}")
            try:  # once logged in, a connection cannot move to another company
                await conn.request("hello", v=1, company="Test office")
            except ServerError as e:
                seen.append(f"move: {e.code}")
        finally:
            await conn.close()
        return seen
    assert asyncio.run(attempts()) == ["main: this PC's login is no longer valid; log in again", "own: anna",
                                       "move: out_of_order"]


def test_company_added_while_the_server_runs_and_its_own_numbers_and_backups(
        two_companies: ServerProcess, tmp_path: Path) -> None:
    server, data = two_companies, str(two_companies.data_dir)
    made = server.manage("init", data, "--company", "ИП Петров", "--admin-password", "petrov-pass-1")
    assert made.returncode == 0, made.stderr
    again = server.manage("init", data, "--company", "ип петров", "--admin-password", "petrov-pass-1")
    assert again.returncode == 2 and "already holds the company" in again.stderr
    # Offered and served at once: no restart of the server (the office's other PCs keep working).
    pc = tmp_path / "pc"
    r = client(pc, "login", server.address, "--user", "admin", "--password", "petrov-pass-1")
    assert r.returncode == 2 and "ИП Петров" in r.stderr
    r = client(pc, "login", server.address, "--user", "admin", "--password", "petrov-pass-1", "--company", "петров")
    assert r.returncode == 0, r.stderr
    # Document numbers are each company's own: both start their invoices at 1.
    for company in ("петров", "ромашка"):
        r = server.manage("series", data, "add", "invoice", "--prefix", "С-", "--company", company)
        assert r.returncode == 0, r.stderr
    assert client(pc, "number", "invoice").stdout.strip().endswith("С-0001")
    assert client(tmp_path / "pc2", "login", server.address, "--user", "anna", "--password", "anna-pass-1",
                  "--company", "ромашка").returncode == 0
    assert client(tmp_path / "pc2", "number", "invoice").stdout.strip().endswith("С-0001")
    # A backup of one company lies in that company's folder, checked.
    r = server.manage("backup", data, "--company", "ромашка")
    assert r.returncode == 0, r.stderr
    assert str(Path(data) / "companies" / "ооо-ромашка" / "backups") in r.stdout
    r = server.manage("user", "list", data, "--company", "Лютик")
    assert r.returncode == 2 and "no company 'Лютик'" in r.stderr
