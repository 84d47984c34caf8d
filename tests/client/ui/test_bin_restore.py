"""The bin: several records selected and restored at once all come back (one Undo sends them all back again)."""

from __future__ import annotations

from pathlib import Path

from client.core.replica import Replica
from client.ui.main_window import MainWindow


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
