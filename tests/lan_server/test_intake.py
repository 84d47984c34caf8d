"""The server's door: half-received frames share one budget, and the frame begun longest ago gives way."""

from __future__ import annotations

import struct
import time
from pathlib import Path
from typing import Iterator

import pytest

from lan_server import intake
from lan_server.intake import FrameBudget
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
