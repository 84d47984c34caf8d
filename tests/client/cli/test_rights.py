"""The commands refuse what the user's role may not do before anything is written, offline too, in the words the
window uses (who owns the record, in the user's language); what the role allows goes through as before."""

from __future__ import annotations

from pathlib import Path

from tests.servers import ServerProcess, client


def test_a_role_s_limits_hold_on_the_command_line_before_anything_is_queued(office_server: ServerProcess,
                                                                           tmp_path: Path) -> None:
    assert office_server.manage("role", str(office_server.data_dir), "sales", "--read", "all", "--edit", "own",
                                "--delete", "own").returncode == 0
    office_server.add_user("olga", "olga-pass-1", "sales")
    office_server.add_user("vera", "vera-pass-1", "viewer")
    admin, olga, vera = tmp_path / "admin", tmp_path / "olga", tmp_path / "vera"
    for pc, user, password in ((admin, "admin", "admin-pass-1"), (olga, "olga", "olga-pass-1"),
                               (vera, "vera", "vera-pass-1")):
        assert client(pc, "login", office_server.address, "--user", user, "--password", password).returncode == 0
    theirs = client(admin, "add", "contact", "name=Клиент директора").stdout.strip()
    for pc in (olga, vera):
        assert client(pc, "sync").returncode == 0

    added = client(vera, "add", "contact", "name=Новый", "--offline")
    assert added.returncode == 7 and "your role (viewer) may not add records to contact" in added.stderr, added
    assert "outbox: 0" in client(vera, "status").stdout  # nothing waits to be refused later

    # named as the lists name the colleague (the built-in administrator: "Administrator"), not by login
    changed = client(olga, "set", theirs, "city=Тверь", "--offline")
    assert changed.returncode == 7 and "this one is Administrator's" in changed.stderr, changed.stderr
    deleted = client(olga, "--lang", "ru", "delete", theirs, "--offline")
    assert deleted.returncode == 7 and "ваша роль (sales) не позволяет удалять эту запись" in deleted.stderr, deleted
    assert "outbox: 0" in client(olga, "status").stdout

    mine = client(olga, "add", "contact", "name=Клиент Ольги").stdout.strip()
    assert client(olga, "set", mine, "city=Тверь").returncode == 0
    assert client(olga, "delete", mine).returncode == 0
    sheet = tmp_path / "клиенты.csv"
    sheet.write_text("ФИО\nНовый клиент\n", encoding="utf-8")
    imported = client(vera, "import", str(sheet), "--kind", "contact")
    assert imported.returncode == 7 and "may not add records to contact" in imported.stderr, imported
