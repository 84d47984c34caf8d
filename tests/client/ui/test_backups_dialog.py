"""Settings > Backups from an administrator's window against a real server: the list with each backup
checked, a backup made now, the nightly time and the second folder changed and kept in the server's folder;
a manager is refused."""

from __future__ import annotations

import json
from pathlib import Path

from client.core.errors import ServerError
from client.core.replica import Replica
from client.core.session import login
from client.core.sync import server_backups
from client.ui.backups_dialog import BackupsDialog
from client.ui.qt import QTime
from tests.servers import ServerProcess


def test_an_administrator_lists_makes_and_schedules_backups(qtbot, office_server: ServerProcess,
                                                            tmp_path: Path) -> None:
    replica = Replica(tmp_path / "admin")
    try:
        login(replica, office_server.address, "admin", "admin-pass-1")
        replica.add("contact", {"name": "Вера"})
        dialog = BackupsDialog(replica, "ru")
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.info is not None, timeout=10000)
        before = dialog.table.rowCount()
        texts = [label.text() for label in dialog.findChildren(type(dialog.folder))]
        assert any("python -m lan_server restore" in t for t in texts)  # how to restore, in words
        dialog.info = None
        dialog.now_button.click()
        qtbot.waitUntil(lambda: dialog.info is not None, timeout=30000)
        assert dialog.table.rowCount() == before + 1 and "Backup made and checked" in dialog.message.text()
        assert all(b["ok"] for b in dialog.info["backups"])
        made = dialog.info["made"]
        assert (office_server.data_dir / "backups" / made).exists()

        second = tmp_path / "второй диск"
        dialog.time.setTime(QTime(3, 45))
        dialog.copy_to.setText(str(second))
        dialog.keep.setValue(30)
        dialog.info = None
        dialog.save_button.click()
        qtbot.waitUntil(lambda: dialog.info is not None, timeout=10000)
        config = json.loads((office_server.data_dir / "server.json").read_text(encoding="utf-8"))
        assert (config["backup_time"], config["backup_copy_to"], config["backup_keep"]) == ("03:45", str(second), 30)
        info = server_backups(replica, "now")  # the next backup also goes to the second folder
        assert (second / info["made"]).exists()
        try:
            server_backups(replica, "set", time="25:99")
            raise AssertionError("an impossible time was accepted")
        except ServerError as e:
            assert "not a time of day" in str(e)
    finally:
        replica.close()


def test_a_manager_may_not_touch_backups(office_server: ServerProcess, tmp_path: Path) -> None:
    office_server.add_user("olga", "olga-pass-1")
    replica = Replica(tmp_path / "olga")
    try:
        login(replica, office_server.address, "olga", "olga-pass-1")
        try:
            server_backups(replica, "now")
            raise AssertionError("a manager made a backup")
        except ServerError as e:
            assert "only an administrator" in str(e)
        assert not list((office_server.data_dir / "backups").glob("organizer-*.db"))
    finally:
        replica.close()
