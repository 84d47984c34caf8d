"""The list's last column stretches to the list's edge and shrinks back with it: a width stretched in a wide window
is neither remembered nor taken back, so in a narrower window every heading stays in view (Заметки's «Группа» was
837 px wide in a 560 px list, its heading off the edge)."""

from __future__ import annotations

import json
from pathlib import Path

from client.core.replica import Replica
from client.ui import i18n
from client.ui.main_window import MainWindow


def test_the_last_column_fills_the_list_and_is_not_remembered_stretched(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        replica.add("note", {"title": "Договорённости с Ромашкой", "group": "Клиенты"})
        # what an earlier version remembered after the window was once wide: «Группа» stretched to 837 px
        i18n.settings().setValue("columns/note", json.dumps(
            {"title": [0, 210, False], "text": [1, 130, True], "group": [2, 837, False]}))
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.resize(1280, 740)
        window.show()
        window.select_kind("note")
        header = window.table.horizontalHeader()
        group = [fd.key for fd in window.model.fields].index("group")
        qtbot.waitUntil(lambda: header.length() == header.viewport().width(), timeout=3000)
        assert header.sectionViewportPosition(group) + header.sectionSize(group) <= header.viewport().width()

        window.resize(1700, 740)  # widened: the last column fills the list, and its width is not remembered
        qtbot.waitUntil(lambda: header.sectionSize(group) > 400, timeout=3000)
        window._save_columns()
        assert json.loads(i18n.settings().value("columns/note", "", type=str))["group"][1] == 130
        window.select_kind("contact")
        window.resize(1280, 740)
        window.select_kind("note")  # back in a narrower window: every heading in view again
        qtbot.waitUntil(lambda: header.length() == header.viewport().width(), timeout=3000)
        window.close()
    finally:
        replica.close()
