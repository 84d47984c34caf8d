"""A rights change leaves nothing readable where it no longer may be: when an administrator gives a user a role
that reads only their own contacts, the user's open window forgets the others at once (the server tells it), and
a laptop that was off meanwhile forgets them at its next sync; their own records stay, and come back with the
old role."""

from __future__ import annotations

import json
from pathlib import Path

from client.core.replica import Replica
from client.core.session import login
from tests.client.ui.pcs import PC
from tests.servers import ServerProcess, client


def logged_in(profile: Path, address: str, user: str, password: str) -> Path:
    replica = Replica(profile)
    try:
        login(replica, address, user, password)
    finally:
        replica.close()
    return profile


def names(profile: Path) -> set[str]:
    done = client(profile, "list", "contact", "--json")
    assert done.returncode == 0, done.stderr
    return {r["fields"]["name"] for r in json.loads(done.stdout)}


def test_a_narrower_role_makes_open_windows_and_later_syncs_forget(qtbot, office_server: ServerProcess,
                                                                   tmp_path: Path) -> None:
    office_server.add_user("olga", "olga-pass-1")
    admin = logged_in(tmp_path / "admin", office_server.address, "admin", "admin-pass-1")
    laptop = logged_in(tmp_path / "laptop", office_server.address, "olga", "olga-pass-1")
    assert client(admin, "add", "contact", "name=Клиент директора").returncode == 0
    pc = PC(qtbot, tmp_path / "olga", office_server.address, user="olga", password="olga-pass-1")
    try:
        qtbot.waitUntil(lambda: pc.engine.status.state == "online", timeout=15000)
        pc.window.select_kind("contact")
        pc.window.new_record()
        pc.window.card.editors["name"].widget.setText("Клиент Ольги")
        pc.window.card.editors["name"].dirty = True
        assert pc.window.card.save()
        qtbot.waitUntil(lambda: set(pc.titles()) == {"Клиент директора", "Клиент Ольги"}, timeout=15000)
        assert client(laptop, "sync").returncode == 0
        assert names(laptop) == {"Клиент директора", "Клиент Ольги"}

        for step in (("role", str(office_server.data_dir), "own_only", "--kind", "contact", "--read", "own",
                      "--edit", "own"),
                     ("user", "role", str(office_server.data_dir), "olga", "--role", "own_only")):
            done = office_server.manage(*step)
            assert done.returncode == 0, done.stderr
        qtbot.waitUntil(lambda: pc.titles() == ["Клиент Ольги"], timeout=15000)  # the open window, by itself
        assert [r.fields["name"] for r in pc.replica.records("contact")] == ["Клиент Ольги"]  # off the disk
        assert pc.replica.meta("role") == "own_only"
        assert pc.engine.status.state == "online"

        assert names(laptop) == {"Клиент директора", "Клиент Ольги"}  # off meanwhile: still there
        assert client(laptop, "sync").returncode == 0
        assert names(laptop) == {"Клиент Ольги"}

        assert office_server.manage("user", "role", str(office_server.data_dir), "olga",
                                    "--role", "manager").returncode == 0
        qtbot.waitUntil(lambda: set(pc.titles()) == {"Клиент директора", "Клиент Ольги"}, timeout=15000)
    finally:
        pc.close()
