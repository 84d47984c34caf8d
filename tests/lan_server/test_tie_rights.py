"""Ties made by hand on a real server: a tie arriving with the note it ties (made offline, one push) is taken; a
forged tie is refused whatever it tries (ends other than its id's, a record the user may not read, two records the
user may change neither of, the program's own records); and a tie reaches only who may read both its records."""

from __future__ import annotations

from pathlib import Path

from client.core.replica import Replica
from lan_server.records import new_id
from lan_server.records.schema import DELETED, RECORD
from lan_server.records.ties import fields_of, tie_id
from tests.lan_server.test_talk_rights import _login, _push
from tests.servers import ServerProcess, client


def _tie(one: str, other: str) -> str:
    rec = tie_id(one, other)
    assert rec is not None
    return rec


def test_forged_ties_are_refused_and_a_tie_with_its_new_note_is_taken(office_server: ServerProcess,
                                                                       tmp_path: Path) -> None:
    data = str(office_server.data_dir)
    assert office_server.manage("role", data, "sales", "--read", "all", "--edit", "own").returncode == 0
    assert office_server.manage("role", data, "sales", "--kind", "organization", "--read", "own", "--edit", "own"
                                ).returncode == 0
    office_server.add_user("olga", "olga-pass-1", "sales")
    office_server.add_user("ivan", "ivan-pass-1", "sales")
    admin_pc, olga_pc, ivan_pc = tmp_path / "admin", tmp_path / "olga", tmp_path / "ivan"
    for pc, user in ((admin_pc, "admin"), (olga_pc, "olga"), (ivan_pc, "ivan")):
        _login(office_server, pc, user)
    hers = client(olga_pc, "add", "contact", "name=Клиентка Ольги").stdout.strip()
    his = client(ivan_pc, "add", "contact", "name=Клиент Ивана").stdout.strip()
    his_org = client(ivan_pc, "add", "organization", "name=ООО Иван").stdout.strip()
    boss = client(admin_pc, "add", "contact", "name=Клиент директора").stdout.strip()

    # A note made offline and tied to her client in the same push: judged together, both taken.
    note = new_id()
    made = _push(olga_pc, (note, "note", RECORD, {"title": "Звонок"}),
                 (_tie(note, hers), "tie", RECORD, fields_of(_tie(note, hers))))
    assert made["rejected"] == [], made
    # Her client to Ivan's: she may change hers, so she may tie them.
    assert _push(olga_pc, (_tie(hers, his), "tie", RECORD, fields_of(_tie(hers, his))))["rejected"] == []

    saved = new_id()
    assert _push(olga_pc, (saved, "saved_filter", RECORD, {"name": "Мои", "assignee": "olga"}))["rejected"] == []
    refused = {
        "tie_unreadable": (_tie(hers, his_org), "tie", RECORD, fields_of(_tie(hers, his_org))),
        "tie_fixed": (_tie(hers, his), "tie", "a", boss),  # an end other than the id's
        "tie_no_change": (_tie(his, boss), "tie", RECORD, fields_of(_tie(his, boss))),
        "tie_id": ("tie:" + hers, "tie", RECORD, {"a": hers}),
        "tie_kind": (_tie(hers, saved), "tie", RECORD, fields_of(_tie(hers, saved))),  # the program's own
    }
    for code, edit in refused.items():
        answer = _push(olga_pc, edit)
        assert len(answer["rejected"]) == 1, (code, answer)
        assert answer["rejected"][0][2]["code"] == code, answer
    # Ivan ties his client to his organization, and unties them.
    assert _push(ivan_pc, (_tie(his, his_org), "tie", RECORD, fields_of(_tie(his, his_org))))["rejected"] == []
    assert _push(ivan_pc, (_tie(his, his_org), "tie", DELETED, True))["rejected"] == []
    assert _push(ivan_pc, (_tie(his, his_org), "tie", DELETED, False))["rejected"] == []

    # What each PC holds: olga her ties, not Ivan's (his organization she may not read); the administrator all.
    for pc in (olga_pc, ivan_pc, admin_pc):
        assert client(pc, "sync").returncode == 0
    replica = Replica(olga_pc)
    try:
        assert {r.id for r in replica.records("tie")} == {_tie(note, hers), _tie(hers, his)}
        assert replica.get(_tie(his, his_org)) is None
    finally:
        replica.close()
    replica = Replica(admin_pc)
    try:
        assert {r.id for r in replica.records("tie")} == {_tie(note, hers), _tie(hers, his), _tie(his, his_org)}
    finally:
        replica.close()
