"""The bin: several records selected and restored at once all come back (one Undo sends them all back again)."""

from __future__ import annotations

from pathlib import Path

from client.core.replica import Replica
from client.ui.main_window import MainWindow
from client.ui.qt import Qt


def test_restoring_many_selected_records_restores_them_all(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        ids = [replica.add("contact", {"name": f"Клиент {n}"}) for n in range(4)]
        for rec in ids[:3]:
            replica.delete(rec)
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.show()
        window.select_kind("contact")
        window.act_bin.setChecked(True)
        assert window.model.rowCount() == 3
        window.table.selectAll()  # Ctrl+A in the bin's list
        window.act_restore.trigger()
        assert [replica.get(rec).deleted for rec in ids] == [False] * 4  # type: ignore[union-attr]
        assert window.model.rowCount() == 0  # the bin is empty now
        window.act_undo.trigger()  # one Undo: the three go back to the bin together
        assert [replica.get(rec).deleted for rec in ids] == [True, True, True, False]  # type: ignore[union-attr]
    finally:
        replica.close()


def test_the_bin_has_a_heading_naming_its_section_and_the_way_back(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        ids = [replica.add("contact", {"name": f"Клиент {n}"}) for n in range(3)]
        replica.delete(ids[0])
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.show()
        window.select_kind("contact")
        assert not window.bin_heading.isVisible()  # the section's own list has no bin heading
        window.act_bin.setChecked(True)
        assert window.bin_heading.isVisible()
        assert window.bin_heading.title.text() == "Bin: Contacts"
        assert "Removed records: 1" in window.bin_heading.hint.text()
        replica.delete(ids[1])  # deleted meanwhile (here or on another PC): the count follows
        qtbot.waitUntil(lambda: "Removed records: 2" in window.bin_heading.hint.text(), timeout=5000)
        window.table.selectAll()
        window.act_restore.trigger()
        assert window.bin_heading.hint.text() == "The bin of this section is empty."
        qtbot.mouseClick(window.bin_heading.back, Qt.MouseButton.LeftButton)  # the way out is on the heading
        assert not window.act_bin.isChecked() and not window.bin_heading.isVisible()
        assert window.model.rowCount() == 3
    finally:
        replica.close()
