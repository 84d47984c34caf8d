"""The background sync engine the window uses: live changes, offline edits, reconnect after the server returns."""

from __future__ import annotations

from pathlib import Path

from client.core.replica import Replica
from client.core.session import login
from client.core.sync import SyncEngine, SyncStatus
from tests.servers import ServerProcess, wait_for


def test_engine_live_sync_offline_work_and_reconnect(office_server: ServerProcess, tmp_path: Path) -> None:
    a, b = Replica(tmp_path / "a"), Replica(tmp_path / "b")
    for r in (a, b):
        login(r, office_server.address, "admin", "admin-pass-1")
    states: list[str] = []
    changes: list[frozenset[str]] = []
    b.on_change(lambda c: changes.append(c.records) if c.source == "remote" else None)
    ea = SyncEngine(a, min_delay=0.1, max_delay=0.5)
    eb = SyncEngine(b, on_status=lambda s: states.append(s.state), min_delay=0.1, max_delay=0.5)
    ea.start()
    eb.start()
    try:
        assert wait_for(lambda: ea.status.state == "online" and eb.status.state == "online")
        rec = a.add("contact", {"name": "Вера", "city": "Тверь"})
        assert wait_for(lambda: b.get(rec) is not None)
        assert b.get(rec).fields == {"name": "Вера", "city": "Тверь"}
        # listeners hear of a write just after its commit, which this thread may see first
        assert wait_for(lambda: any(rec in c for c in changes))

        office_server.stop()
        assert wait_for(lambda: ea.status.state == "offline" and eb.status.state == "offline")
        a.set(rec, {"city": "Москва"})  # typed while the server is down
        b.add("task", {"title": "Позвонить Вере"})
        assert wait_for(lambda: ea.status.outbox == 1 or a.outbox_size() == 1)

        office_server.start()  # same port: the engines find it by themselves
        assert wait_for(lambda: b.get(rec).fields["city"] == "Москва", 20)
        assert wait_for(lambda: a.count("task") == 1, 20)
        assert wait_for(lambda: a.outbox_size() == 0 and b.outbox_size() == 0)
        assert "offline" in states
        assert wait_for(lambda: states[-1] == "online")  # a push may still be finishing ("syncing")
    finally:
        ea.stop()
        eb.stop()
        a.close()
        b.close()


def test_engine_without_login_reports_offline_with_a_reason(tmp_path: Path) -> None:
    r = Replica(tmp_path / "p")
    seen: list[SyncStatus] = []
    e = SyncEngine(r, on_status=seen.append, min_delay=0.05, max_delay=0.1)
    e.start()
    try:
        assert wait_for(lambda: any(s.state == "offline" and s.error for s in seen))
        assert "not logged in" in next(s.error for s in seen if s.error)
    finally:
        e.stop()
        r.close()


def test_a_hung_server_shows_offline_within_ten_seconds_with_a_reason(office_server: ServerProcess,
                                                                       tmp_path: Path) -> None:
    import os
    import signal
    import time
    replica = Replica(tmp_path / "pc")
    login(replica, office_server.address, "admin", "admin-pass-1")
    engine = SyncEngine(replica, min_delay=0.1, max_delay=0.5)
    engine.start()
    assert office_server.proc is not None
    try:
        assert wait_for(lambda: engine.status.state == "online")
        os.kill(office_server.proc.pid, signal.SIGSTOP)  # hangs: the socket stays open, nothing answers
        hung = time.monotonic()
        assert wait_for(lambda: engine.status.state == "offline", 15)
        took = time.monotonic() - hung
        assert took <= 10.0 and engine.status.error and "did not answer" in engine.status.error, (took, engine.status)
    finally:
        os.kill(office_server.proc.pid, signal.SIGCONT)
        engine.stop()
        replica.close()


def test_synchronize_names_a_colleague_added_or_disabled_since_the_pc_connected(office_server: ServerProcess,
                                                                                tmp_path: Path) -> None:
    """The colleagues' names were asked for once a connection: a colleague the administrator added during the day
    stayed a login on every PC (lists, groups, the quick search by name found nothing) until the window was
    started again. Синхронизировать (and closing Пользователи) now asks again; a disabled one stays named."""
    from client.core.talk import people
    replica = Replica(tmp_path / "pc")
    login(replica, office_server.address, "admin", "admin-pass-1")
    engine = SyncEngine(replica, min_delay=0.1, max_delay=0.5)
    engine.start()
    try:
        assert wait_for(lambda: engine.status.state == "online")
        office_server.add_user("sveta", "sveta-pass-1", full_name="Светлана Кузнецова")
        engine.sync_now()
        assert wait_for(lambda: people.names(replica).get("sveta") == "Светлана Кузнецова", 10), people.names(replica)
        assert office_server.manage("user", "disable", str(office_server.data_dir), "sveta").returncode == 0
        engine.sync_now()
        assert wait_for(lambda: "sveta" not in {p.login for p in people.colleagues(replica)}, 10)
        assert people.names(replica)["sveta"] == "Светлана Кузнецова"  # former: still named where she is
    finally:
        engine.stop()
        replica.close()
