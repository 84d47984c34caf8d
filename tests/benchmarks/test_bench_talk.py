"""Talk benchmark: a comment or message typed on one PC, shown on the recipient's PC (received, applied, found to
be a notification of theirs), with 25 colleagues' PCs connected; beside it, from the same run, a plain record
typed on the same PC and seen by the same 25 PCs (`watch`: the peer, any change's latency) and a bare msgpack
frame's round trip (the floor).

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_talk.py
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from client.core.replica import Replica
from client.core.session import login
from client.core.sync import SyncEngine
from client.core.talk import comments, messages
from lan_server.records import talk
from tests.benchmarks.test_bench_sync import _round_trip_floor, pct
from tests.servers import ROOT, ServerProcess, client, env, wait_for

pytestmark = pytest.mark.benchmark
PCS = 25
ROUNDS = 60  # of each: a channel message (to all 25), a comment mentioning one, a direct message to one


def _summary(name: str, values: list[float]) -> str:
    return (f"{name}: n {len(values)}, p50 {statistics.median(values):.1f} ms, p99 {pct(values, 99):.1f} ms, "
            f"max {max(values):.1f} ms")


def test_a_comment_or_message_on_the_recipients_pc_with_25_pcs(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "srv").start()
    followers: list[subprocess.Popen[str]] = []
    writer: Replica | None = None
    engine: SyncEngine | None = None
    try:
        users = [f"u{i:02d}" for i in range(PCS)]
        for name in users:
            server.add_user(name, f"{name}-pass-1", full_name=f"Коллега {name}")
        for name in users:
            pc = tmp_path / name
            r = client(pc, "login", server.address, "--user", name, "--password", f"{name}-pass-1")
            assert r.returncode == 0, r.stderr
        for n, name in enumerate(users):
            told = ROUNDS + 2 * sum(1 for i in range(ROUNDS) if i % PCS == n)  # the channel, and its own two
            p = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(tmp_path / name), "notifications",
                                  "--follow", "--count", str(told), "--seconds", "180"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
            assert p.stderr is not None and "watching" in p.stderr.readline()
            followers.append(p)
        writer = Replica(tmp_path / "admin")
        login(writer, server.address, "admin", "admin-pass-1")
        engine = SyncEngine(writer, min_delay=0.1, max_delay=0.5)
        engine.start()
        assert wait_for(lambda: engine is not None and engine.status.state == "online", 20)
        rec = writer.add("contact", {"name": "Общий клиент"})
        assert wait_for(lambda: writer is not None and writer.outbox_size() == 0, 20)
        sent: dict[str, tuple[str, float]] = {}
        for i in range(ROUNDS):
            who = users[i % PCS]
            assert writer is not None
            for kind, post in (
                    ("channel message", lambda r=writer, i=i: messages.send(r, talk.CHANNEL, f"Всем: новость {i}")),
                    ("comment with a mention", lambda r=writer, i=i, who=who: comments.post(r, rec, f"@{who} {i}")),
                    ("direct message", lambda r=writer, i=i, who=who: messages.send(r, talk.chat_of("admin", who),
                                                                                     f"Лично {i}"))):
                t = time.time()
                sent[post()] = (kind, t)
                time.sleep(0.03)
        latencies: dict[str, list[float]] = {}
        for p in followers:
            out, _ = p.communicate(timeout=120)
            for line in out.splitlines():
                note = json.loads(line)
                kind, t = sent[note["id"]]
                latencies.setdefault(kind, []).append((note["received_at"] - t) * 1000)
        load = os.getloadavg()
        print(f"\ntalk: typed on one PC, shown on the recipient's PC, {PCS} PCs connected "
              f"(load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, {os.cpu_count()} cores)")
        assert len(latencies.get("channel message", [])) == ROUNDS * PCS
        assert len(latencies.get("comment with a mention", [])) == ROUNDS
        assert len(latencies.get("direct message", [])) == ROUNDS
        plain = _plain_changes(writer, [tmp_path / name for name in users])
        every = [v for values in latencies.values() for v in values]
        for kind, values in latencies.items():
            print("  " + _summary(kind, values))
        print("  " + _summary("all of them", every) + "   target p99 <= 50 ms")
        print("  " + _summary("peer, the same run: a plain record (a note) seen by the same 25 PCs", plain))
        floor = asyncio.run(_round_trip_floor())
        print(f"  floor: one msgpack frame to a server and back on 127.0.0.1, p50 {statistics.median(floor):.2f} ms, "
              f"p99 {pct(floor, 99):.2f} ms")
    finally:
        for p in followers:
            if p.poll() is None:
                p.kill()
                p.communicate()
        if engine is not None:
            engine.stop()
        if writer is not None:
            writer.close()
        server.kill()


def _plain_changes(writer: Replica, profiles: list[Path], edits: int = ROUNDS) -> list[float]:
    """A note typed on the writer's PC, seen by each of the PCs (`watch`): what any change costs here now."""
    watchers = []
    try:
        for pc in profiles:
            w = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(pc), "watch", "--count", str(edits),
                                  "--seconds", "120"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=env(), cwd=ROOT)
            assert w.stderr is not None and "watching" in w.stderr.readline()
            watchers.append(w)
        sent: dict[str, float] = {}
        for i in range(edits):
            t = time.time()
            sent[writer.add("note", {"title": f"заметка {i}"})] = t
            time.sleep(0.03)
        latencies = []
        for w in watchers:
            out, _ = w.communicate(timeout=120)
            latencies += [(line["received_at"] - sent[line["rec"]]) * 1000 for line in map(json.loads, out.splitlines())
                          if line["rec"] in sent]
        assert len(latencies) == edits * len(profiles)
        return latencies
    finally:
        for w in watchers:
            if w.poll() is None:
                w.kill()
                w.communicate()
