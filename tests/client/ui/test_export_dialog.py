"""Export writes exactly what the table shows: the search, the filter conditions and the folder."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from client.core.replica import Replica
from client.ui.main_window import MainWindow
from client.ui.qt import QFileDialog, QMessageBox, Qt
from tests.client.ui.pcs import type_text
from tests.client.ui.test_filter_bar import choose, titles


def test_export_from_a_filtered_view_writes_the_shown_rows_only(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Before, with the filter "city = Тверь" the table showed 2 rows and Export wrote 5."""
    replica = Replica(tmp_path / "pc")
    try:
        for name, city in (("Анна", "Тверь"), ("Борис", "Москва"), ("Вера", "Тверь"), ("Глеб", "Омск"),
                           ("Дина", "Москва")):
            replica.add("contact", {"name": name, "city": city})
        w = MainWindow(replica)
        qtbot.addWidget(w)
        choose(w.filter_bar.field, "city")
        type_text(w.filter_bar.value, "Тверь")
        qtbot.mouseClick(w.filter_bar.add_button, Qt.MouseButton.LeftButton)
        assert titles(w) == ["Анна", "Вера"]
        target = tmp_path / "shown.xlsx"
        asked: list[str] = []
        told: list[str] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda parent, caption, *a: (asked.append(caption), (str(target), ""))[1]))
        monkeypatch.setattr(QMessageBox, "information",
                            staticmethod(lambda parent, title, text: told.append(text)))
        w.open_export()
        assert asked and asked[0].endswith("(records: 2)")  # the dialog says how many it will use
        rows = [[c.value for c in row] for row in load_workbook(target).active.iter_rows()]
        names = [r[0] for r in rows[1:]]
        assert names == ["Анна", "Вера"] and told and told[0].startswith("Exported: 2")
    finally:
        replica.close()
