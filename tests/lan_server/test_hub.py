"""The hub takes the pushes waiting for the database together: one transaction, each push judged on its own."""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

from lan_server.auth import Users
from lan_server.hub import Hub, HubClosed
from lan_server.protocol.frames import HEADER, decode_body, encode
from lan_server.records import Clock, Op, Store, new_id
from lan_server.records.store.database import SWITCH_S
from lan_server.rights import Rights, Rule


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    store = Store.open(tmp_path / "office.db", search=False)
    users = Users(store)
    for name, role in (("olga", "manager"), ("ivan", "manager"), ("vera", "viewer")):
        users.add(name, f"{name}-pass-1", role)
    hub = Hub(store, users, Rights(store))
    try:
        yield hub
    finally:
        hub.close()
        store.close()


def _note(clock: Clock, title: str, op_id: str | None = None) -> Op:
    return Op(id=op_id or new_id(), rec=new_id(), kind="note", field="title", value=title, hlc=clock.now(),
              dev="pc", user="")


def test_pushes_waiting_together_are_applied_in_one_go_each_with_its_own_answer(hub: Hub) -> None:
    clock = Clock()
    olga, ivan, vera = (hub.users.get(n) for n in ("olga", "ivan", "vera"))
    resent = _note(clock, "sent twice: a lost acknowledgement")
    pushes: list[tuple[Any, list[Op]]] = [
        (olga, [_note(clock, "olga 1"), resent]),
        (vera, [_note(clock, "a viewer may not add")]),
        (ivan, [resent, _note(clock, "ivan 1")]),
    ]
    commits: list[int] = []
    real_apply = hub.store.apply
    hub.store.apply = lambda ops, **kw: (commits.append(len(ops)), real_apply(ops, **kw))[1]  # type: ignore

    async def all_at_once() -> list[Any]:
        busy = threading.Event()
        hub.executor.submit(busy.wait, 10)  # the database thread is at other work while the three arrive
        waiting = [asyncio.ensure_future(hub.push_soon(user, ops)) for user, ops in pushes]
        await asyncio.sleep(0.05)
        busy.set()
        return list(await asyncio.gather(*waiting))
    olgas, veras, ivans = asyncio.run(all_at_once())
    assert commits == [3]  # one transaction for the three PCs
    assert len(olgas.acks) == 2 and not olgas.rejected
    assert not veras.acks and "viewer" in veras.rejected[0].reason
    # The edit both sent is stored once, and both PCs hear the same number for it.
    assert {a.op: a.seq for a in ivans.acks}[resent.id] == {a.op: a.seq for a in olgas.acks}[resent.id]
    assert hub.store.max_seq() == 3


def test_a_push_that_breaks_fails_alone(hub: Hub) -> None:
    clock = Clock()
    olga, ivan = hub.users.get("olga"), hub.users.get("ivan")
    broken = _note(clock, "breaks the database")
    real_apply = hub.store.apply

    tries: list[int] = []

    def apply(ops: list[Op], **kw: Any) -> Any:
        tries.append(len(ops))
        if any(op.id == broken.id for op in ops):
            raise RuntimeError("disk full")
        return real_apply(ops, **kw)
    hub.store.apply = apply  # type: ignore[method-assign]

    async def together() -> list[Any]:
        busy = threading.Event()
        hub.executor.submit(busy.wait, 10)
        waiting = [asyncio.ensure_future(hub.push_soon(olga, [_note(clock, "fine")])),
                   asyncio.ensure_future(hub.push_soon(ivan, [broken]))]
        await asyncio.sleep(0.05)
        busy.set()
        return list(await asyncio.gather(*waiting, return_exceptions=True))
    fine, failed = asyncio.run(together())
    assert tries == [2, 1, 1]  # together, then each alone
    assert len(fine.acks) == 1 and isinstance(failed, RuntimeError)
    assert hub.store.max_seq() == 1


def test_a_first_copys_page_is_made_once_for_every_pc_that_reads_all_of_it(hub: Hub) -> None:
    """Two PCs copying the office at once (as every PC does after the server's restore) get the same page,
    read and encoded once; a user who may not read all of it gets only their records, never the kept page; a
    page is made again once an op touches one of its records (or adds one after the last page), not for changes
    elsewhere in the office."""
    import msgpack

    from lan_server.records.ops import record_op
    clock = Clock()
    hub.rights.set_rule("sales", "contact", Rule(read="own"))
    hub.users.add("petr", "petr-pass-1", "sales")
    olga, ivan, petr = (hub.users.get(n) for n in ("olga", "ivan", "petr"))
    hub.push(olga, [record_op(new_id(), "contact", {"name": f"Клиент {i}"}, hlc=clock.now(), dev="pc", user="")
                    for i in range(30)])
    hub.push(petr, [record_op(new_id(), "contact", {"name": "Свой"}, hlc=clock.now(), dev="pc", user="")])
    reads: list[str] = []
    real = hub.store.snapshot_page
    hub.store.snapshot_page = lambda *a, **kw: (reads.append(a[0]), real(*a, **kw))[1]  # type: ignore
    first, second = hub.snapshot(olga, "", 10), hub.snapshot(ivan, "", 10)
    assert reads == [""] and first["records"] is second["records"]  # made once, the same bytes for both
    assert len(msgpack.unpackb(first["records"])) == 10 and first["next"] and first["more"]
    mine = hub.snapshot(petr, "", 100)  # reads only his own: his page is his, and nothing is kept of it
    assert [r[3][0]["name"] for r in mine["records"]] == ["Свой"] and reads == ["", ""]
    hub.push(olga, [record_op(new_id(), "contact", {"name": "Новый"}, hlc=clock.now(), dev="pc", user="")])
    again = hub.snapshot(ivan, "", 10)
    assert reads == ["", ""] and again["records"] is first["records"]  # a record added after the page: it stands
    second = decode_body(encode(hub.snapshot(olga, first["next"], 10))[HEADER.size:])["records"]
    hub.push(olga, [Op(id=new_id(), rec=second[0][0], kind="contact", field="city", value="Тверь", hlc=clock.now(),
                       dev="pc", user="")])
    assert hub.snapshot(ivan, "", 10)["records"] is first["records"]  # a record of the next page changed
    assert len(reads) == 3  # (the next page was made: 3 reads so far)
    hub.snapshot(ivan, first["next"], 10)
    assert len(reads) == 4  # ... and is made again
    hub.push(olga, [Op(id=new_id(), rec=decode_body(encode(first)[HEADER.size:])["records"][9][0], kind="contact",
                       field="city", value="Тверь", hlc=clock.now(), dev="pc", user="")])
    changed = hub.snapshot(ivan, "", 10)
    assert len(reads) == 5 and changed["records"] is not first["records"]  # its own last record changed
    assert [r for r in decode_body(encode(changed)[HEADER.size:])["records"] if r[2]]  # with the city now
    last = hub.snapshot(ivan, "", 1000)  # the whole office in one page, to its end
    hub.push(olga, [record_op(new_id(), "contact", {"name": "Ещё"}, hlc=clock.now(), dev="pc", user="")])
    assert hub.snapshot(ivan, "", 1000)["records"] is not last["records"]  # a record added after its end


def test_a_push_refused_op_by_op_reads_the_roles_once_and_judges_each_new_record_by_its_section(hub: Hub) -> None:
    """A viewer's push of many new notes is refused op by op, yet the roles and users tables are read once, as
    the push is taken, not again for each refused op; a role changed meanwhile holds from the next push on."""
    clock = Clock()
    vera = hub.users.get("vera")
    reads: list[str] = []
    real = hub.store.execute
    hub.store.execute = lambda sql, *a: (reads.append(sql) if "FROM roles" in sql else None, real(sql, *a))[1]  # type: ignore
    refused = hub.push(vera, [_note(clock, f"note {i}") for i in range(300)])
    assert len(refused.rejected) == 300 and not refused.acks
    assert len(reads) == 1  # as the push was taken: not once more per refusal (300 times before)
    hub.users.set_role("vera", "manager")
    taken = hub.push(vera, [_note(clock, "now a manager")])
    assert len(taken.acks) == 1 and not taken.rejected


def test_a_closed_hub_says_so_by_its_own_error_and_a_failure_of_the_work_itself_is_passed_on_as_it_is(
        tmp_path: Path) -> None:
    store = Store.open(tmp_path / "office.db", search=False)
    hub = Hub(store, Users(store), Rights(store))

    def broken() -> None:
        raise RuntimeError("the work's own failure")

    async def calls() -> None:
        with pytest.raises(RuntimeError) as raised:
            await hub.call(broken)
        assert not isinstance(raised.value, HubClosed)  # the revocation watcher must not take it for a restore
        hub.close()  # as a restore closes the office's old hub
        with pytest.raises(HubClosed):
            await hub.call(hub.users.let_go, ["token"])

    try:
        asyncio.run(calls())
    finally:
        store.close()


def test_a_server_lets_its_database_thread_take_the_interpreter_lock_back_within_a_millisecond(tmp_path: Path) -> None:
    """The database thread's statements run without the lock and it takes the lock back after each: with Python's
    5 ms switch it waited behind the event loop decoding the next push, and the two ran in turn (the fan-out row,
    25 PCs counting, 6 alternating pairs: 1 ms ahead in 5)."""
    store = Store.open(tmp_path / "office.db")
    was = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        first = Hub(store, Users(store), Rights(store))
        assert sys.getswitchinterval() <= SWITCH_S == 0.001
        sys.setswitchinterval(0.0005)  # a server that asked for less keeps it
        second = Hub(store, Users(store), Rights(store))
        assert sys.getswitchinterval() == pytest.approx(0.0005)
        first.executor.shutdown()
        second.executor.shutdown()
    finally:
        sys.setswitchinterval(was)
        store.close()
