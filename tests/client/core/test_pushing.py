"""A PC sends its outbox with a second push on its way while the first is stored, when that second touches none of
the first's records; an edit of a record on its way waits for that push's answer, as every push did before."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator, Sequence

import pytest

from client.core.pushing import PUSH_BATCH, push_outbox
from client.core.replica import Replica
from client.core.session import login
from client.core.sync import run_on_server
from lan_server.auth import User
from lan_server.hub import Hub, PushResult
from lan_server.records import Op, new_id
from tests.servers import server_in_thread


class Watched:
    """What the server was handed: a PC's pushes as they came, and how many more came while each transaction was
    stored (the first one given time for the PC's next push to arrive)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, wait_s: float) -> None:
        self.arrived: list[int] = []
        self.seen_during: list[int] = []
        self.taken: list[int] = []  # how many pushes each transaction took together
        push_soon, push_many = Hub.push_soon, Hub.push_many
        watched = self

        async def counting(hub: Hub, user: User, ops: Sequence[Op]) -> PushResult:
            watched.arrived.append(len(ops))
            return await push_soon(hub, user, ops)

        def slow(hub: Hub, pushes: Sequence[tuple[User, Sequence[Op]]]) -> list[PushResult]:
            before = len(watched.arrived)
            watched.taken.append(len(pushes))
            # The first one on a slow disk: time for the PC's next push to arrive, if it comes before the answer
            deadline = time.monotonic() + (0 if watched.seen_during else wait_s)
            while len(watched.arrived) == before and time.monotonic() < deadline:
                time.sleep(0.01)
            watched.seen_during.append(len(watched.arrived) - before)
            return push_many(hub, pushes)

        monkeypatch.setattr(Hub, "push_soon", counting)
        monkeypatch.setattr(Hub, "push_many", slow)


@pytest.fixture
def pc(tmp_path: Path) -> Iterator[Replica]:
    with server_in_thread(tmp_path / "server") as (runner, password):
        assert runner.address
        replica = Replica(tmp_path / "pc")
        try:
            login(replica, runner.address, "admin", password)
            yield replica
        finally:
            replica.close()


def _new_notes(replica: Replica, n: int) -> list[str]:
    recs = [new_id() for _ in range(n)]
    new = replica.new_records([(rec, "note", {"title": f"Заметка {i}"}) for i, rec in enumerate(recs)])
    replica.add_new_records(new, batch="import")
    replica.release_batch("import", ["note"])
    return recs


def test_new_records_go_with_a_second_push_on_its_way(pc: Replica, monkeypatch: pytest.MonkeyPatch) -> None:
    _new_notes(pc, 2 * PUSH_BATCH + 500)
    watched = Watched(monkeypatch, wait_s=5)
    acked = run_on_server(pc, lambda conn: push_outbox(conn, pc), timeout=60)
    assert len(acked) == 2 * PUSH_BATCH + 500 and pc.outbox_size() == 0
    assert sum(watched.arrived) == 2 * PUSH_BATCH + 500
    # The PC did not wait for the first's answer: the second push came while the first was stored, or, on a busy
    # box, before the database thread took the first, and the two were stored together.
    assert watched.seen_during[0] == 1 or watched.taken[0] == 2, (watched.arrived, watched.taken, watched.seen_during)
    assert pc.count("note") == 2 * PUSH_BATCH + 500 and all(acked.values())


def test_an_edit_of_a_record_on_its_way_waits_for_that_push_s_answer(pc: Replica,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    recs = _new_notes(pc, PUSH_BATCH)
    pc.apply_local([op for rec in recs for op in pc.stamp(rec, "note", {"title": f"Правка {rec[-4:]}"})])
    watched = Watched(monkeypatch, wait_s=1)
    acked = run_on_server(pc, lambda conn: push_outbox(conn, pc), timeout=60)
    assert len(acked) == 2 * PUSH_BATCH and pc.outbox_size() == 0
    # The edits touch the records of the first push: nothing else came while it was stored.
    assert watched.arrived == [PUSH_BATCH, PUSH_BATCH] and watched.seen_during == [0, 0] and watched.taken == [1, 1]
    assert {r.fields["title"] for r in pc.records("note")} == {f"Правка {rec[-4:]}" for rec in recs}


@pytest.mark.parametrize("server_reads_rows", [True, False])
def test_a_pc_pushes_rows_to_a_server_that_reads_them_and_maps_to_one_that_does_not(
        pc: Replica, monkeypatch: pytest.MonkeyPatch, server_reads_rows: bool) -> None:
    """This release's server says `rows` in its hello: a PC sends its ops as rows (half the bytes, read a quarter as
    long); a server of 0.4 says nothing of it and gets the maps it reads. Either way every record is stored."""
    from lan_server.sessions import Session
    forms: list[type] = []
    on_hello, on_push = Session.on_hello, Session.on_push

    async def hello(session: Session, msg: dict) -> dict:
        reply = await on_hello(session, msg)
        return reply if server_reads_rows else {k: v for k, v in reply.items() if k != "rows"}

    async def push(session: Session, msg: dict) -> dict:
        forms.extend({type(op) for op in msg["ops"]})
        return await on_push(session, msg)
    monkeypatch.setattr(Session, "on_hello", hello)
    monkeypatch.setattr(Session, "on_push", push)
    recs = _new_notes(pc, 30)
    acked = run_on_server(pc, lambda conn: push_outbox(conn, pc), timeout=60)
    assert sorted(acked) == sorted(recs) and all(acked.values()) and pc.outbox_size() == 0
    assert set(forms) == ({list} if server_reads_rows else {dict})
