"""One connection's requests as the server takes them: pushes read ahead while the one before is stored."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

import pytest

from lan_server.auth import User
from lan_server.hub import Hub, PushResult
from lan_server.protocol import encode
from lan_server.records import Op
from lan_server.service_runner import ServiceRunner
from tests.lan_server.test_server import Wire, make_ops
from tests.servers import server_in_thread


def test_a_pcs_next_push_is_read_while_the_one_before_is_stored_and_answers_keep_their_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the database thread stores a PC's push, the server reads that PC's next push and hands it to the hub
    (before, it lay unread until the first was answered). The answers go out in the order the pushes were sent,
    and a request after them (a pull) is answered after them, seeing what they stored."""
    arrived: list[int] = []   # pushes handed to the hub, as they come
    stored: list[list[int]] = []  # each transaction's pushes (their sizes)
    seen: list[int] = []  # pushes handed to the hub while the first transaction was stored
    push_soon, push_many = Hub.push_soon, Hub.push_many

    async def counting_push_soon(self: Hub, user: User, ops: Sequence[Op]) -> PushResult:
        arrived.append(len(ops))
        return await push_soon(self, user, ops)

    def slow_push_many(self: Hub, pushes: Sequence[tuple[User, Sequence[Op]]]) -> list[PushResult]:
        stored.append([len(ops) for _, ops in pushes])
        if len(stored) == 1:  # a slow disk: time for the server to read the next push, if it reads ahead
            deadline = time.monotonic() + 3
            while len(arrived) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            seen.append(len(arrived))
        return push_many(self, pushes)

    monkeypatch.setattr(Hub, "push_soon", counting_push_soon)
    monkeypatch.setattr(Hub, "push_many", slow_push_many)
    with server_in_thread(tmp_path / "server") as (runner, password), _logged_in(runner, password) as pc:
        pushes = [make_ops(n) for n in (10, 20)]
        pc.send_raw(b"".join(encode({"type": "push", "id": 10 + i, "ops": ops}) for i, ops in enumerate(pushes))
                    + encode({"type": "pull", "id": 20, "since": 0}))
        answers = [pc.recv() for _ in range(3)]
    assert seen == [2] and arrived == [10, 20] and sum(stored, []) == [10, 20]
    assert [a and (a["type"], a["re"]) for a in answers] == [("ok", 10), ("ok", 11), ("ok", 20)]
    for answer, ops in zip(answers, pushes):
        assert answer is not None and [a[0] for a in answer["acks"]] == [op["id"] for op in ops]
    pulled: Any = answers[2]
    assert {op["id"] for op in pulled["ops"]} >= {op["id"] for ops in pushes for op in ops}


def test_a_push_that_fails_on_the_database_closes_only_its_connection_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A push the database thread fails on is answered with an internal error, not left waiting; the pushes read
    after it are not answered, and the connection closes (the PC sends them again on its next connection)."""
    push_many = Hub.push_many

    def failing(self: Hub, pushes: Sequence[tuple[User, Sequence[Op]]]) -> list[PushResult]:
        if any(len(ops) == 7 for _, ops in pushes):
            raise RuntimeError("the disk is gone")
        return push_many(self, pushes)

    monkeypatch.setattr(Hub, "push_many", failing)
    with server_in_thread(tmp_path / "server") as (runner, password):
        with _logged_in(runner, password) as pc:
            pc.send_raw(encode({"type": "push", "id": 10, "ops": make_ops(7)}) +
                        encode({"type": "push", "id": 11, "ops": make_ops(5)}))
            said = pc.recv()
            assert said is not None and said["type"] == "error" and said["code"] == "internal"
            assert pc.recv() is None  # closed
        with _logged_in(runner, password, "dev-2") as other:
            assert other.call("push", ops=make_ops(3))["acks"]  # the server goes on


@contextlib.contextmanager
def _logged_in(runner: ServiceRunner, password: str, device: str = "dev-1") -> Iterator[Wire]:
    assert runner.address
    pc = Wire(runner.address)
    try:
        assert pc.login(password=password, device=device)["type"] == "ok"
        yield pc
    finally:
        pc.close()
