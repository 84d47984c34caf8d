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


def test_conditions_beyond_is_contains_numbers_dates_and_any_of(qtbot, tmp_path: Path) -> None:
    from datetime import date, timedelta

    replica = Replica(tmp_path / "conditions")
    today = date.today()
    for title, amount, close, stage in (("Поставка бумаги", 12000, today + timedelta(days=3), "new"),
                                        ("Картриджи", 3900, today + timedelta(days=20), "talks"),
                                        ("Обслуживание офиса", 144000, today - timedelta(days=5), "won"),
                                        ("Бумага А3", 800, None, "lost")):
        replica.add("deal", {"title": title, "amount": amount, "stage": stage,
                             **({"close_date": close.isoformat()} if close else {})})
    w = MainWindow(replica)
    qtbot.addWidget(w)
    try:
        w.select_kind("deal")
        bar = w.filter_bar
        choose(bar.field, "title")
        assert [bar.op.itemData(i) for i in range(bar.op.count())] == ["is", "empty", "contains", "starts", "any_of"]
        choose(bar.op, "contains")
        type_text(bar.value, "БУМАГ")  # any case, Cyrillic
        w.apply_search()
        assert titles(w) == ["Бумага А3", "Поставка бумаги"]
        bar.add_button.click()
        assert "«БУМАГ»" in bar.chips.itemAt(0).widget().text()
        choose(bar.field, "amount")
        assert "between" in [bar.op.itemData(i) for i in range(bar.op.count())]
        choose(bar.op, "gt")
        type_text(bar.value, "1 000")
        w.apply_search()
        assert titles(w) == ["Поставка бумаги"]  # both conditions hold: bumag and more than 1 000
        bar.remove_condition(0)
        choose(bar.op, "between")
        bar.value.setText("1000")
        bar.to.setText("20 000")
        w.apply_search()
        assert titles(w) == ["Картриджи", "Поставка бумаги"]
        choose(bar.field, "close_date")
        assert "next_days" in [bar.op.itemData(i) for i in range(bar.op.count())]
        choose(bar.op, "next_days")
        bar.value.setText("7")
        w.apply_search()
        assert titles(w) == ["Поставка бумаги"]  # in 3 days; the one in 20 days and the past one are not
        bar.add_button.click()
        choose(bar.field, "stage")
        choose(bar.op, "any_of")
        bar.value.setText("Talks, Won")
        w.apply_search()
        assert titles(w) == []  # next 7 days AND (talks or won): none
        bar.remove_condition(0)
        w.apply_search()
        assert titles(w) == ["Картриджи", "Обслуживание офиса"]
        html = w.list_html()  # the printed list says the condition in words
        assert "Stage any of: Talks, Won" in html
    finally:
        w.close()
        replica.close()


def test_saved_filters_follow_the_user_to_their_other_pc_and_are_renamed_and_deleted(
        qtbot, two_pcs, office_server, tmp_path: Path, monkeypatch) -> None:
    from client.core import saved_filters
    from client.core.session import login
    a, b = two_pcs  # both logged in as admin: one user, two PCs
    for pc in (a, b):
        pc.window.select_kind("contact")
    bar = a.window.filter_bar
    choose(bar.field, "city")
    bar.value.setText("Тверь")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Тверь", True))
    a.window.act_save_filter.trigger()
    qtbot.waitUntil(lambda: b.window.saved_filters.findText("Тверь") > 0, timeout=10000)  # on the other PC too
    rec = b.window.saved_filters.itemData(b.window.saved_filters.findText("Тверь")).rec
    b.window.rename_saved_filter(rec, "Клиенты из Твери")
    qtbot.waitUntil(lambda: a.window.saved_filters.findText("Клиенты из Твери") > 0, timeout=10000)
    assert a.window.saved_filters.findText("Тверь") < 0
    office_server.add_user("olga", "olga-pass-1")
    olga = Replica(tmp_path / "olga")
    try:
        login(olga, office_server.address, "olga", "olga-pass-1")
        assert olga.count("saved_filter") == 0  # a colleague's filters are theirs alone
        assert saved_filters.mine(olga, "contact") == []
    finally:
        olga.close()
    a.window.delete_saved_filter(rec)
    qtbot.waitUntil(lambda: b.window.saved_filters.count() == 1, timeout=10000)  # only the "Saved filters" title


def test_filters_a_0_1_pc_kept_in_its_data_file_become_the_users_own(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "old")
    try:
        replica.set_meta("saved_filters", {"Москва": {"kind": "contact", "search": "", "conditions": [["city",
                                                                                                      "Москва"]]}})
        w = MainWindow(replica)
        qtbot.addWidget(w)
        w.select_kind("contact")
        assert w.saved_filters.findText("Москва") > 0 and not replica.meta("saved_filters")
    finally:
        replica.close()
