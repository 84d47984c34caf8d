"""The administrator's Users dialog against a real server: add, role, disable, who is connected; a viewer's window."""

from __future__ import annotations

import socket
from pathlib import Path

from client.core.replica import Replica
from client.core.session import login
from client.ui.admin_dialog import AdminDialog
from client.ui.main_window import MainWindow
from client.ui.qt import Qt
from tests.client.ui.answers import answer
from tests.client.ui.pcs import PC
from tests.servers import ServerProcess, client


def users_in(dialog: AdminDialog) -> dict[str, tuple[str, str]]:
    return {dialog.users.item(r, 0).text(): (dialog.users.item(r, 1).text(), dialog.users.item(r, 2).text())
            for r in range(dialog.users.rowCount())}


def test_admin_manages_users_from_the_window(qtbot, office_server: ServerProcess, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "admin")
    try:
        login(replica, office_server.address, "admin", "admin-pass-1")
        dialog = AdminDialog(replica)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: "admin" in users_in(dialog), timeout=10000)
        assert dialog.connected.rowCount() == 0 or dialog.connected.item(0, 0).text() == "admin"
        dialog.name.setText("olga")
        dialog.password.setText("short")
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "at least 8 characters" in dialog.message.text(), timeout=10000)
        dialog.password.setText("olga-pass-1")
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "olga" in users_in(dialog), timeout=10000)
        assert users_in(dialog)["olga"][0] == "manager"
        row = next(r for r in range(dialog.users.rowCount()) if dialog.users.item(r, 0).text() == "olga")
        dialog.users.selectRow(row)
        dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
        answer("Change the role")
        qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: users_in(dialog).get("olga", ("",))[0] == "viewer", timeout=10000)
        # Olga's window hides what a viewer may not do.
        olga = Replica(tmp_path / "olga")
        try:
            login(olga, office_server.address, "olga", "olga-pass-1")
            window = MainWindow(olga)
            qtbot.addWidget(window)
            assert not window.act_new.isVisible() and not window.card.save_button.isVisibleTo(window)
            assert not window.act_settings.isVisible()
            window.close()
        finally:
            olga.close()
        dialog.users.selectRow(row)
        qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: users_in(dialog).get("olga", ("", ""))[1] == "disabled", timeout=10000)
        r = client(tmp_path / "x", "login", office_server.address, "--user", "olga", "--password", "olga-pass-1")
        assert r.returncode == 4
    finally:
        replica.close()


def connected_in(dialog: AdminDialog) -> list[tuple[str, str]]:
    return [(dialog.connected.item(r, 0).text(), dialog.connected.item(r, 1).text())
            for r in range(dialog.connected.rowCount())]


def test_users_dialog_takes_a_full_name_clears_after_adding_asks_before_a_role_and_lists_each_pc_once(
        qtbot, office_server: ServerProcess, tmp_path: Path) -> None:
    pc = PC(qtbot, tmp_path / "admin", office_server.address)  # the administrator's PC, syncing as it does all day
    try:
        qtbot.waitUntil(lambda: pc.engine.status.state == "online", timeout=15000)
        dialog = AdminDialog(pc.replica, pc.window)
        qtbot.addWidget(dialog)
        # The PC is listed once, by the name it gave (its host name), though its sync and this dialog are two
        # connections and the sync's was resumed after a restart of the program, not logged in.
        qtbot.waitUntil(lambda: "admin" in users_in(dialog) and dialog.connected.rowCount() > 0, timeout=10000)
        assert connected_in(dialog) == [("admin", socket.gethostname())]

        dialog.name.setText("olga")
        dialog.full_name.setText("Ольга Петрова")
        dialog.password.setText("olga-pass-1")
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "olga" in users_in(dialog), timeout=10000)
        row = next(r for r in range(dialog.users.rowCount()) if dialog.users.item(r, 0).text() == "olga")
        assert dialog.users.item(row, 3).text() == "Ольга Петрова"
        assert (dialog.name.text(), dialog.full_name.text(), dialog.password.text()) == ("", "", "")
        assert "olga" in dialog.message.text()

        dialog.users.selectRow(row)
        dialog.role.setCurrentIndex(dialog.role.findData("viewer"))
        said: list[str] = []
        answer("Keep the role", said)
        qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
        assert "olga" in said[0] and "«manager»" in said[0] and "«viewer»" in said[0]
        assert not dialog.busy and users_in(dialog)["olga"][0] == "manager"  # nothing was sent
        answer("Change the role")
        qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: users_in(dialog).get("olga", ("",))[0] == "viewer", timeout=10000)
        dialog.close()
    finally:
        pc.close()
