"""Talk benchmark: a comment or message typed on one PC, shown on the recipient's PC (received, applied, found to
be a notification of theirs), with 25 colleagues' PCs connected; beside it, in the same rounds, a plain record typed
on the same PC and seen by a second PC of each colleague (`watch`: the peer, any change's latency), and a bare
msgpack frame's round trip (the floor).

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_talk.py
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
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
ROUNDS = 60  # of each: a channel message (to all 25), a comment mentioning one, a direct message to one, a note
PEER = "peer, each round: a plain record (a note) seen by each colleague's second PC (`watch`)"


def _summary(name: str, values: list[float]) -> str:
    return (f"{name}: n {len(values)}, p50 {statistics.median(values):.1f} ms, p99 {pct(values, 99):.1f} ms, "
            f"max {max(values):.1f} ms")


def test_a_comment_or_message_on_the_recipients_pc_with_25_pcs(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "srv").start()
    followers: list[subprocess.Popen[str]] = []
    watchers: list[subprocess.Popen[str]] = []
    writer: Replica | None = None
    engine: SyncEngine | None = None
    try:
        users = [f"u{i:02d}" for i in range(PCS)]
        for name in users:
            server.add_user(name, f"{name}-pass-1", full_name=f"Коллега {name}")
        for name in users:  # each colleague's PC, and a second PC of theirs that watches plain changes
            for pc in (tmp_path / name, tmp_path / f"{name}-2"):
                r = client(pc, "login", server.address, "--user", name, "--password", f"{name}-pass-1")
                assert r.returncode == 0, r.stderr
        for n, name in enumerate(users):
            told = ROUNDS + 2 * sum(1 for i in range(ROUNDS) if i % PCS == n)  # the channel, and its own two
            followers.append(_start(tmp_path / name, "notifications", "--follow", "--count", str(told)))
            watchers.append(_start(tmp_path / f"{name}-2", "watch"))  # every op it may read: ended below
        writer = Replica(tmp_path / "admin")
        login(writer, server.address, "admin", "admin-pass-1")
        engine = SyncEngine(writer, min_delay=0.1, max_delay=0.5)
        engine.start()
        assert wait_for(lambda: engine is not None and engine.status.state == "online", 20)
        rec = writer.add("contact", {"name": "Общий клиент"})
        assert wait_for(lambda: writer is not None and writer.outbox_size() == 0, 20)
        sent: dict[str, tuple[str, float]] = {}
        for i in range(ROUNDS):  # each kind in turn, so all meet the same load
            who = users[i % PCS]
            assert writer is not None
            for kind, post in (
                    ("channel message", lambda r=writer, i=i: messages.send(r, talk.CHANNEL, f"Всем: новость {i}")),
                    ("comment with a mention", lambda r=writer, i=i, who=who: comments.post(r, rec, f"@{who} {i}")),
                    ("direct message", lambda r=writer, i=i, who=who: messages.send(r, talk.chat_of("admin", who),
                                                                                     f"Лично {i}")),
                    (PEER, lambda r=writer, i=i: r.add("note", {"title": f"заметка {i}"}))):
                t = time.time()
                sent[post()] = (kind, t)
                time.sleep(0.03)
        latencies: dict[str, list[float]] = {}
        outs = [p.communicate(timeout=120)[0].splitlines() for p in followers]
        last = next(rec for rec, (kind, _) in reversed(sent.items()) if kind == PEER)
        outs += [_until(w, last) for w in watchers]  # each has seen the last note, then is stopped
        for p, out in zip([*followers, *watchers], outs):
            for line in out:
                note = json.loads(line)
                found = sent.get(note.get("id") or note.get("rec"))
                if found is not None and (p in followers or found[0] == PEER):
                    latencies.setdefault(found[0], []).append((note["received_at"] - found[1]) * 1000)
        load = os.getloadavg()
        print(f"\ntalk: typed on one PC, shown on the recipient's PC, {PCS} PCs connected, each kind in turn "
              f"(load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, {os.cpu_count()} cores)")
        assert len(latencies.get("channel message", [])) == ROUNDS * PCS
        assert len(latencies.get("comment with a mention", [])) == ROUNDS
        assert len(latencies.get("direct message", [])) == ROUNDS
        assert len(latencies.get(PEER, [])) == ROUNDS * PCS
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
        for p in [*followers, *watchers]:
            if p.poll() is None:
                p.kill()
                p.communicate()
        if engine is not None:
            engine.stop()
        if writer is not None:
            writer.close()
        server.kill()


def _start(profile: Path, *command: str) -> subprocess.Popen[str]:
    p = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(profile), *command, "--seconds", "180"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    assert p.stderr is not None and "watching" in p.stderr.readline()
    return p


def _until(watcher: subprocess.Popen[str], rec: str, timeout: float = 60) -> list[str]:
    """The lines a `watch` printed until it printed `rec` (or `timeout` passed); then it is stopped."""
    lines: list[str] = []
    seen = threading.Event()

    def read() -> None:
        assert watcher.stdout is not None
        for line in watcher.stdout:
            lines.append(line)
            if rec in line:
                seen.set()
    reader = threading.Thread(target=read)
    reader.start()
    seen.wait(timeout)
    watcher.terminate()
    reader.join(10)
    watcher.wait(10)
    return lines
