"""The server's door: half-received frames share one budget, and the frame begun longest ago gives way."""

from __future__ import annotations

import socket
import ssl
import struct
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from lan_server import intake
from lan_server.intake import AtWork, Doorway, FrameBudget, Refusals
from lan_server.records import Clock, Op, new_id
from lan_server.service_runner import ServiceRunner
from tests.lan_server.test_server import Wire
from tests.servers import server_in_thread


class Holder:
    def __init__(self, name: str) -> None:
        self.name, self.dropped = name, False

    def drop(self) -> None:
        self.dropped = True


def test_past_the_budget_the_frame_begun_longest_ago_is_dropped_and_one_still_arriving_keeps_its_place() -> None:
    notes: list[str] = []
    budget = FrameBudget(100, note=notes.append)
    old, middle, new = Holder("old"), Holder("middle"), Holder("new")
    budget.hold(old, 30, new_frame=True)
    budget.hold(middle, 30, new_frame=True)
    budget.hold(old, 40, new_frame=False)  # more of the same frame: still the oldest
    budget.hold(new, 40, new_frame=True)   # 110 > 100
    assert (old.dropped, middle.dropped, new.dropped) == (True, False, False) and budget.total == 70
    budget.hold(middle, 10, new_frame=True)  # middle finished its frame and began another: now the newest
    budget.hold(new, 95, new_frame=False)    # 105: new's frame began before middle's
    assert new.dropped is True and middle.dropped is False and budget.total == 10
    budget.release(middle)
    assert budget.total == 0 and len(budget) == 0 and notes


@pytest.fixture
def small_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ServiceRunner, str]]:
    monkeypatch.setattr(intake, "FRAMES_BUDGET", 3 * 1024 * 1024)
    with server_in_thread(tmp_path / "server") as running:
        yield running


def test_connections_trickling_big_frames_give_way_and_a_colleagues_big_push_gets_through(
        small_budget: tuple[ServiceRunner, str]) -> None:
    runner, password = small_budget
    assert runner.address
    tricklers = [Wire(runner.address) for _ in range(2)]
    colleague = Wire(runner.address)
    try:
        for i, w in enumerate(tricklers):
            assert w.login(password=password, device=f"trickle-{i}")["type"] == "ok"
            w.send_raw(struct.pack(">I", 8 * 1024 * 1024 - 1) + b"\x00" * (1024 * 1024))  # 1 MiB of 8, then silence
            time.sleep(0.3)
        assert colleague.login(password=password, device="pc")["type"] == "ok"
        op = Op(id=new_id(), rec=new_id(), kind="note", field="text", value="я" * 450_000, hlc=Clock().now(),
                dev="pc").to_wire()
        assert colleague.call("push", ops=[op, {**op, "id": new_id(), "rec": new_id()}])["acks"]  # 1.8 MB
        tricklers[0].sock.settimeout(5)
        assert tricklers[0].recv() is None, "the frame begun longest ago was dropped"
        tricklers[1].send_raw(b"\x00" * 1024)  # the younger one is still there
        assert colleague.call("ping")["type"] == "ok"
    finally:
        for w in (*tricklers, colleague):
            w.close()


class Waiter:
    def __init__(self, work: AtWork = AtWork.SILENT, address: str = "192.168.1.30") -> None:
        self.work, self.address, self.closed = work, address, False

    def close(self) -> None:
        self.closed = True

    def at_work(self) -> AtWork:
        return self.work


def test_a_full_doorway_pushes_out_the_oldest_silent_connection_and_passes_over_a_login_at_work() -> None:
    door = Doorway(Refusals(), limit=3)
    login, first, second = Waiter(AtWork.PCS_TURN), Waiter(), Waiter()
    for w in (login, first, second):
        door.enter(w)
    door.enter(third := Waiter())  # the login waited longest, but it is in its handshake: the oldest silent one goes
    assert (login.closed, first.closed, second.closed) == (False, True, False)
    door.enter(Waiter())
    assert (login.closed, second.closed, third.closed) == (False, True, False) and len(door) == 3
    # A password being checked outlasts a flood's handshakes, stalled (its PC's turn) before those owed a read
    checking, owed, stalled = Waiter(AtWork.SPEAKING), Waiter(AtWork.SERVERS_TURN), Waiter(AtWork.PCS_TURN)
    door = Doorway(Refusals(), limit=3)
    for w in (checking, owed, stalled):
        door.enter(w)
    door.enter(Waiter(AtWork.SERVERS_TURN))
    assert (checking.closed, owed.closed, stalled.closed) == (False, False, True)
    door.enter(Waiter(AtWork.SERVERS_TURN))
    assert (checking.closed, owed.closed) == (False, True)
    # When every one looked at speaks our protocol, the oldest goes all the same: the line stays bounded
    busy = [Waiter(AtWork.SPEAKING) for _ in range(3)]
    door = Doorway(Refusals(), limit=3)
    for w in busy:
        door.enter(w)
    door.enter(Waiter())
    assert [w.closed for w in busy] == [True, False, False] and len(door) == 3


@pytest.fixture
def small_doorway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ServiceRunner, str]]:
    monkeypatch.setattr(intake, "MAX_WAITING", 4)
    with server_in_thread(tmp_path / "server") as running:
        yield running


def _closed_by_the_server(s: socket.socket, wait: float) -> bool:
    s.settimeout(wait)
    try:
        return s.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


class _StepByStep:
    """A PC's TLS over a plain socket, one step at a time (ssl's memory BIOs): its hello can be sent alone and the
    rest of the handshake later. Reads and writes as a socket does, for Wire."""

    def __init__(self, address: str) -> None:
        host, port = address.rsplit(":", 1)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        self.raw = socket.create_connection((host, int(port)), 10)
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = ctx.wrap_bio(self.incoming, self.outgoing)

    def hello(self) -> None:
        with pytest.raises(ssl.SSLWantReadError):
            self.tls.do_handshake()
        self.raw.sendall(self.outgoing.read())

    def _more(self) -> None:
        data = self.raw.recv(65536)
        if not data:
            raise ConnectionResetError("closed by the server")
        self.incoming.write(data)

    def finish(self) -> None:
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                self._more()
        self.raw.sendall(self.outgoing.read())

    def sendall(self, data: bytes) -> None:
        self.tls.write(data)
        self.raw.sendall(self.outgoing.read())

    def recv(self, n: int) -> bytes:
        while True:
            try:
                return self.tls.read(n)
            except ssl.SSLWantReadError:
                self._more()

    def close(self) -> None:
        self.raw.close()


def _logs_in_and_the_five_oldest_silent_ones_went(pc: _StepByStep, silent: list[socket.socket], password: str) -> None:
    """The PC finishes its handshake and logs in (it was not pushed out of a doorway of 4); the oldest silent ones
    were pushed out in its place and the newest three still wait."""
    pc.finish()
    wire = Wire.__new__(Wire)
    wire.sock, wire.next_id, wire.events = pc, 0, []  # type: ignore[assignment]
    assert wire.login(password=password)["type"] == "ok", "the PC at work on its login was pushed out"
    assert [_closed_by_the_server(s, 5 if i < 5 else 0.3) for i, s in enumerate(silent)] == [True] * 5 + [False] * 3


def _a_pc_in_its_handshake_beside_eight_newer(runner: ServiceRunner, password: str,
                                             connect: Callable[[str, int], socket.socket]) -> None:
    """A PC's TLS hello is answered (the PC is to answer next), then 8 connections made by `connect` come and wait in
    a doorway of 4: the PC logs in, and the five oldest of them were pushed out in its place."""
    assert runner.address
    host, port = runner.address.rsplit(":", 1)
    pc = _StepByStep(runner.address)
    newer: list[socket.socket] = []
    try:
        pc.hello()
        time.sleep(0.5)  # the server reads it and answers; its handshake now waits for the PC's last step
        for _ in range(8):
            newer.append(connect(host, int(port)))
        time.sleep(0.5)
        _logs_in_and_the_five_oldest_silent_ones_went(pc, newer, password)
    finally:
        pc.close()
        for s in newer:
            s.close()


def test_a_login_in_its_tls_handshake_outlasts_newer_silent_connections_that_fill_the_doorway(
        small_doorway: tuple[ServiceRunner, str]) -> None:
    # A burst: twice the doorway's room of connections that say nothing, all newer than the PC's
    def silent(host: str, port: int) -> socket.socket:
        return socket.create_connection((host, port), 10)
    _a_pc_in_its_handshake_beside_eight_newer(*small_doorway, silent)


def test_a_pc_whose_tls_hello_arrived_while_the_server_was_busy_outlasts_newer_silent_connections(
        small_doorway: tuple[ServiceRunner, str]) -> None:
    runner, password = small_doorway
    assert runner.address and runner._loop is not None
    host, port = runner.address.rsplit(":", 1)
    busy, held = threading.Event(), threading.Event()

    def hold() -> None:  # the server's loop busy, as a burst of connections keeps it: nothing is read meanwhile
        busy.set()
        held.wait(10)
    runner._loop.call_soon_threadsafe(hold)
    assert busy.wait(10)
    pc: _StepByStep | None = None
    silent: list[socket.socket] = []
    try:
        # The PC's hello reaches the server's socket before 8 silent connections arrive, all while it is busy; when
        # it is free, all nine enter the doorway before it reads a byte of any of them.
        pc = _StepByStep(runner.address)
        pc.hello()
        silent = [socket.create_connection((host, int(port)), 10) for _ in range(8)]
        time.sleep(0.2)  # on the server's side of the loopback
        held.set()
        _logs_in_and_the_five_oldest_silent_ones_went(pc, silent, password)
    finally:
        held.set()
        if pc is not None:
            pc.close()
        for s in silent:
            s.close()


def test_a_flood_from_one_address_pushes_out_its_own_however_far_its_handshakes_got() -> None:
    """The rarer case: every one of the oldest waiting is a flood's connection further in its handshake than a
    colleague's login (owed a read, while the colleague's PC is to answer). The flood's address holds the most places,
    so its own connections give way; the colleague keeps its place."""
    door = Doorway(Refusals(), limit=4)
    colleague = Waiter(AtWork.PCS_TURN, "192.168.1.20")
    flood = [Waiter(AtWork.SERVERS_TURN, "192.168.1.66") for _ in range(3)]
    for w in (colleague, *flood):
        door.enter(w)
    more = [Waiter(AtWork.SPEAKING, "192.168.1.66") for _ in range(20)]
    for w in more:
        door.enter(w)
    assert not colleague.closed and len(door) == 4
    assert sum(w.closed for w in flood + more) == 20
    # Two flooding addresses and a colleague: the one holding more gives way first; when they hold as many, the
    # older of theirs goes
    door = Doorway(Refusals(), limit=5)
    a = [Waiter(AtWork.SERVERS_TURN, "10.0.0.5") for _ in range(2)]
    colleague = Waiter(AtWork.PCS_TURN, "10.0.0.9")
    b = [Waiter(AtWork.SERVERS_TURN, "10.0.0.7") for _ in range(2)]
    for w in (a[0], colleague, a[1], *b):
        door.enter(w)
    door.enter(b2 := Waiter(AtWork.SERVERS_TURN, "10.0.0.7"))  # 10.0.0.5 and .7 hold 2 each: .5's older one goes
    assert [w.closed for w in (*a, colleague, *b, b2)] == [True, False, False, False, False, False]
    door.enter(Waiter(AtWork.SERVERS_TURN, "10.0.0.5"))  # .7 holds 3: its oldest goes
    assert [w.closed for w in (a[1], colleague, *b, b2)] == [False, False, True, False, False]
    # Gone from the line (logged in, or closed), a connection no longer counts for its address
    for w in (a[1], *b, b2):
        door.leave(w)
    door.enter(Waiter(AtWork.SERVERS_TURN, "10.0.0.9"))
    door.enter(Waiter(AtWork.SERVERS_TURN, "10.0.0.9"))
    door.enter(Waiter(AtWork.SERVERS_TURN, "10.0.0.9"))
    assert len(door) == 5 and not colleague.closed


def test_a_colleague_is_not_cut_off_by_a_flood_whose_connections_finish_tls_and_wait(
        small_doorway: tuple[ServiceRunner, str]) -> None:
    """A real server with a doorway of 4: a PC's TLS hello is answered (the PC is to answer next), then 8 connections
    from another address of the network finish TLS and say nothing (each owed a read: further than the PC). Before,
    the PC was the least at work among the oldest and was cut off; now the flood's address gives way."""
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE

    def flooding(host: str, port: int) -> socket.socket:
        raw = socket.create_connection((host, port), 10, source_address=("127.0.0.2", 0))
        return tls.wrap_socket(raw)  # TLS done, then silence
    _a_pc_in_its_handshake_beside_eight_newer(*small_doorway, flooding)
