"""Filtering by field conditions that add up, saving the filter, and a wrong value, as a user clicks them."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from client.core.replica import Replica
from client.ui.main_window import MainWindow
from client.ui.qt import QInputDialog, Qt
from tests.client.ui.pcs import type_text  # key presses carrying Cyrillic (QTest's are ASCII only)


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    replica = Replica(tmp_path / "pc")
    for name, city, manager in (("Алла", "Тверь", "olga"), ("Борис", "Тверь", None), ("Вера", "Омск", None),
                                ("Глеб", "Тверь", None)):
        replica.add("contact", {"name": name, "city": city, **({"manager": manager} if manager else {})})
    w = MainWindow(replica)
    qtbot.addWidget(w)
    w.show()
    try:
        yield w
    finally:
        w.close()
        replica.close()


def titles(w: MainWindow) -> list[str]:
    return [w.model.data(w.model.index(r, 0)) for r in range(w.model.rowCount())]


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_conditions_add_up_are_saved_and_removed(qtbot, window: MainWindow, monkeypatch) -> None:
    w, bar = window, window.filter_bar
    choose(bar.field, "city")
    type_text(bar.value, "тверь")
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)
    # Exact match on the stored value: "тверь" is not "Тверь"; quick search is the forgiving one.
    assert titles(w) == []
    bar.value.clear()
    type_text(bar.value, "Тверь")
    qtbot.mouseClick(bar.add_button, Qt.MouseButton.LeftButton)
    assert titles(w) == ["Алла", "Борис", "Глеб"] and bar.value.text() == ""
    chips = [bar.chips.itemAt(i).widget().text() for i in range(bar.chips.count())]
    assert chips == ["City = Тверь  ✕"]

    choose(bar.field, "manager")
    choose(bar.op, "empty")
    assert not bar.value.isEnabled()
    assert titles(w) == ["Борис", "Глеб"]

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Тверь без менеджера", True))
    w.act_save_filter.trigger()
    bar.chips.itemAt(0).widget().click()  # remove the city condition
    choose(bar.op, "is")
    choose(bar.field, None)
    assert titles(w) == ["Алла", "Борис", "Вера", "Глеб"]

    w.saved_filters.setCurrentIndex(w.saved_filters.findText("Тверь без менеджера"))
    w.saved_filters.activated.emit(w.saved_filters.currentIndex())
    assert titles(w) == ["Борис", "Глеб"]
    assert bar.chips.count() == 1 and bar.op.currentData() == "empty"

    w.select_kind("organization")  # another section starts unfiltered, with its own saved filters
    assert bar.conditions == [] and w.saved_filters.findText("Тверь без менеджера") < 0


def test_a_wrong_value_says_why_and_keeps_the_list_and_the_typing(qtbot, window: MainWindow) -> None:
    w, bar = window, window.filter_bar
    choose(bar.field, "birthday")
    qtbot.keyClicks(bar.value, "31.02.2020")
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)
    assert "Birthday" in w.statusBar().currentMessage() and "not a date" in w.statusBar().currentMessage()
    assert titles(w) == ["Алла", "Борис", "Вера", "Глеб"] and bar.value.text() == "31.02.2020"
    qtbot.mouseClick(bar.add_button, Qt.MouseButton.LeftButton)
    assert bar.conditions == [] and bar.value.text() == "31.02.2020"


def test_a_new_record_made_in_a_folder_and_a_filter_belongs_to_them(qtbot, window: MainWindow) -> None:
    w, bar = window, window.filter_bar
    qtbot.waitUntil(lambda: w.groups.topLevelItem(0) is not None, timeout=3000)
    root = w.groups.topLevelItem(0)
    olga = next(root.child(i) for i in range(root.childCount()) if root.child(i).text(0).startswith("olga"))
    w.groups.setCurrentItem(olga)
    choose(bar.field, "city")
    type_text(bar.value, "Тверь")
    qtbot.mouseClick(bar.add_button, Qt.MouseButton.LeftButton)
    assert titles(w) == ["Алла"]
    w.new_record()
    assert w.card.editors["manager"].widget.currentText() == "olga"
    assert w.card.save() is None and "Fill in" in w.card.error.text()  # defaults alone make no record
    type_text(w.card.editors["name"].widget, "Дмитрий")
    rec = w.card.save()
    assert rec is not None
    assert w.replica.get(rec).fields == {"name": "Дмитрий", "city": "Тверь", "manager": "olga"}
    assert titles(w) == ["Алла", "Дмитрий"]  # still in view, and selected
    assert w.card.record is not None and w.card.record.id == rec
