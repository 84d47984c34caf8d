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
        assert dialog.message.text() == ""  # "Asking the server…" goes with the answer
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


def test_a_second_folder_on_a_missing_disk_is_refused_then_reported_each_time_and_never_written_elsewhere(
        qtbot, office_server: ServerProcess, tmp_path: Path) -> None:
    import shutil

    from client.ui import i18n
    from client.ui.qt import QApplication
    replica = Replica(tmp_path / "admin")
    i18n.install(QApplication.instance(), "ru")
    try:
        login(replica, office_server.address, "admin", "admin-pass-1")
        dialog = BackupsDialog(replica, "ru")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.info is not None, timeout=10000)

        def ask(button) -> None:
            dialog.info = None
            button.click()
            qtbot.waitUntil(lambda: dialog.info is not None or "нельзя" in dialog.message.text(), timeout=30000)

        nowhere = tmp_path / "нет такого диска" / "Копии"  # E:\Копии with no E: plugged in
        dialog.copy_to.setText(str(nowhere))
        ask(dialog.save_button)
        assert dialog.message.text().startswith(f"папку {nowhere} нельзя использовать: её диска"), dialog.message.text()
        assert not nowhere.parent.exists()
        config = json.loads((office_server.data_dir / "server.json").read_text(encoding="utf-8"))
        assert not config.get("backup_copy_to")

        usb = tmp_path / "usb"  # a USB disk's mount point, the disk plugged in
        usb.mkdir()
        dialog.copy_to.setText(str(usb / "Копии"))
        ask(dialog.save_button)
        assert dialog.info is not None and (usb / "Копии").is_dir()
        ask(dialog.now_button)
        assert len(list((usb / "Копии").glob("organizer-*.db"))) == 1 and not dialog.copy_warning.isVisible()

        shutil.rmtree(usb)
        usb.mkdir()  # unplugged: the mount point is an empty folder on the system disk
        for _night in range(2):  # said every time, until the disk is back
            ask(dialog.now_button)
            assert dialog.info is not None and "Копия сделана и проверена" in dialog.message.text()
            assert dialog.copy_warning.isVisible()
            assert f"вторая копия не сделана: папки {usb / 'Копии'} нет" in dialog.copy_warning.text()
            assert list(usb.iterdir()) == []  # nothing written to the system disk in its place
        assert len(list((office_server.data_dir / "backups").glob("organizer-*.db"))) == 3

        shutil.rmtree(usb)
        (usb / "Копии").mkdir(parents=True)  # plugged back in: the disk still holds the mark
        (usb / "Копии" / "organizer-backups.txt").write_text("mark", encoding="utf-8")
        ask(dialog.now_button)
        assert not dialog.copy_warning.isVisible() and len(list((usb / "Копии").glob("organizer-*.db"))) == 1
    finally:
        replica.close()
        i18n.install(QApplication.instance(), "en")
