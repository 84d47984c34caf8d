"""PCs of an earlier release on this server, and this release's PC on an earlier server.

A PC of 0.1-0.3 speaks protocol 1, where a record is made one op per field: this server serves it in that form
(pulls, first copies, live changes, history), takes its field ops, and both agree on the digest. This release's PC
on a 0.3 server is told, in the user's words, to have the server updated. The real 0.3 code is taken from this
repository's history (git archive of 0.3.0), where the checkout has it."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from lan_server.protocol import PROTOCOL_VERSION
from lan_server.records import Clock, Op, new_id
from lan_server.records.ops import record_op
from lan_server.records.store.rows import STAMP_MOD
from tests.lan_server.test_server import Wire
from tests.servers import ADMIN_PASSWORD, ROOT, ServerProcess, client, env, reap

RELEASE_0_3 = "0a21e34"  # release 0.3.0, the last of protocol 1


def changes(wire: Wire, count: int) -> list[dict[str, Any]]:
    got: list[dict[str, Any]] = []
    deadline = time.monotonic() + 10
    while len(got) < count and time.monotonic() < deadline:
        msg = wire.recv()
        assert msg is not None and msg["type"] == "changes"
        got += msg["ops"]
    return got


def test_a_pc_of_protocol_1_is_served_one_op_per_field(office_server: ServerProcess) -> None:
    new, old = Wire(office_server.address), Wire(office_server.address)
    try:
        assert new.login()["type"] == "ok"
        assert old.call("hello", v=1)["v"] == 1  # 0.1-0.3 say so, and are answered in their form
        assert old.call("login", user="admin", password=ADMIN_PASSWORD, device="old-pc")["type"] == "ok"
        assert old.call("subscribe", since=0)["type"] == "ok"
        clock = Clock()
        rec = new_id()
        made = record_op(rec, "contact", {"name": "Анна", "city": "Тверь", "phone": "+7 916 111-22-33"},
                         hlc=clock.now(), dev="new-pc", user="admin")
        moved = Op(id=new_id(), rec=rec, kind="contact", field="city", value="Омск", hlc=clock.now(), dev="new-pc")
        ack = new.call("push", ops=[made.to_wire(), moved.to_wire()])
        assert [a[0] for a in ack["acks"]] == [rec, moved.id] and ack["rejected"] == []

        # live, pulled, copied and in history: one op per field, each named after the record's making
        expected = {f"{rec}.name": "Анна", f"{rec}.city": "Тверь", f"{rec}.phone": "+7 916 111-22-33", moved.id: "Омск"}
        assert {o["id"]: o["value"] for o in changes(old, 4)} == expected
        pulled = old.call("pull", since=0)["ops"]
        assert {o["id"]: o["value"] for o in pulled} == expected and {o["hlc"] for o in pulled[:3]} == {made.hlc}
        assert all(o["field"] != "*" for o in pulled)
        page = old.call("snapshot", after="")["records"]
        assert len(page) == 1 and len(page[0]) == 3
        assert sorted((f[0], f[1], f[4]) for f in page[0][2]) == [
            ("city", "Омск", moved.id), ("name", "Анна", f"{rec}.name"), ("phone", "+7 916 111-22-33", f"{rec}.phone")]
        history = old.call("history", rec=rec)["entries"]
        assert sorted(e[5] for e in history) == sorted(expected)
        # ... and to this release's PC: the record op as it was made, beside the edit that superseded a field
        assert [o["field"] for o in new.call("pull", since=0)["ops"]] == ["*", "city"]
        snap = new.call("snapshot", after="")["records"][0]
        assert snap[3][0] == made.value and [f[0] for f in snap[2]] == ["city"]
        assert old.call("digest")["digest"] == new.call("digest")["digest"]

        # an old PC's edits are field ops, taken as they are
        theirs = Op(id=new_id(), rec=new_id(), kind="contact", field="name", value="Борис", hlc=clock.now(),
                    dev="old-pc")
        assert old.call("push", ops=[theirs.to_wire()])["acks"][0][0] == theirs.id
        assert [o["id"] for o in new.call("pull", since=2)["ops"]] == [theirs.id]
    finally:
        new.close()
        old.close()


def test_protocols_outside_what_the_server_speaks_are_told_which_side_to_update(office_server: ServerProcess) -> None:
    for version, advice in ((0, "update your client"), (PROTOCOL_VERSION + 1, "update the server")):
        wire = Wire(office_server.address)
        try:
            reply = wire.call("hello", v=version)
            assert reply["code"] == "version_mismatch" and reply["message"].startswith(advice)
        finally:
            wire.close()


# ---- the real 0.3 code

@pytest.fixture(scope="module")
def release_0_3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """0.3.0's client and server, from this repository's history."""
    try:
        made = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", RELEASE_0_3, "client", "lan_server"],
                              capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        pytest.skip(f"git cannot give 0.3.0's code here: {e}")
    if made.returncode != 0:
        pytest.skip(f"this checkout lacks 0.3.0 ({RELEASE_0_3}; a shallow clone?): {made.stderr.decode()[-200:]}")
    folder = tmp_path_factory.mktemp("release-0.3")
    with tarfile.open(fileobj=io.BytesIO(made.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run_0_3(code: Path, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120, cwd=code,
                          env={**env(), "PYTHONPATH": str(code), **(extra_env or {})})


def digest_of_0_3_copy(db: Path) -> dict[str, list[int]]:
    """The digest a 0.3 PC works out of its copy (its Store.digest, in SQL)."""
    con = sqlite3.connect(db)
    try:
        out = {kind: [int(n), 0] for kind, n in con.execute(
            "SELECT kind, COUNT(*) FROM records WHERE deleted = 0 GROUP BY kind")}
        for kind, total in con.execute(f"SELECT r.kind, SUM(c.hlc % {STAMP_MOD}) FROM cur c JOIN records r "
                                       "ON r.id = c.rec GROUP BY r.kind"):
            out.setdefault(kind, [0, 0])[1] = int(total or 0)
        return out
    finally:
        con.close()


def test_a_0_3_pc_works_with_this_server(release_0_3: Path, office_server: ServerProcess, tmp_path: Path) -> None:
    mine, theirs = tmp_path / "new-pc", tmp_path / "old-pc"
    assert client(mine, "login", office_server.address, "--user", "admin", "--password", ADMIN_PASSWORD).returncode == 0
    anna = client(mine, "add", "contact", "name=Анна Петрова", "city=Тверь", "phone=+7 916 111-22-33").stdout.strip()
    r = run_0_3(release_0_3, "-m", "client", "--profile", str(theirs), "login", office_server.address, "--user",
                "admin", "--password", ADMIN_PASSWORD)
    assert r.returncode == 0, r.stderr
    listed = run_0_3(release_0_3, "-m", "client", "--profile", str(theirs), "show", anna, "--json")
    assert listed.returncode == 0, listed.stderr
    assert '"city": "Тверь"' in listed.stdout and '"phone": "+7 916 111-22-33"' in listed.stdout
    # the old PC edits the new one's record and makes its own, field by field; the new PC sees both
    old_pc = ("-m", "client", "--profile", str(theirs))
    assert run_0_3(release_0_3, *old_pc, "set", anna, "city=Казань").returncode == 0
    boris = run_0_3(release_0_3, *old_pc, "add", "contact", "name=Борис").stdout.strip()
    assert client(mine, "sync").returncode == 0
    shown = client(mine, "list", "contact", "--json").stdout
    assert "Казань" in shown and "Борис" in shown and boris in shown
    # a record made in one op after the old PC's first copy reaches it live or by pull, whole
    vera = client(mine, "add", "contact", "name=Вера", "email=vera@example.ru").stdout.strip()
    synced = run_0_3(release_0_3, "-m", "client", "--profile", str(theirs), "sync")
    assert synced.returncode == 0, synced.stderr
    shown = run_0_3(release_0_3, "-m", "client", "--profile", str(theirs), "show", vera, "--json").stdout
    assert "vera@example.ru" in shown
    # and it agrees with the server on what it holds: no repair copy after each sync
    server_digest = {k: v for k, v in _server_digest(office_server).items() if k in ("contact",)}
    assert {k: v for k, v in digest_of_0_3_copy(theirs / "replica.db").items() if k == "contact"} == server_digest


def _server_digest(server: ServerProcess) -> dict[str, list[int]]:
    con = sqlite3.connect(server.data_dir / "organizer.db")
    try:
        return {kind: [int(live), int(total)] for kind, live, total in con.execute(
            "SELECT kind, SUM(1 - deleted), SUM(stamps) FROM records GROUP BY kind")}
    finally:
        con.close()


@pytest.fixture
def server_0_3(release_0_3: Path, tmp_path: Path) -> Iterator[str]:
    data = tmp_path / "server-0.3"
    made = run_0_3(release_0_3, "-m", "lan_server", "init", str(data), "--admin-password", ADMIN_PASSWORD)
    assert made.returncode == 0, made.stderr
    proc = subprocess.Popen([sys.executable, "-m", "lan_server", "serve", str(data), "--host", "127.0.0.1", "--port",
                             "0", "--no-discovery"], cwd=release_0_3, env={**env(), "PYTHONPATH": str(release_0_3)},
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        address = ""
        deadline = time.monotonic() + 30
        while not address and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, "the 0.3 server did not start"
            if line.startswith("listening on "):
                address = line.split()[-1]
        yield address
    finally:
        reap(proc)


def test_this_release_on_a_0_3_server_says_in_words_to_update_the_server(server_0_3: str, tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "client", "--profile", str(tmp_path / "pc"), "login", server_0_3,
                        "--user", "admin", "--password", ADMIN_PASSWORD], capture_output=True, text=True, timeout=60,
                       env={**env(), "ORGANIZER_LANG": "ru"}, cwd=ROOT)
    assert r.returncode != 0
    assert "сервер офиса старее этой программы: попросите администратора обновить сервер" in r.stderr, r.stderr
    assert os.path.exists(tmp_path / "pc") and "update" not in r.stderr


def kept(wire: Wire) -> list[Any]:
    """The ops of change frames that came while the wire waited for an answer (it keeps them), taken from it."""
    ops = [o for m in wire.events if m["type"] == "changes" for o in m["ops"]]
    wire.events.clear()
    return ops


def test_a_pc_that_says_it_reads_rows_gets_its_ops_as_rows_and_one_that_does_not_gets_maps(
        office_server: ServerProcess) -> None:
    """This release's PC says `rows` in hello: its catch-up, live changes and pulls carry each op as a row, half the
    bytes of a map (the server's connection to each PC encrypts every op it sends). A PC that does not say it (0.4's,
    protocol 1's) gets the maps it reads, with the same ops in them."""
    rows, maps = Wire(office_server.address), Wire(office_server.address)
    try:
        assert rows.call("hello", v=PROTOCOL_VERSION, rows=True)["type"] == "ok"
        assert rows.call("login", user="admin", password=ADMIN_PASSWORD, device="rows-pc")["type"] == "ok"
        assert maps.login()["type"] == "ok"
        clock = Clock()
        rec = new_id()
        made = record_op(rec, "contact", {"name": "Анна", "city": "Тверь"}, hlc=clock.now(), dev="p", user="admin")
        moved = Op(id=new_id(), rec=rec, kind="contact", field="city", value="Омск", hlc=clock.now(), dev="p",
                   user="admin")
        assert rows.call("push", ops=[made.to_wire()])["rejected"] == []
        for wire in (rows, maps):  # what was committed before subscribing comes first, in each one's form
            assert wire.call("subscribe", since=0)["type"] == "ok"
        first_rows, first_maps = (kept(rows), kept(maps))  # sent before the subscription's answer
        assert first_rows == [[rec, "contact", "*", made.value, made.hlc, "p", "admin", 1]]  # its id is its record's
        assert first_maps == [made.with_seq(1).to_wire()]
        assert maps.call("push", ops=[moved.to_wire()])["rejected"] == []
        live_rows, live_maps = changes(rows, 1), kept(maps) or changes(maps, 1)  # maybe before the push's answer
        assert live_rows == [[rec, "contact", "city", "Омск", moved.hlc, "p", "admin", 2, moved.id]]
        assert live_maps == [moved.with_seq(2).to_wire()]
        pulled_rows, pulled_maps = rows.call("pull", since=0)["ops"], maps.call("pull", since=0)["ops"]
        assert [Op.read(o) for o in pulled_rows] == [Op.read(o) for o in pulled_maps] == [
            made.with_seq(1), moved.with_seq(2)]
        assert all(isinstance(o, list) for o in pulled_rows) and all(isinstance(o, dict) for o in pulled_maps)
    finally:
        rows.close()
        maps.close()


def test_a_push_s_ops_may_come_as_rows_and_a_broken_one_is_refused_by_its_id(office_server: ServerProcess) -> None:
    """This server tells every PC it reads rows; a push of rows is taken as the same push of maps, and a broken row
    is refused alone, named by the id it claims, the good ones beside it stored."""
    wire, maps = Wire(office_server.address), Wire(office_server.address)
    try:
        assert wire.call("hello", v=PROTOCOL_VERSION)["rows"] is True
        assert wire.call("login", user="admin", password=ADMIN_PASSWORD, device="pc")["type"] == "ok"
        assert maps.login()["type"] == "ok"
        clock = Clock()
        made = record_op(new_id(), "contact", {"name": "Анна"}, hlc=clock.now(), dev="pc", user="admin")
        moved = Op(id=new_id(), rec=made.rec, kind="contact", field="city", value="Омск", hlc=clock.now(), dev="pc",
                   user="admin")
        broken = Op(id=new_id(), rec=made.rec, kind="contact", field="phone", value="1", hlc=1, dev="pc").to_row()
        broken[4] = "not a stamp"
        reply = wire.call("push", ops=[made.to_row(), broken, moved.to_row(), ["too", "short"]])
        assert [a[0] for a in reply["acks"]] == [made.id, moved.id]
        assert [r[0] for r in reply["rejected"]] == [broken[8], "?"]
        assert [Op.read(o) for o in maps.call("pull", since=0)["ops"]] == [made.with_seq(1), moved.with_seq(2)]
    finally:
        wire.close()
        maps.close()
