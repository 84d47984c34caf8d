"""The same store code on PostgreSQL (through playhouse.db_url), against a throwaway cluster on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from lan_server.records import Op, Store, new_id

PG_BIN = Path("/usr/lib/postgresql")


def _pg_bin() -> Path | None:
    if shutil.which("initdb"):
        return Path(shutil.which("initdb")).resolve().parent  # type: ignore[arg-type]
    versions = sorted(PG_BIN.glob("*/bin/initdb")) if PG_BIN.exists() else []
    return versions[-1].parent if versions else None


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed here (apt-get install postgresql to run these tests)")
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        pytest.skip("psycopg2 is not installed (pip install .[postgres])")
    # Not under pytest's folder: PostgreSQL runs as its own user, who cannot enter root's private folders.
    base = Path(tempfile.mkdtemp(prefix="organizer-pg-"))
    data = base / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        shutil.chown(base, "postgres")
        os.chmod(base, 0o777)
        as_user = ["runuser", "-u", "postgres", "--"]
    r = subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "organizer", "--auth=trust",
                        "-E", "UTF8", "--locale=C"], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        pytest.skip(f"initdb failed: {r.stderr.strip()[:300]}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = base / "pg.log"
    r = subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                        "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {base}", "start"],
                       capture_output=True, text=True, timeout=90)
    if r.returncode != 0:
        pytest.skip(f"PostgreSQL did not start: {r.stderr.strip()[:300]}")
    try:
        for _ in range(50):
            ok = subprocess.run([str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "organizer",
                                 "-d", "postgres", "-c", "CREATE DATABASE office"], capture_output=True, timeout=30)
            if ok.returncode == 0:
                break
            time.sleep(0.2)
        yield f"postgresql://organizer@127.0.0.1:{port}/office"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def op(rec: str, field: str, value: object, hlc: int, dev: str = "A") -> Op:
    return Op(id=new_id(), rec=rec, kind="contact", field=field, value=value, hlc=hlc, dev=dev, user="u")


def test_store_on_postgres(pg_url: str) -> None:
    s = Store.open(pg_url, search=True)
    try:
        s.apply([op("r1", "name", "Пётр Ёлкин", 10), op("r1", "city", "Тверь", 11),
                 op("r2", "name", "Ольга", 12), op("r2", "city", "Москва", 13)], assign_seq=True)
        s.apply([op("r1", "city", "older", 5, "Z"), op("r1", "city", "Казань", 20, "B")], assign_seq=True)
        assert s.get("r1").fields == {"name": "Пётр Ёлкин", "city": "Казань"}
        assert [r.id for r in s.records("contact", search="петр")] == ["r1"]
        assert [r.id for r in s.records("contact", where={"city": "Москва"})] == ["r2"]
        assert s.count("contact") == 2 and s.max_seq() == 6
        assert [h.value for h in s.history("r1") if h.field == "city"] == ["older", "Тверь", "Казань"]
        assert [o.seq for o in s.ops_since(4, 10)] == [5, 6]
        page = s.snapshot_page("", 10)
        assert [p[0] for p in page] == ["r1", "r2"]
        assert s.digest()["contact"][0] == 2
        s.set_meta("k", {"a": 1})
        assert s.get_meta("k") == {"a": 1}
    finally:
        s.close()


def test_server_process_on_postgres(pg_url: str, tmp_path: Path) -> None:
    from lan_server import app
    from tests.servers import ServerProcess, client
    info = app.init(tmp_path / "srv", "pg-pass-123", "PG office", database=pg_url)
    assert info["database"] == pg_url and not (tmp_path / "srv" / app.DB_FILE).exists()
    server = ServerProcess(tmp_path / "srv", fresh=False).start()
    try:
        r = server.manage("user", "add", str(server.data_dir), "olga", "--password", "olga-pass-1")
        assert r.returncode == 0, r.stderr
        p, q = tmp_path / "pc", tmp_path / "pc2"
        assert client(p, "login", server.address, "--user", "admin", "--password", "pg-pass-123").returncode == 0
        rec = client(p, "add", "contact", "name=Постгрес").stdout.strip()
        assert client(p, "sync").returncode == 0
        assert client(q, "login", server.address, "--user", "olga", "--password", "olga-pass-1").returncode == 0
        assert rec in client(q, "list", "contact").stdout
    finally:
        server.kill()


def _fresh_database(url: str, name: str) -> str:
    import psycopg2
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    try:
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
    finally:
        admin.close()
    return url.rsplit("/", 1)[0] + "/" + name


def _scratch_databases(url: str) -> list[str]:
    import psycopg2
    con = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    try:
        cur = con.cursor()
        cur.execute("SELECT datname FROM pg_database WHERE datname LIKE 'organizer_check_%'")
        return [r[0] for r in cur.fetchall()]
    finally:
        con.close()


def test_a_postgresql_office_is_dumped_checked_and_restored_losing_nothing(pg_url: str, tmp_path: Path) -> None:
    """pg_dump while the server runs, checked by a restore into a scratch database (dropped after); a restore
    gives the server a new epoch, so the PC sends back what was typed after the backup."""
    import json

    from lan_server import app
    from tests.servers import ServerProcess, client
    url = _fresh_database(pg_url, "dumped_office")
    data = tmp_path / "srv"
    app.init(data, "pg-pass-123", "PG office", database=url)
    server = ServerProcess(data, fresh=False).start()
    pc = tmp_path / "pc"
    try:
        assert client(pc, "login", server.address, "--user", "admin", "--password", "pg-pass-123").returncode == 0
        assert client(pc, "add", "contact", "name=До копии").returncode == 0
        made = server.manage("backup", str(data))
        assert made.returncode == 0 and "backup written and checked" in made.stdout, made.stderr
        dumps = sorted((data / "backups").glob("organizer-*.pgdump"))
        assert len(dumps) == 1 and dumps[0].stat().st_size > 0
        assert _scratch_databases(pg_url) == []  # the check's scratch database is gone
        assert client(pc, "add", "contact", "name=После копии").returncode == 0  # typed after the backup
    finally:
        server.stop()
    epoch = json.loads((data / app.CONFIG_FILE).read_text()).get("epoch")
    restored = ServerProcess(data, fresh=False).manage("restore", str(data), str(dumps[0]))
    assert restored.returncode == 0, restored.stderr
    assert json.loads((data / app.CONFIG_FILE).read_text())["epoch"] != epoch
    assert list((data / "backups").glob("before-restore-*.pgdump"))  # the replaced data, kept
    server = ServerProcess(data, fresh=False, port=server.port).start()  # the office's address, as before
    try:
        assert client(pc, "sync").returncode == 0  # a new epoch: the PC sends back everything it holds
        other = tmp_path / "other-pc"
        assert client(other, "login", server.address, "--user", "admin", "--password", "pg-pass-123").returncode == 0
        names = client(other, "list", "contact").stdout
        assert "До копии" in names and "После копии" in names
    finally:
        server.stop()


def run_office(pg_url: str, tmp_path: Path, name: str, processes: int, pcs: int, edits_each: int,
               pace: float) -> dict[str, Any]:
    """`processes` server processes on a fresh database, `pcs` raw connections split between them, each pushing
    `edits_each` notes (`pace` seconds apart) while subscribed: what each PC received, the live latencies
    (sender's process or another), refusals, and the pushing time."""
    import asyncio
    import time

    from client.core.connection import Connection
    from lan_server import app
    from lan_server.records import Clock
    from tests.servers import ServerProcess
    url = _fresh_database(pg_url, name)
    data = tmp_path / name
    app.init(data, "pg-pass-123", "PG office", database=url)
    servers = [ServerProcess(data, fresh=False).start() for _ in range(processes)]  # one office, many doors
    out: dict[str, Any] = {"received": {}, "same": [], "across": [], "refused": 0}

    async def run() -> None:
        sent_at: dict[str, tuple[float, int]] = {}
        conns = []
        for i in range(pcs):
            conn = await Connection.open(servers[i % processes].address)
            await conn.request("login", user="admin", password="pg-pass-123", device=f"dev{i:02d}",
                               device_name=f"pc{i}")
            got = out["received"].setdefault(i, [])

            def on_event(msg: dict[str, Any], got: list[str] = got, i: int = i) -> None:
                if msg.get("type") == "changes":
                    now = time.perf_counter()
                    for op in msg.get("ops", []):
                        op_id = Op.read(op).id
                        got.append(op_id)
                        if op_id in sent_at:
                            at, sender = sent_at[op_id]
                            same = sender % processes == i % processes
                            out["same" if same else "across"].append((now - at) * 1000)
            conn.on_event = on_event
            await conn.request("subscribe", since=0)
            conns.append(conn)

        async def push(i: int) -> None:
            clock = Clock()
            for n in range(edits_each):
                op = Op(id=new_id(), rec=new_id(), kind="note", field="title", value=f"pc{i} n{n}",
                        hlc=clock.now(), dev=f"dev{i:02d}", user="admin")
                sent_at[op.id] = (time.perf_counter(), i)
                reply = await conns[i].request("push", ops=[op.to_wire()])
                out["refused"] += len(reply.get("rejected", []))
                await asyncio.sleep(pace)
        started = time.perf_counter()
        await asyncio.gather(*(push(i) for i in range(pcs)))
        out["seconds"] = time.perf_counter() - started
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(len(g) < pcs * edits_each for g in out["received"].values()):
            await asyncio.sleep(0.05)
        for conn in conns:
            await conn.close()

    try:
        asyncio.run(run())
    finally:
        for server in servers:
            server.stop()
    return out


def test_two_server_processes_on_one_postgresql_serve_twenty_pcs_as_one(pg_url: str, tmp_path: Path) -> None:
    """Two `serve` processes on one database, 20 PCs split between them, all pushing at once: sequence numbers
    never collide (before, "internal server error" from UniqueViolation ops_seq_key), and every edit reaches
    every PC exactly once, whichever process it came through (LISTEN/NOTIFY). Latency: the benchmark."""
    pcs, edits_each = 20, 10
    out = run_office(pg_url, tmp_path, "two_processes", 2, pcs, edits_each, 0.005)
    assert out["refused"] == 0
    assert len({op for got in out["received"].values() for op in got}) == pcs * edits_each
    for pc, got in out["received"].items():  # each edit once on every PC, through either process
        assert len(got) == len(set(got)) == pcs * edits_each, (pc, len(got), len(set(got)))
    assert out["across"], "edits crossed from one process's PCs to the other's"


def _guesses(pg_url: str, tmp_path: Path, office: str, names: list[str]) -> list[str]:
    """Two server processes of one office; a stranger's wrong password for each name, alternately on each
    process (one address): what each attempt was told."""
    import asyncio

    from client.core.connection import Connection
    from client.core.errors import AuthError
    from lan_server import app
    from tests.servers import ServerProcess
    url = _fresh_database(pg_url, office)
    data = tmp_path / "srv"
    app.init(data, "pg-pass-123", "PG office", database=url)
    servers = [ServerProcess(data, fresh=False).start() for _ in range(2)]

    async def guess(server: ServerProcess, name: str) -> str:
        conn = await Connection.open(server.address)
        try:
            await conn.request("login", user=name, password="guess-0000", device="stranger", device_name="x")
            return "in"
        except AuthError as e:
            return str(e)
        finally:
            await conn.close()
    try:
        return [asyncio.run(guess(servers[n % 2], name)) for n, name in enumerate(names)]
    finally:
        for server in servers:
            server.stop()


def test_wrong_passwords_count_across_server_processes(pg_url: str, tmp_path: Path) -> None:
    """A stranger guessing a user's password on two processes of one office gets 5 tries in all, not 5 each."""
    said = _guesses(pg_url, tmp_path, "guessed_office", ["admin"] * 6)
    assert said[:5] == ["wrong user name or password"] * 5
    assert said[5].startswith("too many wrong passwords")  # the 6th, on the other process


def test_one_address_trying_many_names_is_held_back_across_server_processes(pg_url: str, tmp_path: Path) -> None:
    """An address that tries a different user name each time meets the address's limit (5 attempts a minute) on
    the office as a whole: before, each process allowed 5."""
    said = _guesses(pg_url, tmp_path, "sprayed_office", [f"name{n}" for n in range(6)])
    assert said[:5] == ["wrong user name or password"] * 5
    assert said[5].startswith("too many wrong passwords")


def test_a_company_on_postgresql_beside_one_on_sqlite_in_one_server(pg_url: str, tmp_path: Path) -> None:
    """A bigger company of the office moves to PostgreSQL; the small one stays in its SQLite file."""
    from tests.servers import ServerProcess, client
    url = _fresh_database(pg_url, "company_office")
    server = ServerProcess(tmp_path / "srv")
    made = server.manage("init", str(server.data_dir), "--company", "ООО Большая", "--admin-password",
                         "big-pass-123", "--database", url)
    assert made.returncode == 0, made.stderr
    server.start()
    try:
        big, small = tmp_path / "big", tmp_path / "small"
        assert client(big, "login", server.address, "--user", "admin", "--password", "big-pass-123",
                      "--company", "большая").returncode == 0
        assert client(small, "login", server.address, "--user", "admin", "--password", "admin-pass-1",
                      "--company", "test office").returncode == 0
        assert client(big, "add", "contact", "name=В PostgreSQL").returncode == 0
        assert client(big, "sync").returncode == 0
        assert client(tmp_path / "big2", "login", server.address, "--user", "admin", "--password",
                      "big-pass-123", "--company", "большая").returncode == 0
        assert "В PostgreSQL" in client(tmp_path / "big2", "list", "contact").stdout
        assert "В PostgreSQL" not in client(small, "list", "contact").stdout
        backup = server.manage("backup", str(server.data_dir), "--company", "большая")
        assert backup.returncode == 0 and backup.stdout.strip().endswith(".pgdump"), backup.stdout + backup.stderr
    finally:
        server.kill()
