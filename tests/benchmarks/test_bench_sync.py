"""Sync benchmark: change latency A→B with 10 and 25 clients watching, server throughput with fan-out, a new
PC's first copy of 10,000, 100,000 and 300,000 records; each next to PouchDB or SQLite's floor in the same run.

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_sync.py
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from client.core.connection import Connection
from client.core.pushing import PUSHES_IN_FLIGHT
from client.core.replica import Replica
from client.core.session import login_async
from lan_server.config import DB_FILE
from lan_server.protocol import PROTOCOL_VERSION
from lan_server.protocol.frames import FrameDecoder, encode
from lan_server.records import Clock, Op, new_id
from tests.benchmarks.peers import pouchdb
from tests.servers import ROOT, ServerProcess, client, env, reap

pytestmark = pytest.mark.benchmark


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@pytest.mark.parametrize("watching", [10, 25])
def test_change_latency_with_many_clients_watching(tmp_path: Path, watching: int) -> None:
    server = ServerProcess(tmp_path / "srv").start()
    watchers: list[subprocess.Popen[str]] = []
    writer = None
    edits = 200
    try:
        profiles = []
        for i in range(watching + 1):
            p = tmp_path / f"p{i}"
            assert client(p, "login", server.address, "--user", "admin", "--password", "admin-pass-1").returncode == 0
            profiles.append(p)
        for p in profiles[1:]:
            w = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(p), "watch", "--count", str(edits),
                                  "--seconds", "120"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=env(), cwd=ROOT)
            assert w.stderr is not None and "watching" in w.stderr.readline()
            watchers.append(w)
        writer = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(profiles[0]), "apply"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env(), cwd=ROOT)
        assert writer.stdin is not None and writer.stdout is not None
        sent: dict[str, float] = {}
        for i in range(edits):
            t = time.time()
            writer.stdin.write(json.dumps({"op": "add", "kind": "note", "fields": {"title": f"n{i}"}}) + "\n")
            writer.stdin.flush()
            rec = json.loads(writer.stdout.readline())["id"]
            sent[rec] = t
            time.sleep(0.01)
        writer.stdin.close()
        writer.wait(30)
        latencies: list[float] = []
        for w in watchers:
            out, _ = w.communicate(timeout=60)
            for line in out.splitlines():
                change = json.loads(line)
                latencies.append((change["received_at"] - sent[change["rec"]]) * 1000)
        assert len(latencies) == edits * watching
        print(f"\nlatency A->B, {watching} clients watching, {edits} edits (typed on A, applied and pushed, "
              f"received and applied on each B): p50 {statistics.median(latencies):.1f} ms, "
              f"p99 {pct(latencies, 99):.1f} ms, max {max(latencies):.1f} ms")
        floor = asyncio.run(_round_trip_floor())
        print(f"  floor: one msgpack frame to a server and back on 127.0.0.1, p50 {statistics.median(floor):.2f} ms, "
              f"p99 {pct(floor, 99):.2f} ms")
        peer = pouchdb.run("latency", watching, 100)
        if peer:
            print(f"  PouchDB live sync (express-pouchdb, {watching} PCs watching, {peer['arrived']} of "
                  f"{peer['edits']} edits seen): p50 {peer['p50_ms']:.1f} ms, p99 {peer['p99_ms']:.1f} ms")
    finally:
        reap(*watchers, writer)
        server.kill()


async def _round_trip_floor(rounds: int = 500) -> list[float]:
    """A frame like a pushed edit sent to a bare echo server and read back: what no sync can beat."""
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    frame = encode({"id": 1, "type": "push", "ops": [Op(id=new_id(), rec=new_id(), kind="note", field="title",
                                                       value="n1", hlc=1, dev="d", user="u").to_wire()]})
    times = []
    for _ in range(rounds):
        decoder = FrameDecoder()
        t = time.perf_counter()
        writer.write(frame)
        got: list[object] = []
        while not got:
            got = list(decoder.feed(await reader.read(65536)))
        times.append((time.perf_counter() - t) * 1000)
    writer.close()
    server.close()
    await server.wait_closed()
    return times


def _sqlite_floor(folder: Path, rows: list[tuple[str, str]], per_commit: int) -> float:
    """Seconds SQLite alone takes to store these (id, JSON) rows in a bare table, `per_commit` at a time, with
    the durability our copies use (WAL, synchronous FULL)."""
    import sqlite3
    db = sqlite3.connect(folder / "floor.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=wal")
    db.execute("PRAGMA synchronous=full")
    db.execute("CREATE TABLE rows (id TEXT PRIMARY KEY, data TEXT NOT NULL)")
    start = time.perf_counter()
    for i in range(0, len(rows), per_commit):
        db.execute("BEGIN")
        db.executemany("INSERT INTO rows VALUES (?, ?)", rows[i:i + per_commit])
        db.execute("COMMIT")
    took = time.perf_counter() - start
    db.close()
    return took


SURNAMES = ["Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов",
            "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов"]
FIRST_NAMES = ["Иван", "Пётр", "Анна", "Мария", "Олег", "Ольга", "Сергей", "Елена", "Дмитрий", "Наталья"]
CITIES = ["Москва", "Тверь", "Казань", "Омск", "Самара"]


def contact_values(i: int, rnd: random.Random) -> dict[str, str]:
    """A client as offices have them: names in no order (so titles sort in no order), phones, e-mails, cities."""
    return {"name": f"{rnd.choice(SURNAMES)} {rnd.choice(FIRST_NAMES)} {i:06d}",
            "phone": f"+7 9{rnd.randrange(10 ** 2):02d} {rnd.randrange(10 ** 3):03d}-{rnd.randrange(100):02d}-"
                     f"{rnd.randrange(100):02d}", "email": f"client{i}@example.ru", "city": rnd.choice(CITIES)}


async def _seed(address: str, n_records: int) -> float:
    conn = await Connection.open(address)
    await conn.request("login", user="admin", password="admin-pass-1", device="bench")
    clock = Clock()
    batch: list[dict] = []
    start = time.perf_counter()
    rnd = random.Random(n_records)
    for i in range(n_records):
        batch += made("contact", contact_values(i, rnd), clock, "bench")
        if len(batch) >= 1000:
            await conn.request("push", ops=batch)
            batch = []
    if batch:
        await conn.request("push", ops=batch)
    elapsed = time.perf_counter() - start
    await conn.close()
    return elapsed


def by_field(kind: str, values: dict[str, object], clock: Clock, dev: str) -> list[dict]:
    """A new record as a PC before 0.4 sends it: one op per field (the field-op peer of the benchmarks)."""
    rec = new_id()
    return [Op(id=new_id(), rec=rec, kind=kind, field=key, value=value, hlc=clock.now(), dev=dev,
               user="admin").to_wire() for key, value in values.items()]


def made(kind: str, values: dict[str, object], clock: Clock, dev: str) -> list[dict]:
    """A new record as a PC of the release measured sends it: in one op, or (before 0.4) one op per field."""
    try:
        from lan_server.records.ops import record_op
    except ImportError:
        return by_field(kind, values, clock, dev)
    return [record_op(new_id(), kind, values, hlc=clock.now(), dev=dev, user="admin").to_wire()]


def new_notes(n_ops: int, clock: Clock) -> list[dict]:
    return [op for i in range(n_ops) for op in made("note", {"title": f"t{i}"}, clock, "p")]


class _Counting:
    """A subscribed PC that counts the ops each change frame carries without building them (msgpack skips over
    them): the 25 PCs of an office decode on 25 processors, not on the two this benchmark shares with the server."""

    def __init__(self, address: str, device: str) -> None:
        self.address, self.device, self.ops = address, device, 0

    async def start(self) -> None:
        import ssl
        host, port = self.address.rsplit(":", 1)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        self.reader, self.writer = await asyncio.open_connection(host, int(port), ssl=ctx, limit=2 ** 24)
        # hello as a PC of this release says it (client/core/connection.py): its ops come as rows
        for i, (kind, fields) in enumerate((("hello", {"v": PROTOCOL_VERSION, "rows": True}), ("login", {
                "user": "admin", "password": "admin-pass-1", "device": self.device}),
                ("subscribe", {"since": 10 ** 12}))):
            self.writer.write(encode({"type": kind, "id": i + 1, **fields}))
            await self.writer.drain()
            await self._frame()

    async def _frame(self) -> bytes:
        header = await self.reader.readexactly(4)
        return await self.reader.readexactly(int.from_bytes(header, "big"))

    async def count_until(self, n_ops: int) -> None:
        import msgpack
        while self.ops < n_ops:
            unpacker = msgpack.Unpacker(raw=False)
            unpacker.feed(await self._frame())
            for _ in range(unpacker.read_map_header()):
                if unpacker.unpack() == "ops":
                    n = unpacker.read_array_header()
                    for _ in range(n):
                        unpacker.skip()
                    self.ops += n
                else:
                    unpacker.skip()

    def close(self) -> None:
        self.writer.close()


async def _fan_out_run(address: str, n_ops: int, subscribers: int, pushers: int = 1, decoding: bool = True,
                       server_pid: int | None = None, ops: list[dict] | None = None) -> tuple[float, float, float]:
    """Seconds until the server accepted `n_ops` (pushes of 1,000 from `pushers` PCs at once, each with up to
    PUSHES_IN_FLIGHT on their way, as a PC sends them) and until every subscriber received all of them (`decoding`:
    each decodes every op it gets, all in this one process, as before; else each counts them, _Counting); and the
    server's processor seconds meanwhile (0 without `server_pid`). `ops`: what is pushed (else `n_ops` notes)."""
    if ops is not None:
        n_ops = len(ops)
    subs = []
    received = [0] * subscribers
    done = asyncio.Event()
    counting: list[_Counting] = []
    for i in range(subscribers):
        if not decoding:
            counting.append(_Counting(address, f"s{i}"))
            await counting[-1].start()
            continue
        c = await Connection.open(address)
        await c.request("login", user="admin", password="admin-pass-1", device=f"s{i}")

        def on_event(msg: dict, i: int = i) -> None:
            received[i] += len(msg.get("ops", []))
            if all(r >= n_ops for r in received):
                done.set()
        c.on_event = on_event
        await c.request("subscribe", since=10 ** 12)
        subs.append(c)
    if counting:
        counted = asyncio.ensure_future(asyncio.gather(*(c.count_until(n_ops) for c in counting)))
        counted.add_done_callback(lambda _f: done.set())
    senders = []
    for i in range(pushers):
        pusher = await Connection.open(address)
        await pusher.request("login", user="admin", password="admin-pass-1", device=f"p{i}")
        senders.append(pusher)
    if ops is None:
        ops = new_notes(n_ops, Clock())
    # each push's records, and its ops as a PC of this release sends them: rows to a server that reads them
    rows = all(pusher.server_info.get("rows") is True for pusher in senders)
    batches = [({op["rec"] for op in ops[i:i + 1000]},
                [Op.from_wire(op).to_row() for op in ops[i:i + 1000]] if rows else ops[i:i + 1000])
               for i in range(0, n_ops, 1000)]

    async def push(pusher: Connection, mine: list[tuple[set[str], list[Any]]]) -> None:
        # As a PC sends its outbox (client/core/pushing.py): the next push on its way before the last is answered
        # when it touches none of the records of those on their way (new records never do).
        flying: collections.deque[tuple[set[str], asyncio.Future[dict]]] = collections.deque()
        for recs, batch in mine:
            while flying and (len(flying) >= PUSHES_IN_FLIGHT or any(recs & sent for sent, _ in flying)):
                await flying.popleft()[1]
            flying.append((recs, asyncio.ensure_future(pusher.request("push", ops=batch))))
        for _recs, answer in flying:
            await answer
    start, cpu = time.perf_counter(), _cpu_seconds(server_pid) if server_pid else 0.0
    await asyncio.gather(*(push(c, batches[i::pushers]) for i, c in enumerate(senders)))
    accepted = time.perf_counter() - start
    await asyncio.wait_for(done.wait(), 120)
    delivered = time.perf_counter() - start
    cpu = _cpu_seconds(server_pid) - cpu if server_pid else 0.0
    for c in [*subs, *senders]:
        await c.close()
    for counter in counting:
        counter.close()
    return accepted, delivered, cpu


def _cpu_seconds(pid: int) -> float:
    """The processor time a process has used (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def disk_mb(folder: Path) -> float:
    """What a PC's copy takes on disk (the database with its write-ahead log)."""
    return sum(f.stat().st_size for f in folder.glob("replica.db*")) / 1e6


def test_server_throughput_and_fan_out(tmp_path: Path) -> None:
    n_ops = 50_000
    rows = [(new_id(), json.dumps(Op(id=new_id(), rec=new_id(), kind="note", field="title", value=f"t{i}", hlc=i,
                                     dev="p", user="admin").to_wire())) for i in range(n_ops)]
    floor = n_ops / _sqlite_floor(tmp_path, rows, 1000)
    print(f"\nload {os.getloadavg()[0]:.1f}; SQLite alone stores {floor:,.0f} JSON rows/s in batches of 1000")
    for subscribers, pushers, decoding in ((10, 1, True), (25, 1, True), (25, 4, True), (25, 1, False),
                                           (25, 4, False)):
        server = ServerProcess(tmp_path / f"srv-{subscribers}-{pushers}-{decoding}").start()
        try:
            assert server.proc is not None
            accepted, delivered, used = asyncio.run(_fan_out_run(server.address, n_ops, subscribers, pushers, decoding,
                                                                 server.proc.pid))
        finally:
            server.kill()
        print(f"server accepts {n_ops / accepted:,.0f} ops/s (batches of 1000 from {pushers} PC(s) at once) and "
              f"delivers them to {subscribers} subscribers {'decoding' if decoding else 'counting'} at "
              f"{n_ops / delivered:,.0f} ops/s each ({n_ops * subscribers / delivered:,.0f} op deliveries/s); the "
              f"server's processor time {used * 1e6 / n_ops:.0f} us an op ({n_ops / used:,.0f} ops a "
              f"processor-second); load {os.getloadavg()[0]:.1f}")


def test_fan_out_of_new_records_in_one_op_beside_field_ops(tmp_path: Path) -> None:
    """25 PCs receive the same new contacts (4 fields each) pushed by one PC: made in one op each, as this release's
    PCs make them, and one op per field, as PCs before 0.4 made them (the field-op peer), in the same run."""
    n = int(os.environ.get("BENCH_FAN_OUT_RECORDS", 12_500))  # 50,000 field ops
    rnd = random.Random(n)
    values = [contact_values(i, rnd) for i in range(n)]
    print(f"\nload {os.getloadavg()[0]:.1f}; {n:,} new contacts x 4 fields pushed by one PC, 25 PCs subscribed "
          f"(counting what arrives)")
    for label, make in (("in one op each", made), ("one op per field (the field-op peer)", by_field)):
        clock = Clock()
        ops = [op for v in values for op in make("contact", v, clock, "p")]
        server = ServerProcess(tmp_path / f"srv-{make.__name__}").start()
        try:
            assert server.proc is not None
            accepted, delivered, used = asyncio.run(_fan_out_run(server.address, len(ops), 25, 1, False,
                                                                 server.proc.pid, ops=ops))
        finally:
            server.kill()
        print(f"  {label}: {len(ops):,} ops; accepted at {n / accepted:,.0f} records/s, delivered to each of 25 PCs at "
              f"{n / delivered:,.0f} records/s ({len(ops) / delivered:,.0f} ops/s); the server's processor time "
              f"{used * 1e6 / n:.0f} us a record; load {os.getloadavg()[0]:.1f}")


def _index_settled(db: Path, most_s: float = 600) -> float:
    """Seconds until a server's search text put aside while pushes came is in its full-text index (a server indexes
    it once pushes pause): a new PC joins an office whose server is settled, not one still indexing a burst."""
    start = time.perf_counter()
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as con:
        while time.perf_counter() - start < most_s:
            try:
                if con.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
                    break
            except sqlite3.OperationalError:  # a release before 0.4: no such table, indexed at once
                break
            time.sleep(0.05)
    return time.perf_counter() - start


@pytest.mark.parametrize("n", [10_000, 100_000, 300_000])
def test_new_client_first_copy(tmp_path: Path, n: int) -> None:
    server = ServerProcess(tmp_path / "srv").start()
    try:
        seed_s = asyncio.run(_seed(server.address, n))
        print(f"\nload {os.getloadavg()[0]:.1f}; seeded {n:,} contacts x 4 fields, names in no order, as this "
              f"release's PCs make them, in {seed_s:.1f} s ({n / seed_s:,.0f} records/s accepted); the server's "
              f"search index took them in {_index_settled(tmp_path / 'srv' / DB_FILE):.1f} s more")
        replica = Replica(tmp_path / "new-pc")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert server.proc is not None
        start, pc_cpu, server_cpu = time.perf_counter(), time.process_time(), _cpu_seconds(server.proc.pid)
        start_cpu = pc_cpu
        asyncio.run(login_async(replica, server.address, "admin", "admin-pass-1"))
        took = time.perf_counter() - start
        pc_cpu, server_cpu = time.process_time() - pc_cpu, _cpu_seconds(server.proc.pid) - server_cpu
        # The copy is usable now; its search text may still be moving into the full-text index on the writer
        # (a search meanwhile waits for it): when that is done is the other figure.
        pending = getattr(replica._store, "search_pending", lambda: 0)  # (a release before 0.4 indexed at once)
        deadline = time.perf_counter() + 600
        while pending() and time.perf_counter() < deadline:
            time.sleep(0.01)
        indexed, pc_indexed = time.perf_counter() - start, time.process_time() - start_cpu
        assert not pending()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        count = replica.count("contact")
        t = time.perf_counter()
        hits = replica.records("contact", search="иванов 0099", limit=50)
        search_ms = (time.perf_counter() - t) * 1000
        total = replica.count(None)
        replica.close()
        assert count == n and total == n
        print(f"new client synced {count:,} records in {took:.1f} s (processor time: the PC {pc_cpu:.1f} s, the server "
              f"{server_cpu:.1f} s; load {os.getloadavg()[0]:.1f}); its search index complete at {indexed:.1f} s "
              f"(the PC's processor time by then {pc_indexed:.1f} s); peak RSS {peak / 1024:.0f} MB "
              f"(was {before / 1024:.0f} MB); quick search on the copy: {len(hits)} hits in {search_ms:.1f} ms; "
              f"the copy on disk: {disk_mb(tmp_path / 'new-pc'):.0f} MB")
    finally:
        server.kill()
    rnd = random.Random(n)
    rows = [(f"{i:08d}.{k}", json.dumps(v, ensure_ascii=False))
            for i in range(n) for k, v in contact_values(i, rnd).items()]
    floor = _sqlite_floor(tmp_path, rows, 5000)
    print(f"  floor: SQLite alone stores the same {len(rows):,} values as rows of one table in {floor:.1f} s")
    peer = pouchdb.run("first-copy", n)
    if peer:
        assert peer["count"] == n
        print(f"  PouchDB: a new PC replicates the same {n:,} contacts from express-pouchdb in "
              f"{peer['first_copy_s']:.1f} s")
