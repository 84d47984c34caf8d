"""The window by keyboard and by column header, on the PC's own copy (no server needed for these)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from client.core.replica import Replica
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication, QLineEdit, QMessageBox, Qt


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    replica = Replica(tmp_path / "pc")
    for name, city in (("Борисов", "Омск"), ("Алексеева", "Тверь"), ("Волков", "Азов")):
        replica.add("contact", {"name": name, "city": city, "phone": "+7 900 000-00-00"})
    replica.close()
    return tmp_path / "pc"


@pytest.fixture
def window(qtbot, profile: Path) -> Iterator[MainWindow]:
    replica = Replica(profile)
    w = MainWindow(replica)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    try:
        yield w
    finally:
        w.close()
        replica.close()


def titles(w: MainWindow) -> list[str]:
    return [w.model.data(w.model.index(r, 0)) for r in range(w.model.rowCount())]


def test_keyboard_new_type_save_enter_esc_undo_delete(qtbot, window: MainWindow, monkeypatch) -> None:
    w = window
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    name = w.card.editors["name"].widget
    assert QApplication.focusWidget() is name  # typing starts in the title field
    qtbot.keyClicks(name, "Gromov")
    qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Gromov" in titles(w)
    assert w.card.record is not None and w.card.record.fields["name"] == "Gromov"

    # Esc goes back to the list; Enter on a row opens its card for typing.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is w.table
    w.table.selectRow(titles(w).index("Волков"))
    qtbot.keyClick(w.table, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is name.window().focusWidget()
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    assert w.card.record is not None and w.card.record.fields["name"] == "Волков"

    # Typing survives Esc, and is saved when another row is chosen.
    city = w.card.editors["city"].widget
    city.setFocus()
    qtbot.keyClicks(city, "-on-Don")
    qtbot.keyClick(city, Qt.Key.Key_Escape)
    assert city.text() == "Азов-on-Don"
    w.table.selectRow(titles(w).index("Алексеева"))
    assert w.replica.records("contact", search="Волков")[0].fields["city"] == "Азов-on-Don"

    # Ctrl+Z takes the last edit back.
    qtbot.keyClick(w.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.replica.records("contact", search="Волков")[0].fields["city"] == "Азов"

    # Delete asks first; No keeps the record.
    w.table.selectRow(titles(w).index("Алексеева"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.keyClick(w.table, Qt.Key.Key_Delete)
    assert "Алексеева" in titles(w)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(w.table, Qt.Key.Key_Delete)
    assert "Алексеева" not in titles(w)
    qtbot.keyClick(w.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # and undo brings it back
    assert "Алексеева" in titles(w)


def test_esc_drops_an_untouched_new_record(qtbot, window: MainWindow) -> None:
    window.new_record()
    qtbot.keyClick(window.card.editors["name"].widget, Qt.Key.Key_Escape)
    assert window.replica.count("contact") == 3
    assert QApplication.focusWidget() is window.table
    assert not window.card.title.text().startswith("New record")  # the card shows the list's row again


def test_sort_by_header_click_and_columns_are_remembered(qtbot, window: MainWindow, profile: Path) -> None:
    w = window
    assert titles(w) == ["Алексеева", "Борисов", "Волков"]
    header = w.table.horizontalHeader()
    city = [fd.key for fd in w.model.fields].index("city")
    phone = [fd.key for fd in w.model.fields].index("phone")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + type(header.rect().topLeft())(
                         header.sectionViewportPosition(city) + 10, 5))
    assert titles(w) == ["Волков", "Борисов", "Алексеева"]  # Азов, Омск, Тверь

    w.show_column(phone, False)
    header.moveSection(header.visualIndex(city), 0)
    header.resizeSection(city, 250)
    w.select_kind("organization")
    assert not header.isSectionHidden(phone) and header.visualIndex(0) == 0  # another section, its own layout
    w.select_kind("contact")
    assert header.isSectionHidden(phone) and header.visualIndex(city) == 0 and header.sectionSize(city) == 250

    # A new window (the next morning) opens with the same columns.
    w.close()
    replica = Replica(profile)
    try:
        again = MainWindow(replica)
        qtbot.addWidget(again)
        h = again.table.horizontalHeader()
        assert h.isSectionHidden(phone) and h.visualIndex(city) == 0 and h.sectionSize(city) == 250
        for col in range(h.count()):  # the last visible column cannot be hidden
            again.show_column(col, False)
        assert h.count() - h.hiddenSectionCount() == 1
        again.close()
    finally:
        replica.close()


def test_changes_update_rows_in_place_and_the_selection_follows(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "big")
    try:
        ids = replica.transaction(lambda: [
            replica.add("contact", {"name": f"Клиент {i:04d}", "phone": f"+7 900 000-{i:04d}"})
            for i in range(1000)])
        w = MainWindow(replica)
        qtbot.addWidget(w)
        w.show()
        w.table.scrollToBottom()
        w.table.selectRow(990)
        assert w.card.record is not None and w.card.record.id == ids[990]
        resets: list[int] = []
        w.model.modelReset.connect(lambda: resets.append(1))
        phone = [fd.key for fd in w.model.fields].index("phone")

        replica.set(ids[992], {"phone": "+7 999 111-22-33"})  # a visible row, not the sort key: in place
        assert w.model.data(w.model.index(992, phone)) == "+7 999 111-22-33"
        replica.set(ids[5], {"phone": "+7 999 000-00-05"})  # a row not loaded: nothing to redraw
        assert resets == [] and w.table.currentIndex().row() == 990

        replica.set(ids[990], {"name": "Аааа первый"})  # the title moves the record to the top
        assert w.model.data(w.model.index(0, 0)) == "Аааа первый"
        assert w.table.currentIndex().row() == 0 and w.card.record.id == ids[990]  # selection followed it
        replica.add("contact", {"name": "Клиент 0995а"})  # a new row in the middle
        assert w.model.rowCount() == 1001
        assert w.table.currentIndex().row() == 0 and w.card.record.id == ids[990]
        w.close()
    finally:
        replica.close()


def test_manager_field_offers_names_in_use_and_takes_a_new_one(qtbot, window: MainWindow) -> None:
    w = window
    olga = w.replica.add("contact", {"name": "Ольгин клиент", "manager": "olga"})
    w.open_record(olga)
    box = w.card.editors["manager"].widget
    assert box.currentText() == "olga"
    assert "olga" in [box.itemText(i) for i in range(box.count())]
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "sergey")
    assert w.card.save() == olga
    assert w.replica.get(olga).fields["manager"] == "sergey"
    box.lineEdit().clear()
    qtbot.keyClicks(box.lineEdit(), " ")
    w.card.save()
    assert "manager" not in w.replica.get(olga).fields or w.replica.get(olga).fields["manager"] is None


def test_about_box_names_the_version_from_setup_cfg_in_the_users_language(qtbot, tmp_path: Path) -> None:
    from client.ui import i18n
    from client.ui.qt import QApplication
    from lan_server import __version__
    setup_cfg = (Path(__file__).resolve().parents[3] / "setup.cfg").read_text()
    assert f"version = {__version__}" in setup_cfg  # one place: the installed metadata comes from setup.cfg
    replica = Replica(tmp_path / "pc")
    try:
        i18n.install(QApplication.instance(), "ru")
        w = MainWindow(replica, lang="ru")
        qtbot.addWidget(w)
        assert w.menu_help.title() == "&Справка" and w.act_about.text() == "О программе"
        assert w.about_text().startswith(f"Органайзер офиса {__version__}")
        from client.ui.status_panel import clock_warning
        assert clock_warning(-2 * 3600 * 1000) == "⚠ Часы этого компьютера спешат на 120 мин"
        assert clock_warning(3 * 60 * 1000) == "⚠ Часы этого компьютера отстают на 3 мин"
        assert clock_warning(30_000) == ""
    finally:
        i18n.install(QApplication.instance(), "en")
        replica.close()
