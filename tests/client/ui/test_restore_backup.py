"""Restoring the office from a backup in the administrator's window, against a real server with two PCs: told
first what it replaces, the office goes back to the backup's day and every PC follows (a deleted contact returns,
a later one goes), an edit a PC had not sent yet still arrives, the office as it was is kept as a backup of its
own; a colleague who is not an administrator is refused, in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.core.errors import ClientError
from client.core.sync import server_restore
from client.ui.backups_dialog import BackupsDialog
from client.ui.qt import Qt
from tests.client.ui.answers import answer
from tests.client.ui.pcs import PC
from tests.servers import ServerProcess


def names(pc: PC) -> set[str]:
    return {str(r.fields.get("name")) for r in pc.replica.records("contact")}


def test_an_administrator_restores_a_backup_and_every_pc_follows(qtbot, admin_and_manager: tuple[PC, PC]) -> None:
    admin, olga = admin_and_manager
    anna = olga.replica.add("contact", {"name": "Анна Иванова"})
    qtbot.waitUntil(lambda: "Анна Иванова" in names(admin), timeout=10000)
    dialog = BackupsDialog(admin.replica, "en", admin.window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.now_button.isEnabled(), timeout=10000)
    qtbot.mouseClick(dialog.now_button, Qt.MouseButton.LeftButton)  # the backup of "that day"
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and dialog.now_button.isEnabled(), timeout=30000)
    backup = dialog.table.item(0, 0).text()

    # After the backup: Анна deleted by mistake, Борис added; both PCs see it.
    olga.replica.delete(anna)
    boris = olga.replica.add("contact", {"name": "Борис Петров"})
    qtbot.waitUntil(lambda: names(admin) == {"Борис Петров"}, timeout=10000)
    # Olga's PC goes offline and she types Вера: not sent yet when the office is restored.
    olga.engine.stop()
    vera = olga.replica.add("contact", {"name": "Вера Сидорова"})

    assert not dialog.restore_button.isEnabled()  # nothing chosen yet
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    said: list[str] = []
    answer("Cancel", said)  # told first; Cancel changes nothing
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert "Take the whole office back to the backup of" in said[0]
    assert "records deleted since come back" in said[0] and "Every PC of the office reconnects" in said[0]
    assert names(admin) == {"Борис Петров"}
    answer("Restore")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "back as it was" in dialog.message.text(), timeout=30000)
    kept = dialog.message.text().rsplit(" ", 1)[-1].rstrip(".")
    assert kept.endswith("-before-restore.db")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10000)  # the office as it was: a backup too
    assert {dialog.table.item(r, 0).text() for r in range(2)} == {backup, kept}

    # The administrator's PC follows: Анна is back, Борис is gone, from its list too.
    qtbot.waitUntil(lambda: names(admin) == {"Анна Иванова"}, timeout=20000)
    assert admin.replica.get(boris) is None
    admin.window.select_kind("contact")
    qtbot.waitUntil(lambda: admin.titles() == ["Анна Иванова"], timeout=5000)

    # Olga's PC comes back online: it follows too, and Вера, typed before it knew, still reaches the office.
    olga.engine.start()
    qtbot.waitUntil(lambda: names(olga) == {"Анна Иванова", "Вера Сидорова"}, timeout=20000)
    assert olga.replica.get(boris) is None
    qtbot.waitUntil(lambda: names(admin) == {"Анна Иванова", "Вера Сидорова"}, timeout=20000)
    assert admin.replica.get(vera) is not None

    # A colleague who is not an administrator is refused, and told why.
    with pytest.raises(ClientError, match="only an administrator may restore"):
        server_restore(olga.replica, backup)
    dialog.close()


def test_a_backup_that_is_not_there_is_refused_and_nothing_changes(qtbot, office_server: ServerProcess,
                                                                   tmp_path: Path) -> None:
    admin = PC(qtbot, tmp_path / "admin", office_server.address)
    try:
        qtbot.waitUntil(lambda: admin.engine.status.state == "online", timeout=15000)
        admin.replica.add("contact", {"name": "Анна Иванова"})
        for name in ("organizer-nothing.db", "../server/organizer.db"):
            with pytest.raises(ClientError, match="there is no backup"):
                server_restore(admin.replica, name)
        qtbot.waitUntil(lambda: admin.replica.outbox_size() == 0, timeout=10000)
        assert admin.engine.status.state == "online" and names(admin) == {"Анна Иванова"}
    finally:
        admin.close()
