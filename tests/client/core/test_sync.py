"""Client sync against a real server process, driven through the headless commands as an admin's script would."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from lan_server import app
from lan_server.records import Store
from tests.servers import ROOT, ServerProcess, client, env, reap


def records(profile: Path, kind: str = "contact") -> list[dict]:
    r = client(profile, "list", kind, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def server_ops(server: ServerProcess) -> tuple[int, int, int]:
    store = Store.open(server.data_dir / app.DB_FILE)
    try:
        total, distinct, seqs = store.execute("SELECT COUNT(*), COUNT(DISTINCT id), COUNT(DISTINCT seq) FROM ops"
                                              ).fetchone()
        return int(total), int(distinct), int(seqs)
    finally:
        store.close()


def test_two_offline_profiles_converge_after_concurrent_edits(office_server: ServerProcess,
                                                               make_profile: Callable[..., Path]) -> None:
    a, b = make_profile("a"), make_profile("b")
    rec = client(a, "add", "contact", "name=Анна Иванова", "city=Тверь", "phone=111").stdout.strip()
    assert client(b, "sync").returncode == 0
    office_server.stop()
    # Both offline: same field (city) on both, different fields (phone on A, email on B).
    assert client(a, "set", rec, "city=Москва", "phone=222").returncode == 0
    time.sleep(0.01)
    assert client(b, "set", rec, "city=Казань", "email=anna@example.ru").returncode == 0
    office_server.start()
    for p in (a, b, a):
        assert client(p, "sync").returncode == 0
    ra, rb = records(a), records(b)
    assert ra == rb
    fields = ra[0]["fields"]
    assert fields["city"] == "Казань"  # the later edit wins, on both PCs
    assert fields["phone"] == "222" and fields["email"] == "anna@example.ru"  # different fields both survive
    # The losing value is kept in history.
    hist = json.loads(client(a, "show", rec, "--json", "--history").stdout)["history"]
    assert {"Тверь", "Москва", "Казань"} <= {h["value"] for h in hist if h["field"] == "city"}


def test_thousand_offline_edits_arrive_exactly_once(office_server: ServerProcess,
                                                    make_profile: Callable[..., Path]) -> None:
    a, b = make_profile("a"), make_profile("b")
    office_server.stop()
    lines = "".join(json.dumps({"op": "add", "kind": "contact", "fields": {"name": f"Клиент {i}"}}) + "\n"
                    for i in range(1000))
    r = client(a, "apply", input=lines, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "working offline" in r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == 1000 and all(o["seq"] is None for o in out)
    assert "outbox: 1000" in client(a, "status").stdout
    office_server.start()
    assert client(a, "sync").returncode == 0
    assert "outbox: 0" in client(a, "status").stdout
    assert client(a, "sync").returncode == 0  # a second sync sends nothing again
    assert client(b, "sync").returncode == 0
    names = sorted(r["fields"]["name"] for r in records(b))
    assert names == sorted(f"Клиент {i}" for i in range(1000))
    total, distinct, seqs = server_ops(office_server)
    assert total == distinct == seqs == 1000


def test_client_killed_mid_stream_resends_without_loss_or_duplicates(office_server: ServerProcess,
                                                                     make_profile: Callable[..., Path]) -> None:
    a, b = make_profile("a"), make_profile("b")
    proc = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(a), "apply"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    acked = []
    try:
        assert proc.stdin is not None and proc.stdout is not None
        # Feed far more than gets through, then kill -9 while edits are applied but not yet all pushed.
        for i in range(400):
            proc.stdin.write(json.dumps({"op": "add", "kind": "contact", "fields": {"name": f"K{i}"}}) + "\n")
        proc.stdin.flush()
        while len(acked) < 50:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            acked.append(json.loads(line))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        reap(proc)
    local = {r["id"] for r in records(a)}
    assert {x["id"] for x in acked} <= local  # nothing acknowledged is missing locally
    assert client(a, "sync").returncode == 0
    assert client(b, "sync").returncode == 0
    remote = {r["id"] for r in records(b)}
    assert remote == local  # everything applied locally reached the server...
    total, distinct, seqs = server_ops(office_server)
    assert total == distinct == seqs == len(local)  # ...exactly once


def test_live_push_reaches_a_connected_client_without_any_command(office_server: ServerProcess,
                                                                  make_profile: Callable[..., Path]) -> None:
    a, b = make_profile("a"), make_profile("b")
    watcher = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(b), "watch", "--count", "2",
                                "--seconds", "30"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env(), cwd=ROOT)
    try:
        assert watcher.stderr is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = watcher.stderr.readline()
            if "watching" in line or not line:
                break
        sent_at = time.time()
        rec = client(a, "add", "contact", "name=Живой Клиент", "city=Омск").stdout.strip()
        out, err = watcher.communicate(timeout=30)
    finally:
        reap(watcher)
    changes = [json.loads(line) for line in out.splitlines()]
    assert {c["field"]: c["value"] for c in changes} == {"name": "Живой Клиент", "city": "Омск"}
    assert all(c["rec"] == rec and c["kind"] == "contact" and c["seq"] for c in changes)
    assert all(c["received_at"] >= sent_at for c in changes)
    assert [r["id"] for r in records(b)] == [rec]  # and it is in B's replica


def test_clear_errors_and_exit_codes(office_server: ServerProcess, make_profile: Callable[..., Path],
                                     tmp_path: Path) -> None:
    a = make_profile("a")
    r = client(tmp_path / "x", "login", office_server.address, "--user", "admin", "--password", "nope1234")
    assert r.returncode == 4 and "wrong user name or password" in r.stderr
    r = client(a, "add", "spaceship", "name=x")
    assert r.returncode == 6 and "unknown section" in r.stderr
    r = client(a, "add", "contact", "shoe_size=42")
    assert r.returncode == 6 and "unknown field" in r.stderr
    r = client(a, "add", "contact", "name=X", "birthday=31.02.2020")
    assert r.returncode == 6 and "not a date" in r.stderr
    r = client(a, "add", "task", "title=Позвонить", "due=22.11.2026 14:30", "done=да")
    assert r.returncode == 0
    task = records(a, "task")[0]["fields"]
    assert task == {"title": "Позвонить", "due": "2026-11-22T14:30", "done": True}
    # Russian labels work as field names, and so do section labels.
    assert client(a, "add", "Контакты", "ФИО=Борис", "Город=Тула").returncode == 0
    assert [r["fields"]["city"] for r in records(a) if r["fields"].get("name") == "Борис"] == ["Тула"]
    office_server.stop()
    r = client(a, "sync")
    assert r.returncode == 3 and "cannot reach" in r.stderr
    r = client(a, "add", "contact", "name=Офлайн")
    assert r.returncode == 0 and "will be sent when the server is reachable" in r.stderr
    # A different server on the same address (new certificate): refused until the user says otherwise.
    other = tmp_path / "impostor"
    app.init(other, "admin-pass-1", "Impostor")
    impostor = ServerProcess(other, fresh=False, port=office_server.port).start()
    try:
        r = client(a, "sync")
        assert r.returncode == 5 and "different certificate" in r.stderr
        assert "outbox: 1" in client(a, "status").stdout  # the offline edit is still safe
    finally:
        impostor.kill()


def test_interrupted_first_sync_resumes_where_it_stopped(office_server: ServerProcess, tmp_path: Path,
                                                         monkeypatch) -> None:
    import asyncio
    import gc

    from client.core import sync
    monkeypatch.setattr(sync, "SNAPSHOT_PAGE", 500)

    from client.core.errors import ClientError
    from client.core.replica import Replica
    from client.core.session import login_async, sync_now_async

    seed = tmp_path / "seed"
    lines = "".join(json.dumps({"op": "add", "kind": "contact", "fields": {"name": f"N{i}"}}) + "\n"
                    for i in range(3000))
    assert client(seed, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                  ).returncode == 0
    assert client(seed, "apply", "--offline", input=lines, timeout=300).returncode == 0
    assert client(seed, "sync").returncode == 0
    replica = Replica(tmp_path / "new")
    seen: list[int] = []

    def cut(done: int, total: int) -> None:
        seen.append(done)
        if len(seen) == 1:
            raise ClientError("network cable pulled")
    try:
        try:
            asyncio.run(login_async(replica, office_server.address, "admin", "admin-pass-1", progress=cut))
        except ClientError:
            pass
        first = seen[0]
        assert 0 < first < 3000 and replica.meta("snapshot_after")
        assert gc.isenabled()  # held off during the copy, back on after it, cut short as it was
        assert replica.count("contact") == first
        seen.clear()
        asyncio.run(sync_now_async(replica, progress=lambda d, t: seen.append(d)))
        assert seen[0] > first  # resumed after the pages it had, not from the start
        assert replica.count("contact") == 3000 and replica.outbox_size() == 0 and gc.isenabled()
        # the lists' indexes, made at the end of the first page's copy (it began on an empty copy), are there
        plan = " ".join(str(r) for r in replica._store.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM records WHERE kind = 'contact' AND deleted = 0 ORDER BY sort, id "
            "LIMIT 50").fetchall())
        assert "records_kind" in plan
    finally:
        replica.close()


def test_an_edit_made_offline_on_a_pc_two_hours_fast_does_not_beat_a_later_edit(office_server: ServerProcess,
                                                                               tmp_path: Path) -> None:
    """Before, the server re-stamped the fast PC's edit to "now + 5 min" when it arrived: it won for good."""
    import asyncio
    import time

    from client.core.replica import Replica
    from client.core.session import login, sync_now_async
    two_hours = 2 * 3600 * 1000
    fast = Replica(tmp_path / "fast", now_ms=lambda: time.time_ns() // 1_000_000 + two_hours)
    right = Replica(tmp_path / "right")
    try:
        for pc in (fast, right):
            login(pc, office_server.address, "admin", "admin-pass-1")
        assert abs(fast.clock_offset_ms + two_hours) < 5000 and abs(right.clock_offset_ms) < 5000
        rec = right.add("contact", {"name": "Вера", "city": "Тула"})
        asyncio.run(sync_now_async(right))
        asyncio.run(sync_now_async(fast))
        fast.set(rec, {"city": "Москва"})  # typed offline on the fast PC first...
        # The fast PC learnt the server's time over a round trip, so its stamps may run ahead by up to that trip
        # (hundreds of ms on a loaded machine): "a moment later" must be later than that error.
        ahead_ms = two_hours + fast.clock_offset_ms - right.clock_offset_ms
        time.sleep(max(0, ahead_ms) / 1000 + 0.05)
        right.set(rec, {"city": "Тверь"})  # ...and a moment later on a PC with the right time
        asyncio.run(sync_now_async(right))
        asyncio.run(sync_now_async(fast))  # the fast PC comes back online
        asyncio.run(sync_now_async(right))
        assert fast.get(rec).fields["city"] == "Тверь" == right.get(rec).fields["city"]  # type: ignore[union-attr]
        moscow = [h for h in right.history(rec) if h.value == "Москва"]
        assert moscow and not moscow[0].current  # kept in the history, not lost
    finally:
        fast.close()
        right.close()


def test_an_offline_import_reaches_every_pc_exactly_once(office_server: ServerProcess,
                                                         make_profile: Callable[..., Path], tmp_path: Path) -> None:
    """An import's new records are written by the import's own path (rows worked out before the writer takes
    them): they go to the server once, arrive on another PC whole, and the organizations they name with them."""
    a, b = make_profile("a"), make_profile("b")
    table = tmp_path / "clients.csv"
    table.write_text("ФИО;Телефон;Город;Организация\n" + "".join(
        f"Клиент {i:03d};8 900 {i:03d}-00-00;{'Тверь' if i % 2 else 'Омск'};ООО Фирма {i % 7}\n" for i in range(300)),
        encoding="utf-8")
    before = server_ops(office_server)[0]
    r = client(a, "import", str(table), "--offline", "--map", "ФИО=name", "--map", "Телефон=phone",
               "--map", "Город=city", "--map", "Организация=organization")
    assert r.returncode == 0 and "300 records were added" in r.stdout, r.stdout + r.stderr
    assert client(a, "sync").returncode == 0
    assert client(a, "sync").returncode == 0  # a second sync sends nothing again
    total, distinct, seqs = server_ops(office_server)
    assert total == distinct == seqs == before + 300 + 7  # one op a contact (its four values), one an organization
    assert client(b, "sync").returncode == 0
    got = {c["fields"]["name"]: c["fields"] for c in records(b)}
    assert len(got) == 300 and got["Клиент 007"]["city"] == "Тверь" and got["Клиент 008"]["phone"] == "+7 900 008-00-00"
    orgs = {o["id"]: o["fields"]["name"] for o in records(b, "organization")}
    assert len(orgs) == 7 and orgs[got["Клиент 010"]["organization"]] == "ООО Фирма 3"


def test_a_record_typed_while_the_pc_compares_its_copy_with_the_servers_is_kept_and_sent(
        office_server: ServerProcess, make_profile: Callable[..., Path]) -> None:
    """After each connection the PC compares what it holds with the server (check_and_repair) and forgets what the
    user may no longer read. A record typed as the comparison starts is not the server's yet: it was taken for one
    out of reach and forgotten with its unsent edit (a note typed as a hung server came back, a read mark made as a
    PC reconnected: never sent). Here the user's save is on the PC's writer as the comparison begins."""
    import asyncio
    import threading

    from client.core.connection import Connection
    from client.core.replica import Replica
    from client.core.sync import check_and_repair, connect, sync_once
    replica = Replica(make_profile("pc"))
    typed: list[str] = []
    go = threading.Event()

    def the_users_save() -> None:  # on the writer: it commits once the comparison has looked at the outbox
        go.wait(10)
        typed.append(replica.add("note", {"title": "Набрано во время сверки"}))

    async def compare() -> None:
        conn = await connect(replica)
        try:
            await sync_once(conn, replica)
            real = conn.request

            async def request(kind: str, **fields: object) -> dict:
                if kind == "digest":
                    go.set()
                return await real(kind, **fields)
            conn.request = request  # type: ignore[method-assign]
            replica.later(the_users_save)
            await check_and_repair(conn, replica)
            await sync_once(conn, replica)  # and the next sync sends it
        finally:
            await Connection.close(conn)
    try:
        asyncio.run(compare())
        assert typed and replica.get(typed[0]) is not None, "the record typed was forgotten"
        assert replica.outbox_size() == 0
    finally:
        go.set()
        replica.close()
    assert [r["id"] for r in records(make_profile("other"), "note")] == typed
