"""Installing this release over 0.1, 0.2 or 0.3: the server folder each left when it was killed hard mid-work,
and a PC profile holding edits it never sent (tests/data/releases/0.1, 0.2 and 0.3, each made by
make_release_data.py with that release's code).
Today's server migrates after a verified backup, the PC sends its edits, nothing is lost; data made by a
newer release is refused and left untouched; an upgraded office ties its records by hand."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from lan_server.backups import verify
from lan_server.records.versions import DATA_VERSION
from tests.servers import ROOT, ServerProcess, client

RELEASES = ROOT / "tests" / "data" / "releases"
RELEASE_0_1 = RELEASES / "0.1"


def meta(db: Path, key: str) -> object:
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None
    finally:
        con.close()


def count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def searched(server: ServerProcess, text: str) -> list[str]:
    """What the browser's quick search finds on this server."""
    from tests.lan_server.web.helpers import Visitor, run

    async def look() -> list[str]:
        async with Visitor(server.web_url, server.data_dir) as v:
            assert await v.login() == 200
            status, found, _ = await v.call("GET", "/api/search?q=" + text)
            assert status == 200, found
            return [row["title"] for group in found["groups"] for row in group["rows"]]
    return list(run(look()))


@pytest.mark.parametrize("release, data_version, imported", [
    ("0.1", None, []),
    # 0.2's PC also holds an import it had not sent, kept in its outbox as a second copy of each op.
    ("0.2", 2, ["Петрова Ольга", "Орлов Пётр"]),
    # 0.3's outbox names the ops (the import's held and then released).
    ("0.3", 3, ["Петрова Ольга", "Орлов Пётр"]),
])
def test_an_office_of_an_earlier_release_upgrades_without_losing_anything(
        tmp_path: Path, release: str, data_version: int | None, imported: list[str]) -> None:
    shutil.copytree(RELEASES / release, tmp_path / "old", dirs_exist_ok=True)
    server_dir, pc = tmp_path / "old" / "server", tmp_path / "old" / "pc"
    # What the release had stored when it died (SQLite replays the write-ahead log of a copy on open).
    shutil.copytree(server_dir, tmp_path / "before")
    contacts_before = count(tmp_path / "before" / "organizer.db", "SELECT COUNT(*) FROM records WHERE kind = 'contact'")
    assert contacts_before >= 2 and meta(pc / "replica.db", "data_version") == data_version
    unsent = count(pc / "replica.db", "SELECT COUNT(*) FROM outbox")
    assert unsent >= 2

    old_address = str(meta(pc / "replica.db", "server"))
    server = ServerProcess(server_dir, fresh=False, port=int(old_address.rsplit(":", 1)[1]))
    try:
        server.start()
        backups = list((server_dir / "backups").glob("organizer-*.db"))
        if data_version != DATA_VERSION:  # a migration: the backup was made and checked first
            assert len(backups) == 1 and verify(backups[0]) > 0
        assert meta(server_dir / "organizer.db", "data_version") == DATA_VERSION
        assert "Иванов Пётр" in searched(server, "иванов")  # the server's search index was written on upgrade
        assert "Иванов Пётр" in searched(server, "1112233")  # ... with the runs of a phone's last digits

        r = client(pc, "sync")
        assert r.returncode == 0, r.stderr
        assert count(pc / "replica.db", "SELECT COUNT(*) FROM outbox") == 0
        assert meta(pc / "replica.db", "data_version") == DATA_VERSION
        found = json.loads(client(pc, "list", "contact", "--search", "2233", "--json").stdout)
        assert "Иванов Пётр" in [c["fields"]["name"] for c in found]  # the PC's own index too
        fresh = tmp_path / "fresh-pc"
        r = client(fresh, "login", server.address, "--user", "admin", "--password", "admin-pass-1")
        assert r.returncode == 0, r.stderr  # 0.1's users and passwords still log in
        listed = json.loads(client(fresh, "list", "contact", "--json").stdout)
        names = {c["fields"]["name"]: c["fields"] for c in listed}
        # Everything the release stored, the contact typed offline, and what it imported offline.
        assert len(listed) == contacts_before + 1 + len(imported)
        assert all(name in names for name in imported)
        assert "Сидорова Анна" in names and names["Иванов Пётр"]["city"] == "Казань"
        assert names["Иванов Пётр"]["phone"] == "+7 916 111-22-33"
        tasks = json.loads(client(fresh, "list", "task", "--json").stdout)
        assert tasks[0]["fields"]["remind_before"] == 30
    finally:
        server.kill()


def test_data_made_by_a_newer_release_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    shutil.copytree(RELEASE_0_1, tmp_path / "new", dirs_exist_ok=True)
    for db in (tmp_path / "new" / "server" / "organizer.db", tmp_path / "new" / "pc" / "replica.db"):
        con = sqlite3.connect(db)
        con.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                        [("data_version", "99"), ("made_by", json.dumps("0.9.0"))])
        con.commit()
        con.close()
    server = ServerProcess(tmp_path / "new" / "server", fresh=False)
    r = server.manage("serve", str(tmp_path / "new" / "server"), "--host", "127.0.0.1", "--port", "0",
                      "--no-discovery")
    assert r.returncode == 2
    assert "made by a newer version of the organizer (0.9.0, data version 99)" in r.stderr
    assert "install 0.9.0" in r.stderr
    r = client(tmp_path / "new" / "pc", "list", "contact")
    assert r.returncode == 1 and "newer version" in r.stderr
    for db in (tmp_path / "new" / "server" / "organizer.db", tmp_path / "new" / "pc" / "replica.db"):
        assert meta(db, "data_version") == 99  # untouched
    assert not (tmp_path / "new" / "server" / "backups").exists()


def test_a_pc_and_a_server_a_release_apart_say_which_side_to_update(qtbot, office_server: ServerProcess,
                                                                    tmp_path: Path) -> None:
    from client.core.replica import Replica
    from client.core.session import login
    from client.core.sync import release_gap
    from client.ui.i18n import install
    from client.ui.qt import QApplication
    from client.ui.status_panel import release_warning
    from lan_server import __version__
    replica = Replica(tmp_path / "pc")
    try:
        login(replica, office_server.address, "admin", "admin-pass-1")
        assert (replica.meta("server_release"), replica.meta("server_data_version")) == (__version__, DATA_VERSION)
        assert release_gap(replica) is None
        replica.set_metas({"server_release": "0.1", "server_data_version": 1})  # what a 0.1 server's hello means
        assert release_gap(replica) == ("server", __version__)
        install(QApplication.instance(), "ru")
        assert release_warning(release_gap(replica)) == \
            f"⚠ Сервер офиса старее этой программы: попросите администратора обновить его до {__version__}"
        replica.set_metas({"server_release": "0.9.0", "server_data_version": DATA_VERSION + 1})
        assert "(0.9.0)" in release_warning(release_gap(replica))
    finally:
        install(QApplication.instance(), "en")
        replica.close()


def test_records_of_an_office_of_0_3_are_tied_by_hand_after_the_upgrade(tmp_path: Path) -> None:
    """The section of ties is built in: a server and a PC copy made by 0.3 tie their records with no step of
    their own, and a PC that copies the office afresh sees the tie."""
    from client.core import ties
    from client.core.replica import Replica
    shutil.copytree(RELEASES / "0.3", tmp_path / "old", dirs_exist_ok=True)
    server_dir, pc = tmp_path / "old" / "server", tmp_path / "old" / "pc"
    old_address = str(meta(pc / "replica.db", "server"))
    server = ServerProcess(server_dir, fresh=False, port=int(old_address.rsplit(":", 1)[1]))
    try:
        server.start()
        assert client(pc, "sync").returncode == 0
        replica = Replica(pc)
        try:
            by_name = {r.fields.get("name"): r for r in replica.records("contact")}
            ivanov, sidorova = by_name["Иванов Пётр"], by_name["Сидорова Анна"]
            tie = ties.tie(replica, ivanov, sidorova)
            assert [other.id for _, other in ties.ties_of(replica, ivanov.id)] == [sidorova.id]
        finally:
            replica.close()
        assert client(pc, "sync").returncode == 0
        fresh = tmp_path / "fresh-pc"
        assert client(fresh, "login", server.address, "--user", "admin", "--password", "admin-pass-1").returncode == 0
        replica = Replica(fresh)
        try:
            assert [other.fields["name"] for _, other in ties.ties_of(replica, sidorova.id)] == ["Иванов Пётр"]
            assert replica.get(tie) is not None
        finally:
            replica.close()
    finally:
        server.kill()
