"""The PC's early answer on rights (client/core/rights.py) agrees with the server's, record by record, for each
scope; and says why a record is read-only, naming whose it is, in the user's language."""

from __future__ import annotations

from pathlib import Path

from client.core import i18n
from client.core.replica import Replica
from client.core.rights import Rights, may_export, rights_of, rule
from client.core.session import login
from client.core.sync import push_outbox, run_on_server
from lan_server.records import Record
from tests.servers import ServerProcess, client


def test_the_pc_refuses_exactly_what_the_server_refuses(office_server: ServerProcess, tmp_path: Path) -> None:
    """Olga (role "sales": edits her group's, deletes her own, adds no notes, exports nothing) and a viewer: for
    each record, may_edit / may_delete on her PC is the server's verdict on the edit she then pushes."""
    data = str(office_server.data_dir)
    for args in (("sales", "--read", "all", "--edit", "group", "--delete", "own", "--export", "no"),
                 ("sales", "--kind", "note", "--read", "all", "--edit", "group", "--delete", "own", "--create", "no")):
        r = office_server.manage("role", data, *args)
        assert r.returncode == 0, r.stderr
    office_server.add_user("olga", "olga-pass-1", "sales", groups="south")
    office_server.add_user("ivan", "ivan-pass-1", "sales", groups="south")
    office_server.add_user("petr", "petr-pass-1", "sales", groups="north")
    office_server.add_user("vera", "vera-pass-1", "viewer")
    admin = tmp_path / "admin"
    assert client(admin, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                  ).returncode == 0
    ids = {who: client(admin, "add", "contact", f"name=Клиент {who}", *([f"manager={who}"] if who else [])
                       ).stdout.strip() for who in ("olga", "ivan", "petr", "")}
    olga = Replica(tmp_path / "olga")
    try:
        login(olga, office_server.address, "olga", "olga-pass-1")
        rights = rights_of(olga)
        assert rights.group_mates == {"olga", "ivan"} and rights.role == "sales"
        assert not rights.may_export("contact") and rights.may_create("contact") and not rights.may_create("note")
        verdicts = {who: (rights.may_edit(olga.get(rec)), rights.may_delete(olga.get(rec)))  # type: ignore[arg-type]
                    for who, rec in ids.items()}
        assert verdicts == {"olga": (True, True), "ivan": (True, False), "petr": (False, False), "": (False, False)}
        for rec in ids.values():
            olga.set(rec, {"city": "Тверь"})
        run_on_server(olga, lambda conn: push_outbox(conn, olga))
        kept = {who: (olga.get(rec).fields.get("city") == "Тверь") for who, rec in ids.items()}  # type: ignore[union-attr]
        assert kept == {who: edit for who, (edit, _delete) in verdicts.items()}  # the server agreed, each time
        i18n.set_language("ru")
        rights = rights_of(olga)  # colleagues named in the window's language
        why = rights.why_not_edit(olga.get(ids["petr"]))  # type: ignore[arg-type]
        assert why == "Ваша роль (sales) может менять только свои записи и записи своей группы; эта — petr."
        assert "Администратор" in str(rights.why_not_edit(olga.get(ids[""])))  # type: ignore[arg-type]  # who made it
    finally:
        i18n.set_language("en")
        olga.close()
    vera = Replica(tmp_path / "vera")
    try:
        login(vera, office_server.address, "vera", "vera-pass-1")
        rights = rights_of(vera)
        record = vera.get(ids["olga"])
        assert record is not None and not rights.may_edit(record) and not rights.may_delete(record)
        assert not rights.may_create("contact")
        assert rights.why_not_edit(record) == "Your role (viewer) may only read these records."
    finally:
        vera.close()


def test_a_pc_that_never_logged_in_may_do_everything_with_its_own_data(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        rights = rights_of(replica)
        rec = replica.get(replica.add("contact", {"name": "Анна", "manager": "someone"}))
        assert rec is not None and rights.may_edit(rec) and rights.may_delete(rec) and rights.may_export("contact")
        assert rights.may_create("_field")
    finally:
        replica.close()


def test_sections_and_fields_are_the_administrators() -> None:
    manager = Rights(user="olga", role="manager", rules={"*": {"edit": "all", "create": True, "delete": "all"}})
    field = Record(id="f", kind="_field", fields={}, creator="olga")
    assert not manager.may_edit(field) and not manager.may_create("_kind") and not manager.may_create("requisites")
    assert Rights(user="a", role="admin", rules={}).may_edit(field)


def test_the_servers_rules_say_what_may_be_exported(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        assert rule(replica, "contact") is None and may_export(replica, "contact")  # never logged in
        replica.set_meta("rules", {"*": {"read": "own", "export": False}, "task": {"read": "all", "export": True}})
        assert rule(replica, "contact") == {"read": "own", "export": False}
        assert not may_export(replica, "contact") and may_export(replica, "task")
        replica.set_meta("rules", "not rules")  # a server too old to say: nothing refused here
        assert rule(replica, "contact") is None and may_export(replica, "contact")
    finally:
        replica.close()


def test_a_read_only_record_names_its_owner_as_the_lists_do_not_by_login(tmp_path: Path) -> None:
    """«эта — Светлана Кузнецова», not «эта — sveta»: the banner says the colleague's name the Менеджер column
    shows; a former colleague is named too, and a login the PC knows no name for stays the login."""
    replica = Replica(tmp_path / "pc")
    try:
        replica.set_metas({"user": "olga", "role": "manager", "rules": {"*": {"read": "all", "edit": "own"}},
                           "colleagues": [{"name": "olga", "full_name": "Ольга Смирнова"},
                                          {"name": "sveta", "full_name": "Светлана Кузнецова"},
                                          {"name": "petr", "full_name": "Пётр Волков", "former": True}]})
        i18n.set_language("ru")
        rights = rights_of(replica)
        said = {who: rights.why_not_edit(Record(id=who, kind="note", fields={"manager": who}, creator=who))
                for who in ("sveta", "petr", "anna")}
        assert said == {who: f"Ваша роль (менеджер) может менять только свои записи; эта — {name}."
                        for who, name in (("sveta", "Светлана Кузнецова"), ("petr", "Пётр Волков"),
                                          ("anna", "anna"))}
    finally:
        i18n.set_language("en")
        replica.close()
