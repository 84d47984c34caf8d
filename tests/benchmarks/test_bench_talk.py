"""Talk benchmark: a comment or message typed on one PC, shown on the recipient's PC (received, applied, found to
be a notification of theirs), with 25 colleagues' PCs connected. Beside it, in alternating phases of the same run
(talk, notes, talk, notes: each with the same 25 PC processes), a plain record typed on the same PC and seen by
the same 25 PCs (`watch`: the peer, any change's latency), and a bare msgpack frame's round trip (the floor).

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
from tests.servers import ROOT, ServerProcess, client, env, reap, wait_for

pytestmark = pytest.mark.benchmark
PCS = 25
ROUNDS = 30  # per phase, of each: a channel message (to all 25), a comment mentioning one, a direct message to one
PEER = "peer, the alternate phases: a plain record (a note) applied on the same 25 PCs (`watch`)"


def _summary(name: str, values: list[float]) -> str:
    return (f"{name}: n {len(values)}, p50 {statistics.median(values):.1f} ms, p99 {pct(values, 99):.1f} ms, "
            f"max {max(values):.1f} ms")


def _start(profile: Path, *command: str) -> subprocess.Popen[str]:
    p = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(profile), *command, "--seconds", "180"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    assert p.stderr is not None and "watching" in p.stderr.readline()
    return p


def _talk_phase(writer: Replica, rec: str, profiles: list[Path], users: list[str]) -> dict[str, list[float]]:
    """Each colleague's PC told of the channel's messages and of its own mentions and direct messages."""
    followers = []
    try:
        for n, pc in enumerate(profiles):
            told = ROUNDS + 2 * sum(1 for i in range(ROUNDS) if i % PCS == n)
            followers.append(_start(pc, "notifications", "--follow", "--count", str(told)))
        sent: dict[str, tuple[str, float]] = {}
        for i in range(ROUNDS):
            who = users[i % PCS]
            for kind, post in (
                    ("channel message", lambda i=i: messages.send(writer, talk.CHANNEL, f"Всем: новость {i}")),
                    ("comment with a mention", lambda i=i, who=who: comments.post(writer, rec, f"@{who} {i}")),
                    ("direct message", lambda i=i, who=who: messages.send(writer, talk.chat_of("admin", who),
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
        return latencies
    finally:
        reap(*followers)


def _note_phase(writer: Replica, profiles: list[Path]) -> list[float]:
    """A note typed on the writer's PC, applied on each of the PCs (`watch`'s applied_at: stored there, as a
    notification is only once stored): what any change costs here now."""
    watchers = []
    try:
        # Each PC gets two records per talk round (the channel's message and the comment, which reaches every PC
        # that reads the record): the notes come at that same rate.
        watchers = [_start(pc, "watch", "--count", str(2 * ROUNDS)) for pc in profiles]
        sent: dict[str, float] = {}
        for i in range(2 * ROUNDS):
            t = time.time()
            sent[writer.add("note", {"title": f"заметка {i}"})] = t
            time.sleep(0.045)
        latencies = []
        for w in watchers:
            out, _ = w.communicate(timeout=120)
            latencies += [(line["applied_at"] - sent[line["rec"]]) * 1000 for line in map(json.loads, out.splitlines())
                          if line["rec"] in sent]
        return latencies
    finally:
        reap(*watchers)


def test_a_comment_or_message_on_the_recipients_pc_with_25_pcs(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "srv").start()
    writer: Replica | None = None
    engine: SyncEngine | None = None
    try:
        users = [f"u{i:02d}" for i in range(PCS)]
        for name in users:
            server.add_user(name, f"{name}-pass-1", full_name=f"Коллега {name}")
        profiles = [tmp_path / name for name in users]
        for name, pc in zip(users, profiles):
            r = client(pc, "login", server.address, "--user", name, "--password", f"{name}-pass-1")
            assert r.returncode == 0, r.stderr
        writer = Replica(tmp_path / "admin")
        login(writer, server.address, "admin", "admin-pass-1")
        engine = SyncEngine(writer, min_delay=0.1, max_delay=0.5)
        engine.start()
        assert wait_for(lambda: engine is not None and engine.status.state == "online", 20)
        rec = writer.add("contact", {"name": "Общий клиент"})
        assert wait_for(lambda: writer is not None and writer.outbox_size() == 0, 20)
        latencies: dict[str, list[float]] = {}
        loads = []
        for _phase in range(2):  # alternating, so both meet the box as it is this minute
            for kind, values in _talk_phase(writer, rec, profiles, users).items():
                latencies.setdefault(kind, []).extend(values)
            latencies.setdefault(PEER, []).extend(_note_phase(writer, profiles))
            loads.append(os.getloadavg()[0])
        print(f"\ntalk: typed on one PC, shown on the recipient's PC, {PCS} PCs connected "
              f"(load after each pair of phases: {', '.join(f'{x:.1f}' for x in loads)}; {os.cpu_count()} cores)")
        assert len(latencies["channel message"]) == 2 * ROUNDS * PCS
        assert len(latencies["comment with a mention"]) == len(latencies["direct message"]) == 2 * ROUNDS
        assert len(latencies[PEER]) == 4 * ROUNDS * PCS
        every = [v for kind, values in latencies.items() if kind != PEER for v in values]
        for kind, values in latencies.items():
            if kind != PEER:
                print("  " + _summary(kind, values))
        print("  " + _summary("all of them", every) + "   target p99 <= 50 ms")
        print("  " + _summary(PEER, latencies[PEER]))
        floor = asyncio.run(_round_trip_floor())
        print(f"  floor: one msgpack frame to a server and back on 127.0.0.1, p50 {statistics.median(floor):.2f} ms, "
              f"p99 {pct(floor, 99):.2f} ms")
    finally:
        if engine is not None:
            engine.stop()
        if writer is not None:
            writer.close()
        server.kill()
