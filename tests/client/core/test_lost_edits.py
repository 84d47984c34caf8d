"""An edit made offline that lost to a later one another PC sent first is found whichever way the PC learns it:
theirs already here when the server acknowledges ours, or theirs arriving after ours was acknowledged; an edit
that simply came later, online, is not "lost"."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from client.core.lost_edits import LostEdit
from client.core.replica import Change, Replica
from client.core.session import login, sync_now_async
from client.core.sync import pull_all, push_outbox, run_on_server
from tests.servers import ServerProcess


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
