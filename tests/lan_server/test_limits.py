"""Limits that protect the office: idle floods, slow logins, large values, all against a real server."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Iterator

import pytest

from lan_server import sessions
from lan_server.protocol import PROTOCOL_VERSION
from lan_server.service_runner import ServiceRunner
from tests.lan_server.test_server import Wire
from tests.servers import ServerProcess, client, server_in_thread


@pytest.fixture
def server_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ServiceRunner, str]]:
    """A server in this process (so its limits can be made short), on 127.0.0.1."""
    monkeypatch.setattr(sessions, "LOGIN_DEADLINE_S", 1.0)
    with server_in_thread(tmp_path / "server") as running:
        yield running


def test_a_login_goes_through_within_a_second_while_a_thousand_idle_connections_are_held(
        server_in_process: tuple[ServiceRunner, str], tmp_path: Path) -> None:
    runner, password = server_in_process
    assert runner.address
    host, port = runner.address.rsplit(":", 1)
    idle_tcp = [socket.create_connection((host, int(port)), timeout=10) for _ in range(500)]  # never say TLS
    idle_tls = []
    try:
        for _ in range(500):  # TLS done, then silent: these wait at the server's door
            idle_tls.append(Wire(runner.address))
        started = time.perf_counter()
        w = Wire(runner.address)
        try:
            assert w.call("hello", v=PROTOCOL_VERSION)["type"] == "ok"
            assert w.call("login", user="admin", password=password, device="pc-1")["type"] == "ok"
        finally:
            w.close()
        assert time.perf_counter() - started < 1.0
        # The idle ones that said nothing are closed once their time to log in (1 s here) is over.
        time.sleep(1.5)
        idle_tls[-1].sock.settimeout(5)
        assert idle_tls[-1].recv() is None
    finally:
        for s in idle_tcp:
            s.close()
        for w in idle_tls:
            w.close()


def test_large_values_reach_every_pc_by_snapshot_pull_and_live(office_server: ServerProcess, tmp_path: Path) -> None:
    """Nine near-1 MB notes made every other PC's sync fail with "connection lost" when pages were unbounded."""
    from client.core.replica import Replica
    from client.core.session import login
    from client.core.sync import SyncEngine
    from tests.servers import wait_for
    a_pc, b_pc, c_pc = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for pc in (a_pc, c_pc):
        assert client(pc, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                      ).returncode == 0
    watcher = Replica(c_pc)
    engine = SyncEngine(watcher, min_delay=0.1, max_delay=0.5)
    engine.start()
    a = Replica(a_pc)
    try:
        assert wait_for(lambda: engine.status.state == "online")
        # Ten values of 0.9 MB: 9 MB in all, more than one frame (8 MiB) holds, in pushes, pages and live.
        big = [a.add("note", {"title": f"Заметка {i}", "text": f"{i}" + "я" * 450_000}) for i in range(10)]
        assert client(a_pc, "sync").returncode == 0  # pushed
        b = Replica(b_pc)
        try:
            login(b, office_server.address, "admin", "admin-pass-1")  # a first copy: snapshot pages
            assert all(b.get(rec) is not None for rec in big)
        finally:
            b.close()
        assert wait_for(lambda: all(watcher.get(rec) is not None for rec in big), 20)  # live frames
        assert engine.status.state == "online"
    finally:
        a.close()
        engine.stop()
        watcher.close()


def stacks() -> str:
    """Every thread's stack in this process, the server's threads included."""
    names = {t.ident: t.name for t in threading.enumerate()}
    return "\n".join(f"--- {names.get(ident, ident)}\n{''.join(traceback.format_stack(frame))}"
                     for ident, frame in sys._current_frames().items())


def test_a_pc_that_does_not_read_its_changes_is_cut_off_and_the_rest_go_on(
        server_in_process: tuple[ServiceRunner, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from lan_server.records import Clock, Op, new_id
    monkeypatch.setattr(sessions, "MAX_SEND_BUFFER", 2 * 1024 * 1024)
    runner, password = server_in_process
    assert runner.address
    slow, reader, writer = Wire(runner.address), Wire(runner.address), Wire(runner.address)
    try:
        for w, device in ((slow, "slow"), (reader, "reader"), (writer, "writer")):
            assert w.login(password=password, device=device)["type"] == "ok"
        for w in (slow, reader):
            assert w.call("subscribe", since=0)["type"] == "ok"
        slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # and it never reads again
        got: set[str] = set()
        reader.sock.settimeout(30)

        def read() -> None:  # a PC that keeps up
            while len(got) < 30:
                msg = reader.recv()
                if msg is None:
                    return
                got.update(o["id"] for o in msg.get("ops", []))
        reading = threading.Thread(target=read, name="test-reader")
        reading.start()
        clock, sent, took = Clock(), [], []
        try:
            for _ in range(30):  # 30 pushes of 0.9 MB: far more than socket buffers and the 2 MiB allowance
                op = Op(id=new_id(), rec=new_id(), kind="note", field="text", value="я" * 450_000,
                        hlc=clock.now(), dev="writer")
                sent.append(op.id)
                started = time.monotonic()
                try:
                    assert writer.call("push", ops=[op.to_wire()])["acks"]
                except TimeoutError:  # once seen at load 5-7, never alone: where the server (in this process) was
                    print(f"push {len(sent)} unanswered after {time.monotonic() - started:.1f} s; the ones before "
                          f"took {took} s; the reader had {len(got)}; load {os.getloadavg()[0]:.1f}\n{stacks()}")
                    raise
                took.append(round(time.monotonic() - started, 2))
        finally:
            reading.join(60)
        assert got == set(sent), "the PC that reads got every change"
        slow.sock.settimeout(20)
        drained = 0
        while True:  # whatever the kernel held, then the end: the server closed the slow connection
            msg = slow.recv()
            if msg is None:
                break
            drained += 1
        assert drained < len(sent)
    finally:
        for w in (slow, reader, writer):
            w.close()


def test_a_frame_begun_and_trickled_does_not_hold_the_server_long(
        server_in_process: tuple[ServiceRunner, str], monkeypatch: pytest.MonkeyPatch) -> None:
    import struct
    monkeypatch.setattr(sessions, "FRAME_DEADLINE_S", 1.0)
    runner, password = server_in_process
    assert runner.address
    w = Wire(runner.address)
    try:
        assert w.login(password=password, device="trickle")["type"] == "ok"
        w.send_raw(struct.pack(">I", 8 * 1024 * 1024 - 1) + b"\x80" * 100)  # announces almost 8 MiB...
        w.sock.settimeout(10)
        started = time.monotonic()
        for _ in range(3):  # ...and trickles a few bytes now and then, never finishing
            time.sleep(0.4)
            try:
                w.send_raw(b"\x80" * 10)
            except OSError:
                break
        assert w.recv() is None and time.monotonic() - started < 5  # closed about a second after it began
    finally:
        w.close()
    healthy = Wire(runner.address)
    try:
        assert healthy.login(password=password, device="pc")["type"] == "ok"
    finally:
        healthy.close()
