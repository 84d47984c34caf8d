"""Rights enforced by a real server: scoped reads never reach the disk, refused edits roll back, disabling logs out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from client.core.replica import Replica
from client.core.session import login
from client.core.sync import SyncEngine
from lan_server.auth import User, Users
from lan_server.records import Op, Store, new_id
from lan_server.rights import Rights, Rule
from tests.servers import ServerProcess, client, wait_for


def disk_holds(profile: Path, text: str) -> bool:
    """Whether any table of the PC's replica file mentions `text` (after folding the WAL into it)."""
    con = sqlite3.connect(profile / "replica.db")
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for row in con.execute(f"SELECT * FROM \"{table}\""):
                if any(isinstance(v, (str, bytes)) and (text in v if isinstance(v, str) else text.encode() in v)
                       for v in row):
                    return True
        return False
    finally:
        con.close()


def test_own_scope_never_receives_a_colleagues_records(office_server: ServerProcess, tmp_path: Path) -> None:
    r = office_server.manage("role", str(office_server.data_dir), "sales", "--read", "own", "--edit", "own")
    assert r.returncode == 0, r.stderr
    office_server.add_user("olga", "olga-pass-1", "sales")
    office_server.add_user("ivan", "ivan-pass-1", "sales")
    olga_pc, ivan_pc = tmp_path / "olga", tmp_path / "ivan"
    assert client(olga_pc, "login", office_server.address, "--user", "olga", "--password", "olga-pass-1"
                  ).returncode == 0
    assert client(ivan_pc, "login", office_server.address, "--user", "ivan", "--password", "ivan-pass-1"
                  ).returncode == 0
    secret = client(ivan_pc, "add", "contact", "name=Тайный Клиент Ивана", "phone=+7 900 000-00-01").stdout.strip()
    mine = client(olga_pc, "add", "contact", "name=Клиентка Ольги").stdout.strip()
    olga = Replica(olga_pc)
    engine = SyncEngine(olga, min_delay=0.1, max_delay=0.5)
    engine.start()
    try:
        assert wait_for(lambda: engine.status.state == "online")
        # A live change of Ivan's while Olga is connected does not reach her either.
        live = client(ivan_pc, "add", "contact", "name=Ещё один клиент Ивана").stdout.strip()
        handed = client(ivan_pc, "add", "contact", "name=Передаётся Ольге").stdout.strip()
        assert client(ivan_pc, "set", handed, "manager=olga").returncode == 0  # handed over: now hers
        assert wait_for(lambda: olga.get(handed) is not None)
        assert olga.get(handed).fields["name"] == "Передаётся Ольге"  # type: ignore[union-attr]
        assert olga.get(mine) is not None
        # `handed` came into her reach after `live` was made: the server sends changes in their order, so by the
        # time it arrived every earlier change had been sent to her or held back. Nothing to wait for.
        assert olga.get(secret) is None and olga.get(live) is None
    finally:
        engine.stop()
        olga.close()
    assert client(olga_pc, "sync").returncode == 0  # the digest agrees: no endless repair
    for text in (secret, live, "Тайный Клиент Ивана", "Ещё один клиент Ивана", "000-00-01"):
        assert not disk_holds(olga_pc, text), text
    assert disk_holds(ivan_pc, "Тайный Клиент Ивана")
    # Even an edit forged for Ivan's record id, pushed straight to the server, is refused.
    import asyncio

    from client.core.sync import connect
    from lan_server.records import Op, new_id
    olga = Replica(olga_pc)

    async def forge() -> dict:
        conn = await connect(olga)
        try:
            op = Op(id=new_id(), rec=secret, kind="contact", field="city", value="X", hlc=olga.clock.now(),
                    dev=olga.device, user="olga")
            return await conn.request("push", ops=[op.to_wire()])
        finally:
            await conn.close()
    try:
        reply = asyncio.run(forge())
    finally:
        olga.close()
    assert reply["acks"] == [] and "may not change this record" in reply["rejected"][0][1]


def test_viewers_edit_is_refused_and_rolled_back(office_server: ServerProcess, tmp_path: Path) -> None:
    office_server.add_user("vera", "vera-pass-1", "viewer")
    admin_pc, vera_pc = tmp_path / "admin", tmp_path / "vera"
    client(admin_pc, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1")
    rec = client(admin_pc, "add", "contact", "name=Клиент", "city=Тверь").stdout.strip()
    client(vera_pc, "login", office_server.address, "--user", "vera", "--password", "vera-pass-1")
    r = client(vera_pc, "set", rec, "city=Москва")
    assert r.returncode == 7 and "Your role (viewer) may only read these records." in r.stderr, r.stderr
    shown = client(vera_pc, "show", rec, "--json")
    assert '"city": "Тверь"' in shown.stdout  # her PC is back to the server's value
    assert "outbox: 0" in client(vera_pc, "status").stdout
    r = client(vera_pc, "add", "contact", "name=Новый")
    assert r.returncode == 7 and "may not add" in r.stderr


def test_disabled_user_is_logged_out_on_every_pc(office_server: ServerProcess, tmp_path: Path) -> None:
    office_server.add_user("olga", "olga-pass-1")
    pcs = [Replica(tmp_path / n) for n in ("office", "laptop")]
    engines = []
    try:
        for r in pcs:
            login(r, office_server.address, "olga", "olga-pass-1")
            engines.append(SyncEngine(r, min_delay=0.1, max_delay=0.5))
        for e in engines:
            e.start()
        assert wait_for(lambda: all(e.status.state == "online" for e in engines))
        r = office_server.manage("user", "disable", str(office_server.data_dir), "olga")
        assert r.returncode == 0, r.stderr
        assert wait_for(lambda: all(e.status.state == "login_needed" and e.status.error for e in engines), 10)
        assert all("administrator disabled your login" in (e.status.error or "") for e in engines)
    finally:
        for e in engines:
            e.stop()
        for r in pcs:
            r.close()
    again = client(tmp_path / "new", "login", office_server.address, "--user", "olga", "--password", "olga-pass-1")
    assert again.returncode == 4


def test_the_kind_an_edit_names_cannot_choose_its_rights(office_server: ServerProcess, tmp_path: Path) -> None:
    """Olga may edit every note but only her own contacts: calling Ivan's contact a "note" changes nothing."""
    import asyncio

    from client.core.sync import on_server
    from lan_server.records import Op, new_id
    data = str(office_server.data_dir)
    for args in (("--kind", "contact", "--read", "all", "--edit", "own"), ("--kind", "note", "--edit", "all")):
        assert office_server.manage("role", data, "notes", *args).returncode == 0
    office_server.add_user("olga", "olga-pass-1", "notes")
    office_server.add_user("ivan", "ivan-pass-1", "manager")
    ivan_pc, olga_pc = tmp_path / "ivan", tmp_path / "olga"
    for pc, name in ((ivan_pc, "ivan"), (olga_pc, "olga")):
        assert client(pc, "login", office_server.address, "--user", name, "--password", f"{name}-pass-1"
                      ).returncode == 0
    contact = client(ivan_pc, "add", "contact", "name=Клиент Ивана").stdout.strip()
    olga = Replica(olga_pc)
    try:
        forged = [Op(id=new_id(), rec=contact, kind="note", field=f, value=v, hlc=olga.clock.now(), dev=olga.device,
                     user="olga") for f, v in (("name", "Захвачено"), ("manager", "olga"))]
        reply = asyncio.run(on_server(olga, lambda conn: conn.request("push", ops=[op.to_wire() for op in forged])))
    finally:
        olga.close()
    assert not reply["acks"] and len(reply["rejected"]) == 2
    assert all("contact" in refusal[1] and refusal[2]["code"] == "other_section" for refusal in reply["rejected"]), \
        reply["rejected"]
    shown = client(ivan_pc, "show", contact, "--json")
    assert '"kind": "contact"' in shown.stdout and "Клиент Ивана" in shown.stdout and "Захвачено" not in shown.stdout
    assert client(ivan_pc, "sync").returncode == 0 and client(olga_pc, "sync").returncode == 0  # digests agree


def test_a_demoted_admin_loses_admin_rights_on_an_open_connection(office_server: ServerProcess, tmp_path: Path) -> None:
    """The role is read when each request is judged, not once at login."""
    import asyncio

    from client.core.errors import ServerError
    from client.core.sync import connect
    office_server.add_user("boss", "boss-pass-1", "admin")
    pc = tmp_path / "boss"
    assert client(pc, "login", office_server.address, "--user", "boss", "--password", "boss-pass-1").returncode == 0
    replica = Replica(pc)

    async def scenario() -> str:
        conn = await connect(replica)
        try:
            await conn.request("admin", action="add", name="temp1", password="temp-pass-1", role="viewer")
            demoted = office_server.manage("user", "role", str(office_server.data_dir), "boss", "--role", "viewer")
            assert demoted.returncode == 0, demoted.stderr
            try:
                await conn.request("admin", action="add", name="temp2", password="temp-pass-2", role="viewer")
            except ServerError as e:
                return e.code
            return "accepted"
        finally:
            await conn.close()
    try:
        assert asyncio.run(scenario()) == "forbidden"
    finally:
        replica.close()


def test_snapshot_live_feed_and_users_list_reveal_nothing_of_what_a_user_cannot_read(
        office_server: ServerProcess, tmp_path: Path) -> None:
    import re

    from tests.lan_server.test_server import Wire
    assert office_server.manage("role", str(office_server.data_dir), "sales", "--read", "own", "--edit", "own"
                                ).returncode == 0
    office_server.add_user("olga", "olga-pass-1", "sales")
    office_server.add_user("ivan", "ivan-pass-1", "sales")
    ivan_pc = tmp_path / "ivan"
    assert client(ivan_pc, "login", office_server.address, "--user", "ivan", "--password", "ivan-pass-1"
                  ).returncode == 0
    secret = client(ivan_pc, "add", "contact", "name=Клиент Ивана").stdout.strip()
    w = Wire(office_server.address)
    try:
        assert w.login("olga", "olga-pass-1", "olga-pc")["type"] == "ok"
        page = w.call("snapshot", after="", limit=1000)
        assert page["type"] == "ok" and page["records"] == [] and page["total"] is None
        assert secret not in str(page) and not re.fullmatch(r"[0-9a-f]{32}", page["next"])  # sealed cursor
        again = w.call("snapshot", after=page["next"], limit=1000)
        assert again["type"] == "ok" and again["more"] is False  # the sealed cursor still resumes
        users = w.call("users")["users"]
        assert {u["name"] for u in users} >= {"olga", "ivan"} and all(set(u) == {"name", "full_name"} for u in users)
        assert w.call("subscribe", since=page["seq"])["type"] == "ok"
        assert client(ivan_pc, "add", "contact", "name=Ещё клиент Ивана").returncode == 0
        w.sock.settimeout(1.0)
        try:
            heard = w.recv()
        except TimeoutError:
            heard = None
        assert heard is None, heard  # not even an empty frame saying that a colleague saved something
    finally:
        w.close()


def test_the_export_right_is_kept_by_the_command_and_the_window(office_server: ServerProcess, tmp_path: Path,
                                                                 qtbot) -> None:
    """`role --export no` still exported before: the PC did not know the rule."""
    data = str(office_server.data_dir)
    assert office_server.manage("role", data, "clerks", "--kind", "contact", "--export", "no").returncode == 0
    office_server.add_user("olga", "olga-pass-1", "clerks")
    pc = tmp_path / "olga"
    assert client(pc, "login", office_server.address, "--user", "olga", "--password", "olga-pass-1").returncode == 0
    assert client(pc, "add", "contact", "name=Клиент").returncode == 0
    r = client(pc, "export", "contact", str(tmp_path / "all.xlsx"))
    assert r.returncode == 7 and "may not export contact" in r.stderr and not (tmp_path / "all.xlsx").exists()
    assert client(pc, "export", "task", str(tmp_path / "tasks.csv")).returncode == 0  # other sections: allowed
    from client.ui.main_window import MainWindow
    replica = Replica(pc)
    try:
        window = MainWindow(replica)
        qtbot.addWidget(window)
        assert window.model.kind == "contact" and not window.act_export.isVisible()
        window.open_export()  # the shortcut does nothing either
    finally:
        replica.close()


def test_a_record_made_in_one_op_is_judged_as_its_fields_would_be(office_server: ServerProcess) -> None:
    """Making a record in one op needs the right to add to its section; the same op on a record that exists (only
    a forged one can) is judged field by field, its deletion by the right to delete; a field the section lacks
    or computes refuses the whole op."""
    from lan_server.records import Clock, Op, new_id
    from lan_server.records.ops import record_op
    from tests.lan_server.test_server import Wire
    office_server.add_user("vera", "vera-pass-1", "viewer")
    office_server.add_user("olga", "olga-pass-1", "manager")
    clock = Clock()

    def push(wire: Wire, *ops: Op) -> list[str]:
        reply = wire.call("push", ops=[op.to_wire() for op in ops])
        return [r[1] for r in reply["rejected"]]

    viewer, manager, admin = (Wire(office_server.address) for _ in range(3))
    try:
        assert viewer.login("vera", "vera-pass-1", "v")["type"] == manager.login("olga", "olga-pass-1", "m")["type"] \
            == admin.login()["type"] == "ok"
        made = lambda rec, **values: record_op(rec, "contact", values, hlc=clock.now(), dev="d", user="")  # noqa: E731
        assert push(viewer, made(new_id(), name="Нельзя")) == ["your role (viewer) may not add records to contact"]
        assert push(manager, made(new_id(), name="Можно", city="Тверь")) == []
        theirs = new_id()  # made field by field, as a PC of 0.3 makes it
        assert push(admin, Op(id=new_id(), rec=theirs, kind="contact", field="name", value="Чужой", hlc=clock.now(),
                              dev="a")) == []
        forged = made(theirs, city="X")
        assert push(manager, forged) == ["your role (manager) may not change this record"]
        forged = made(theirs, _deleted=True)
        assert push(manager, forged) == ["your role (manager) may not delete this record"]
        # a record made in one op is made once: the same op again is known by its id and changes nothing
        own = new_id()
        assert push(admin, made(own, name="Своя")) == []
        assert push(manager, made(own, name="Подмена")) == []
        assert push(manager, made(new_id(), name="Лишнее", shoe_size=42)) == \
            ["the section 'contact' has no field 'shoe_size'"]
        # nothing of the refused ones was stored
        listed = {tuple(o["value"].items()) if o["field"] == "*" else o["value"]
                  for o in admin.call("pull", since=0)["ops"]}
        assert listed == {(("name", "Можно"), ("city", "Тверь")), "Чужой", (("name", "Своя"),)}
    finally:
        for wire in (viewer, manager, admin):
            wire.close()


def test_a_role_the_command_line_made_a_moment_ago_is_not_refused(tmp_path: Path) -> None:
    """The server caches the rules for a second; a role and its user made by the command line (another process,
    another connection) inside that second are not refused by the rules as they were: a push is judged by the
    tables as they are when it begins (its judge reads them once). A role nobody made is still refused."""
    server = Store.open(tmp_path / "office.db")
    command_line = Store.open(tmp_path / "office.db")
    try:
        Users(server)  # the users table, as the server makes it
        rights = Rights(server)
        olga = User("olga", "own")
        made = Op(id=new_id(), rec=new_id(), kind="contact", field="name", value="Клиент Ольги", hlc=1, dev="pc",
                  user="olga")
        assert rights.push_judge().check(olga, made, None, {}) is not None  # "own" is nobody's role yet: may read
        Rights(command_line).set_rule("own", "contact", Rule(read="own", edit="own"))
        judge = rights.push_judge()
        assert judge.check(olga, made, None, {}) is None
        assert judge.check(User("ivan", "nobody"), made, None, {}) is not None
    finally:
        server.close()
        command_line.close()
