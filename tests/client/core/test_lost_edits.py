"""An edit made offline that lost to a later one another PC sent first is found whichever way the PC learns it:
theirs already here when the server acknowledges ours, or theirs arriving after ours was acknowledged; an edit
that simply came later, online, is not "lost". The notice is kept with the step that found it: a PC killed right
after that step still tells it."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from client.core import lost_edits
from client.core.lost_edits import LostEdit
from client.core.replica import Change, Replica
from client.core.session import login, sync_now_async
from client.core.sync import pull_all, push_outbox, run_on_server
from tests.servers import ROOT, ServerProcess, env, reap


def _heard(replica: Replica) -> list[LostEdit]:
    heard: list[LostEdit] = []

    def listen(change: Change) -> None:
        heard.extend(change.lost)
    replica.on_change(listen)
    return heard


def test_an_offline_edit_that_lost_is_found_at_the_ack_and_at_the_arrival(office_server: ServerProcess,
                                                                          tmp_path: Path) -> None:
    office_server.add_user("olga", "olga-pass-1", "manager")
    a, b = Replica(tmp_path / "a"), Replica(tmp_path / "b")
    try:
        login(a, office_server.address, "admin", "admin-pass-1")
        login(b, office_server.address, "olga", "olga-pass-1")
        rec = a.add("contact", {"name": "Вера", "city": "Тула", "phone": "+7 916 000-00-01", "manager": "olga"})
        asyncio.run(sync_now_async(a))
        asyncio.run(sync_now_async(b))
        heard = _heard(b)

        b.set(rec, {"city": "Москва"})  # offline on B
        time.sleep(0.05)
        a.set(rec, {"city": "Тверь"})  # later, online on A
        asyncio.run(sync_now_async(a))
        # B comes back and hears theirs first, then pushes ours: found when the server acknowledges it.
        run_on_server(b, lambda conn: pull_all(conn, b))
        assert heard == []  # ours is not acknowledged yet: nothing is known to be lost
        run_on_server(b, lambda conn: push_outbox(conn, b))
        assert [(e.rec, e.field, e.mine, e.theirs, e.who) for e in heard] == [(rec, "city", "Москва", "Тверь", "admin")]

        heard.clear()
        b.set(rec, {"phone": "+7 916 000-00-02"})  # offline on B again
        time.sleep(0.05)
        a.set(rec, {"phone": "+7 916 000-00-03"})
        asyncio.run(sync_now_async(a))
        asyncio.run(sync_now_async(b))  # pushes ours first, then theirs arrives: found at the arrival
        assert [(e.field, e.mine, e.theirs, e.who) for e in heard] == \
            [("phone", "+7 916 000-00-02", "+7 916 000-00-03", "admin")]

        heard.clear()
        b.set(rec, {"city": "Казань"})  # online: ours reaches the server first...
        asyncio.run(sync_now_async(b))
        a.set(rec, {"city": "Самара"})  # ...and a colleague changes it after: a later edit, not a lost one
        asyncio.run(sync_now_async(a))
        asyncio.run(sync_now_async(b))
        assert b.get(rec).fields["city"] == "Самара" and heard == []  # type: ignore[union-attr]
    finally:
        a.close()
        b.close()


# A sync killed (SIGKILL) the moment `step` returns having taken in a colleague's edit or the server's ack.
_SYNC_KILLED = """
import asyncio, os, signal, sys
from client.core.replica import Replica
from client.core.session import sync_now_async
replica, step = Replica(sys.argv[1]), sys.argv[2]
original = getattr(replica, step)

def then_killed(*args, **kwargs):
    result = original(*args, **kwargs)
    if args[0] if step == "acknowledge" else any(op.dev != replica.device for op in args[0]):
        os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(replica, step, then_killed)
asyncio.run(sync_now_async(replica))
"""


@pytest.mark.parametrize("step", ["acknowledge", "apply_remote"])
def test_the_notice_survives_a_pc_killed_right_after_the_step_that_found_it(office_server: ServerProcess,
                                                                             tmp_path: Path, step: str) -> None:
    office_server.add_user("olga", "olga-pass-1", "manager")
    a, b = Replica(tmp_path / "a"), Replica(tmp_path / "b")
    try:
        login(a, office_server.address, "admin", "admin-pass-1")
        login(b, office_server.address, "olga", "olga-pass-1")
        rec = a.add("contact", {"name": "Вера", "city": "Тула", "manager": "olga"})
        asyncio.run(sync_now_async(a))
        asyncio.run(sync_now_async(b))
        b.set(rec, {"city": "Москва"})  # offline on B
        time.sleep(0.05)
        a.set(rec, {"city": "Тверь"})  # later, online on A: the server has it first
        asyncio.run(sync_now_async(a))
        if step == "acknowledge":  # theirs is here before ours is sent: found at our ack
            run_on_server(b, lambda conn: pull_all(conn, b))
    finally:
        a.close()
        b.close()
    child = subprocess.Popen([sys.executable, "-c", _SYNC_KILLED, str(tmp_path / "b"), step], env=env(), cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _out, err = child.communicate(timeout=60)
    finally:
        reap(child)
    assert child.returncode == -signal.SIGKILL, err
    b = Replica(tmp_path / "b")  # the PC starts again and syncs: the user still learns that theirs won
    try:
        asyncio.run(sync_now_async(b))
        assert [(e.rec, e.field, e.mine, e.theirs, e.who) for e in lost_edits.waiting(b)] == \
            [(rec, "city", "Москва", "Тверь", "admin")]
        assert b.get(rec).fields["city"] == "Тверь"  # type: ignore[union-attr]
    finally:
        b.close()
