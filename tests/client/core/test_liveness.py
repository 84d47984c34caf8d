"""A server that hangs (stopped with SIGSTOP, not closed) while PCs work: every PC shows it offline within 10 s,
typing or not, with the reason, and catches up when it answers again. Real server process, the window's own engine."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from client.core.replica import Replica
from client.core.sync import SyncEngine, SyncStatus
from tests.servers import ServerProcess, wait_for

OFFLINE_WITHIN_S = 10.0


class Watched:
    """One PC: its copy, the engine the window runs, and every status it showed, with the time."""

    def __init__(self, profile: Path) -> None:
        self.replica = Replica(profile)
        self.seen: list[tuple[float, SyncStatus]] = []
        self.engine = SyncEngine(self.replica, on_status=lambda s: self.seen.append((time.monotonic(), s)),
                                 min_delay=0.2, max_delay=30.0)

    def state(self) -> str:
        return self.seen[-1][1].state if self.seen else "offline"

    def first(self, state: str, after: float) -> tuple[float, SyncStatus] | None:
        return next(((t, s) for t, s in self.seen if t >= after and s.state == state), None)

    def stop(self) -> None:
        self.engine.stop()
        self.replica.close()


@pytest.mark.parametrize("hang_s", [12, pytest.param(20, marks=pytest.mark.soak)])
def test_a_hung_server_shows_offline_on_every_pc_within_10_s_typing_or_not_and_they_catch_up(
        office_server: ServerProcess, make_profile: Callable[..., Path], hang_s: int) -> None:
    pcs = {name: Watched(make_profile(name)) for name in ("typing", "idle", "watching")}
    typed: list[str] = []
    stop_typing = threading.Event()

    def type_notes() -> None:  # a user who keeps working: a new note every 0.3 s, the hang or not
        while not stop_typing.is_set() and len(typed) < 400:
            typed.append(pcs["typing"].replica.add("note", {"title": f"Звонок {len(typed)}"}))
            stop_typing.wait(0.3)
    typist = threading.Thread(target=type_notes, name="test-typist")
    proc = office_server.proc
    assert proc is not None
    try:
        for pc in pcs.values():
            pc.engine.start()
        assert wait_for(lambda: all(pc.state() == "online" for pc in pcs.values()), 30)
        typist.start()
        time.sleep(2)
        before_hang = len(typed)
        proc.send_signal(signal.SIGSTOP)
        stopped = time.monotonic()
        assert wait_for(lambda: all(pc.first("offline", stopped) for pc in pcs.values()), OFFLINE_WITHIN_S + 2)
        time.sleep(max(0.0, stopped + hang_s - time.monotonic()))
        during = len(typed) - before_hang
        proc.send_signal(signal.SIGCONT)
        resumed = time.monotonic()
        assert wait_for(lambda: all(pc.first("online", resumed) for pc in pcs.values()), 30)
        stop_typing.set()
        typist.join(10)
        last = typed[-1]
        # Once seen at load 5-7, never alone: the note typed as a PC compared its copy after reconnecting was forgotten
        # (sync.check_and_repair). Said in full if it comes again: lost (gone on the typing PC, outbox empty) or late.
        assert wait_for(lambda: pcs["watching"].replica.get(last) is not None, 30), {
            name: (pc.state(), pc.replica.outbox_size(), pc.replica.last_seq, pc.replica.get(last) is not None)
            for name, pc in pcs.items()}
        caught_up = time.monotonic()
    finally:
        stop_typing.set()
        if proc.poll() is None:
            proc.send_signal(signal.SIGCONT)
        if typist.is_alive():
            typist.join(10)
        for pc in pcs.values():
            pc.stop()
    figures = []
    for name, pc in pcs.items():
        went, status = pc.first("offline", stopped)  # type: ignore[misc]
        back, _ = pc.first("online", resumed)  # type: ignore[misc]
        figures.append(f"{name}: offline after {went - stopped:.1f} s, online {back - resumed:.1f} s after it answered")
        assert went - stopped <= OFFLINE_WITHIN_S, f"{name} showed offline after {went - stopped:.1f} s"
        assert status.error and "answer" in status.error, f"{name} says why: {status.error!r}"
    missing = [rec for rec in typed if pcs["watching"].replica.get(rec) is None]
    assert not missing, f"{len(missing)} notes typed on one PC did not reach another"
    print(f"\nserver hung {hang_s} s: {'; '.join(figures)}; {during} notes typed during the hang, all {len(typed)} on "
          f"the other PC {caught_up - resumed:.1f} s after it answered; load {os.getloadavg()[0]:.1f}")


def test_a_command_against_a_hung_server_stops_within_10_s_and_says_why(
        office_server: ServerProcess, make_profile: Callable[..., Path]) -> None:
    from tests.servers import client
    profile = make_profile("pc")
    assert client(profile, "add", "contact", "name=Анна Иванова").returncode == 0
    proc = office_server.proc
    assert proc is not None
    proc.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        r = client(profile, "--lang", "ru", "sync", process=True, timeout=60)
        took = time.monotonic() - started
    finally:
        proc.send_signal(signal.SIGCONT)
    assert r.returncode != 0 and took <= OFFLINE_WITHIN_S + 3, (took, r.stdout, r.stderr)  # a Python start included
    assert "сервер не отвечает" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert client(profile, "sync").returncode == 0  # and when it answers again, the edit goes
