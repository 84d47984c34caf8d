"""Rights of colleagues' talk on a real server: a comment reaches only those who may read its record (a mention
of someone who may not tells them nothing), a direct message only its two people, marks and follows only their
user; forged pushes are refused; a record handed over brings its comments, one taken away takes them."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from client.core.replica import Replica
from client.core.sync import SyncEngine, connect
from lan_server.records import Op, new_id, talk
from lan_server.records.schema import RECORD
from tests.lan_server.test_rights import disk_holds
from tests.servers import ServerProcess, client, wait_for


def _push(profile: Path, *edits: tuple[str, str, str, Any]) -> dict[str, Any]:
    """Send hand-made edits (record, section, field, value) straight to the server, as a hostile PC would (field
    RECORD: a record made in one op, value = its fields)."""
    replica = Replica(profile)

    async def push() -> dict[str, Any]:
        conn = await connect(replica)
        try:
            # a record op's id is its record's
            ops = [Op(id=rec if field == RECORD else new_id(), rec=rec, kind=kind, field=field, value=value,
                      hlc=replica.clock.now(), dev=replica.device, user=replica.user).to_wire()
                   for rec, kind, field, value in edits]
            return await conn.request("push", ops=ops)
        finally:
            await conn.close()
    try:
        return asyncio.run(push())
    finally:
        replica.close()


def _login(server: ServerProcess, pc: Path, user: str) -> None:
    r = client(pc, "login", server.address, "--user", user, "--password", f"{user}-pass-1")
    assert r.returncode == 0, r.stderr


def test_talk_reaches_only_who_may_read_it_and_forgeries_are_refused(office_server: ServerProcess,
                                                                      tmp_path: Path) -> None:
    data = str(office_server.data_dir)
    assert office_server.manage("role", data, "sales", "--read", "own", "--edit", "own").returncode == 0
    office_server.add_user("olga", "olga-pass-1", "sales", full_name="Ольга Петрова")
    office_server.add_user("ivan", "ivan-pass-1", "sales", full_name="Иван Сидоров")
    admin_pc, olga_pc, ivan_pc = tmp_path / "admin", tmp_path / "olga", tmp_path / "ivan"
    for pc, user in ((admin_pc, "admin"), (olga_pc, "olga"), (ivan_pc, "ivan")):
        _login(office_server, pc, user)
    secret = client(ivan_pc, "add", "contact", "name=Клиент Ивана").stdout.strip()
    shared = client(admin_pc, "add", "contact", "name=Общий клиент", "manager=olga").stdout.strip()
    # Ivan mentions Olga on a record she may not read; the admin writes to Ivan alone.
    hidden = client(ivan_pc, "comment", secret, "@olga тайная заметка про Клиента Ивана").stdout.strip()
    dm = client(admin_pc, "message", "ivan", "Личное для Ивана: премия").stdout.strip()
    assert hidden.startswith("cm:") and dm.startswith("ms:admin,ivan:")
    visible = client(admin_pc, "comment", shared, "@olga позвони до пятницы").stdout.strip()
    everyone = client(ivan_pc, "message", "all", "Обед в 13:00").stdout.strip()

    notes = json.loads(client(olga_pc, "notifications", "--json").stdout)
    assert {n["id"] for n in notes} == {visible, everyone}  # the mention she may not read tells her nothing
    assert [n["type"] for n in notes if n["id"] == visible] == ["mention"]
    assert json.loads(client(olga_pc, "comments", shared, "--json").stdout)[0]["text"] == "@olga позвони до пятницы"
    for text in (hidden, "тайная заметка", dm, "Личное для Ивана", secret):
        assert not disk_holds(olga_pc, text), text
    assert client(ivan_pc, "sync").returncode == 0 and client(admin_pc, "sync").returncode == 0
    assert not disk_holds(ivan_pc, visible)  # Ivan may not read Olga's record, nor its comments
    assert disk_holds(ivan_pc, "Личное для Ивана") and disk_holds(admin_pc, "тайная заметка")

    # Forged edits pushed straight to the server are refused, each with its reason.
    reply = _push(olga_pc,
                  (talk.comment_id(secret), talk.COMMENT, "text", "вижу?"),            # on a record she cannot read
                  (visible, talk.COMMENT, "text", "переписала чужое"),                  # the admin's comment
                  (talk.message_id("admin,ivan"), talk.MESSAGE, "text", "влезла"),      # not her conversation
                  (talk.read_id(visible, "ivan"), talk.READ, "seen", 1),                # a mark in Ivan's name
                  (talk.follow_id(secret, "olga"), talk.FOLLOW, "on", True),            # following what she can't read
                  (talk.comment_id(shared), talk.COMMENT, "on", secret),                # claims another record
                  ("cm:" + new_id(), talk.COMMENT, "text", "без записи"),               # an id of no shape
                  (talk.attachment_id(visible), talk.ATTACHMENT, "name", "x.txt"))      # a file on another's comment
    assert reply["acks"] == [] and len(reply["rejected"]) == 8, reply
    reasons = [r[1] for r in reply["rejected"]]
    assert reasons == ["you may not read the record this belongs to", "only its author may change a comment",
                       "you are not in this conversation", "a read belongs to its own user",
                       "you may not read the record this belongs to", "a comment stays where it was made",
                       reasons[6], "only a comment's author may attach files to it"], reasons
    assert reasons[6].endswith("is not the id of a comment")

    # The same forgeries as talk records made in one op (all their fields in one op) are judged field by field;
    # a comment she may make in one op is taken.
    own = talk.comment_id(shared)
    reply = _push(olga_pc,
                  (talk.comment_id(shared), talk.COMMENT, RECORD, {"on": secret, "text": "чужая запись"}),
                  (talk.message_id("ivan,olga"), talk.MESSAGE, RECORD, {"chat": "admin,ivan", "text": "влезла"}),
                  (talk.read_id(visible, "olga"), talk.READ, RECORD, {"item": visible, "user": "ivan", "seen": 1}),
                  (talk.follow_id(shared, "olga"), talk.FOLLOW, RECORD, {"record": secret, "on": True}),
                  (own, talk.COMMENT, RECORD, {"on": shared, "text": "сделано одним op", "at": 1}))
    assert [ack[0] for ack in reply["acks"]] == [own], reply
    assert [r[1] for r in reply["rejected"]] == [
        "a comment stays where it was made", "a message stays where it was made", "a read stays where it was made",
        "a follow stays where it was made"], reply
    assert client(admin_pc, "sync").returncode == 0
    assert {c["text"] for c in json.loads(client(admin_pc, "comments", shared, "--json").stdout)} == {
        "@olga позвони до пятницы", "сделано одним op"}
    assert client(olga_pc, "sync").returncode == 0  # her digest agrees with the server's: no endless repair


def test_a_record_handed_over_brings_its_comments_and_taking_it_away_takes_them(office_server: ServerProcess,
                                                                                tmp_path: Path) -> None:
    data = str(office_server.data_dir)
    assert office_server.manage("role", data, "sales", "--read", "own", "--edit", "own").returncode == 0
    office_server.add_user("olga", "olga-pass-1", "sales")
    admin_pc, olga_pc = tmp_path / "admin", tmp_path / "olga"
    _login(office_server, admin_pc, "admin")
    _login(office_server, olga_pc, "olga")
    rec = client(admin_pc, "add", "contact", "name=Переходящий клиент").stdout.strip()
    first = client(admin_pc, "comment", rec, "история клиента", "--file", str(_file(tmp_path))).stdout.strip()
    olga = Replica(olga_pc)
    engine = SyncEngine(olga, min_delay=0.1, max_delay=0.5)
    engine.start()
    try:
        assert wait_for(lambda: engine.status.state == "online")
        assert olga.get(first) is None
        assert client(admin_pc, "set", rec, "manager=olga").returncode == 0  # handed to Olga while she is online
        assert wait_for(lambda: olga.get(first) is not None), "the comment came with its record"
        files = olga.get(first).fields["files"]  # type: ignore[union-attr]
        assert wait_for(lambda: olga.get(files[0]["id"]) is not None), "and its file"
        assert client(admin_pc, "set", rec, "manager=ivan").returncode == 0  # and taken away again
        assert wait_for(lambda: olga.get(rec) is None and olga.get(first) is None and olga.get(files[0]["id"]) is None)
    finally:
        engine.stop()
        olga.close()
    assert client(olga_pc, "sync").returncode == 0
    assert not disk_holds(olga_pc, "история клиента")


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "договор.txt"
    path.write_text("условия договора", encoding="utf-8")
    return path
