"""Two PCs against a real server: PC B edits offline, PC A edits the same field later online; when B comes back,
its window says B's edit lost (both values, who), again after B restarts before anyone answered it, and one click
brings B's value back, which A then shows; after that a restart says nothing."""

from __future__ import annotations

import time
from pathlib import Path

from client.core.sync import SyncEngine
from client.ui import i18n
from client.ui.qt import QApplication, QLineEdit, Qt
from tests.client.ui.pcs import PC, type_text
from tests.servers import ServerProcess


def test_an_offline_edit_that_lost_is_told_until_answered_and_brought_back(qtbot, office_server: ServerProcess,
                                                                          tmp_path: Path) -> None:
    office_server.add_user("olga", "olga-pass-1", "manager")
    i18n.install(QApplication.instance(), "ru")
    a = PC(qtbot, tmp_path / "a", office_server.address, lang="ru")
    b = PC(qtbot, tmp_path / "b", office_server.address, lang="ru", user="olga", password="olga-pass-1")
    try:
        rec = a.replica.add("contact", {"name": "Анна Ёлкина", "address": "ул. Ленина, 1", "manager": "olga"})
        qtbot.waitUntil(lambda: b.replica.get(rec) is not None, timeout=10000)
        b.engine.stop()  # B loses the network
        b.window.select_kind("contact")
        b.window.open_record(rec)
        address = b.window.card.editors["address"].widget
        assert isinstance(address, QLineEdit)
        address.setFocus()
        address.selectAll()
        type_text(address, "ул. Мира, 2")
        b.window.act_save.trigger()
        assert b.replica.get(rec).fields["address"] == "ул. Мира, 2"  # type: ignore[union-attr]
        time.sleep(0.05)
        a.replica.set(rec, {"address": "пр. Победы, 3"})  # later, on A, online
        qtbot.waitUntil(lambda: not a.replica.outbox(1), timeout=10000)
        assert not b.window.lost_bar.isVisible()

        b.engine = SyncEngine(b.replica, on_status=b.window.bridge.emit_status, min_delay=0.1, max_delay=0.5)
        b.window.engine = b.engine
        b.engine.start()  # B is back
        bar = b.window.lost_bar
        qtbot.waitUntil(bar.isVisible, timeout=15000)
        said = bar.label.text()
        assert "Администратор" in said and "«Адрес»" in said and "пр. Победы, 3" in said and "ул. Мира, 2" in said, said
        assert "Анна Ёлкина" in said and bar.mine_button.text() == "Вернуть моё"
        assert b.replica.get(rec).fields["address"] == "пр. Победы, 3"  # type: ignore[union-attr]

        b.close()  # B's PC restarts before Olga looked: the notice waits in its copy
        b = PC(qtbot, tmp_path / "b", office_server.address, lang="ru", user="olga", password="olga-pass-1")
        bar = b.window.lost_bar
        assert bar.isVisible() and bar.label.text() == said
        qtbot.mouseClick(bar.mine_button, Qt.MouseButton.LeftButton)
        assert not bar.isVisible()
        assert b.replica.get(rec).fields["address"] == "ул. Мира, 2"  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: a.replica.get(rec).fields["address"] == "ул. Мира, 2", timeout=10000)  # type: ignore[union-attr]
        assert not a.window.lost_bar.isVisible()  # A's edit was not lost: it was replaced later, knowingly
        b.close()  # answered: the next start says nothing
        b = PC(qtbot, tmp_path / "b", office_server.address, lang="ru", user="olga", password="olga-pass-1")
        assert not b.window.lost_bar.isVisible()
    finally:
        a.close()
        b.close()
        i18n.install(QApplication.instance(), "en")
