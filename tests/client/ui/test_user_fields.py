"""A user field (Менеджер, Исполнитель) names colleagues in the window, against a real server, in Russian: the card's
list picks a colleague by name and stores the login, the list's column, the folders, the filter, the manager's
choice above the deal board and the card's history say the name; a login with no known name shows the login."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from client.core.talk import people
from client.ui import i18n
from client.ui.qt import QApplication, Qt
from tests.client.ui.pcs import PC, type_text
from tests.servers import ServerProcess, client


@pytest.fixture
def office_pc(qtbot, office_server: ServerProcess, tmp_path: Path) -> Iterator[PC]:
    """The administrator's PC, in Russian, once it knows its colleagues Ольга and Иван."""
    office_server.add_user("olga", "olga-pass-1", full_name="Ольга Петрова")
    office_server.add_user("ivan", "ivan-pass-1", full_name="Иван Сидоров")
    i18n.install(QApplication.instance(), "ru")
    pc = PC(qtbot, tmp_path / "pc", office_server.address, lang="ru")
    try:
        qtbot.waitUntil(lambda: pc.engine.status.state == "online"
                        and people.names(pc.replica).get("ivan") == "Иван Сидоров", timeout=15000)
        yield pc
    finally:
        pc.close()
        i18n.install(QApplication.instance(), "en")


def _cells(pc: PC, key: str) -> dict[str, str]:
    m = pc.window.model
    column = [f.key for f in m.fields].index(key)
    return {m.data(m.index(r, 0)): m.data(m.index(r, column)) for r in range(m.rowCount())}


def _folders(pc: PC) -> list[str]:
    root = pc.window.groups.topLevelItem(0)
    return sorted(root.child(i).text(0) for i in range(root.childCount())) if root is not None else []


def test_a_user_field_names_colleagues_and_stores_their_login(qtbot, office_pc: PC) -> None:
    pc, w = office_pc, office_pc.window
    anna = pc.replica.add("contact", {"name": "Орлова Анна", "manager": "olga"})
    pc.replica.add("contact", {"name": "Старый клиент", "manager": "boris"})  # a login the office no longer has
    qtbot.waitUntil(lambda: w.model.rowCount() == 2, timeout=10000)

    # The list's column and each manager's folder, by name.
    assert _cells(pc, "manager") == {"Орлова Анна": "Ольга Петрова", "Старый клиент": "boris"}
    assert w.group_by.currentData() == "manager"
    qtbot.waitUntil(lambda: _folders(pc) == ["boris (1)", "Ольга Петрова (1)"], timeout=5000)

    # The card: the colleague by name, the login as the item's data; the built-in administrator in Russian.
    w.open_record(anna)
    box = w.card.editors["manager"].widget
    assert box.currentText() == "Ольга Петрова" and box.currentData() == "olga"
    assert [box.itemText(i) for i in range(box.count())] == [
        "boris", "Администратор", "Иван Сидоров", "Ольга Петрова"]
    assert [box.itemData(i) for i in range(box.count())] == ["boris", "admin", "ivan", "olga"]

    # Picked by name: the login is stored, the name is shown.
    box.setCurrentIndex(box.findText("Иван Сидоров"))
    assert w.card.save() is not None
    assert pc.replica.get(anna).fields["manager"] == "ivan"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: _cells(pc, "manager")["Орлова Анна"] == "Иван Сидоров", timeout=5000)

    # Typed: a name in any case, or a login, finds the colleague; a name the office does not know is kept as typed.
    for typed, stored in (("ольга петрова", "olga"), ("ivan", "ivan"), ("Пётр", "Пётр")):
        box.setFocus()
        box.lineEdit().clear()
        type_text(box.lineEdit(), typed)
        assert w.card.save() is not None
        assert pc.replica.get(anna).fields["manager"] == stored, typed  # type: ignore[union-attr]
    w.open_record(anna)
    assert w.card.editors["manager"].widget.currentText() == "Пётр"

    # The history says who changed it, and to whom, by name.
    history = w.card.history_tab.table
    rows = [[history.item(r, c).text() for c in (1, 3)] for r in range(history.rowCount())
            if history.item(r, 2).text() == "Менеджер"]
    assert rows[0] == ["Администратор", "Пётр"]
    assert ["Администратор", "Иван Сидоров  (прежнее)"] in rows
    assert ["Администратор", "Ольга Петрова  (прежнее)"] in rows


def test_the_filter_and_the_deal_board_choose_a_colleague_by_name(qtbot, office_pc: PC) -> None:
    pc, w = office_pc, office_pc.window
    pc.replica.add("contact", {"name": "Орлова Анна", "manager": "olga"})
    pc.replica.add("contact", {"name": "Ткач Ирина", "manager": "ivan"})
    qtbot.waitUntil(lambda: w.model.rowCount() == 2, timeout=10000)
    w.group_by.setCurrentIndex(0)  # no folders: the filter alone

    bar = w.filter_bar
    bar.field.setCurrentIndex(bar.field.findData("manager"))
    type_text(bar.value, "Ольга Петрова")
    qtbot.mouseClick(bar.add_button, Qt.MouseButton.LeftButton)
    assert list(_cells(pc, "manager")) == ["Орлова Анна"]
    assert [bar.chips.itemAt(i).widget().text() for i in range(bar.chips.count())] == [
        "Менеджер = Ольга Петрова  ✕"]

    pc.replica.add("deal", {"title": "Поставка бумаги", "assignee": "ivan"})
    w.board.refresh()
    choice = w.board.manager
    assert [choice.itemText(i) for i in range(choice.count())] == ["Все", "Иван Сидоров"]
    assert choice.itemData(1) == "ivan"


def _titles(pc: PC) -> list[str]:
    m = pc.window.model
    return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


def test_the_list_sorts_filters_and_searches_a_user_field_by_the_names_it_shows(qtbot, office_pc: PC) -> None:
    pc, w = office_pc, office_pc.window
    for name, login in (("Орлова Анна", "olga"), ("Ткач Ирина", "ivan"), ("Старый клиент", "boris"),
                        ("Белов Пётр", "admin")):
        pc.replica.add("contact", {"name": name, "manager": login})
    pc.replica.add("deal", {"title": "Поставка бумаги", "assignee": "olga"})
    pc.replica.add("deal", {"title": "Ремонт принтера", "assignee": "ivan"})
    qtbot.waitUntil(lambda: w.model.rowCount() == 4, timeout=10000)
    w.group_by.setCurrentIndex(0)  # no folders

    # Sorted by Менеджер as the column reads (А to Я, a login no one is named by after the names), not by login
    # (admin, boris, ivan, olga).
    header = w.table.horizontalHeader()
    column = [f.key for f in w.model.fields].index("manager")
    w.table.scrollTo(w.model.index(0, column))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + type(header.rect().topLeft())(
                         header.sectionViewportPosition(column) + 10, 5))
    assert w.model.order == "manager"
    expected = ["Белов Пётр", "Ткач Ирина", "Орлова Анна", "Старый клиент"]  # Администратор, Иван, Ольга, boris
    if w.model.descending:
        expected.reverse()
    assert _titles(pc) == expected

    # «содержит» and «начинается с» match the name, and the login.
    bar = w.filter_bar
    for op, typed, found in (("contains", "петров", ["Орлова Анна"]), ("starts", "Ив", ["Ткач Ирина"]),
                             ("contains", "olg", ["Орлова Анна"]), ("starts", "bo", ["Старый клиент"]),
                             ("starts", "админ", ["Белов Пётр"])):
        bar.field.setCurrentIndex(bar.field.findData("manager"))
        bar.op.setCurrentIndex(bar.op.findData(op))
        bar.value.clear()
        type_text(bar.value, typed)
        qtbot.mouseClick(bar.add_button, Qt.MouseButton.LeftButton)
        assert sorted(_titles(pc)) == found, (op, typed)
        bar.remove_condition(0)
    qtbot.waitUntil(lambda: w.model.rowCount() == 4, timeout=5000)

    # The quick search finds a colleague's records by name; the value stored stays the login.
    w.select_kind("deal")
    w.search.setFocus()
    type_text(w.search, "Ольга")
    qtbot.waitUntil(lambda: _titles(pc) == ["Поставка бумаги"], timeout=5000)
    w.search.clear()
    type_text(w.search, "иван сид")
    qtbot.waitUntil(lambda: _titles(pc) == ["Ремонт принтера"], timeout=5000)
    assert pc.replica.records("deal", search="Ольга")[0].fields["assignee"] == "olga"


def test_a_former_colleague_shows_by_name_on_a_colleagues_pc_and_is_not_offered(qtbot, office_server: ServerProcess,
                                                                                tmp_path: Path) -> None:
    """Борис left: his records still say his name on Ольга's PC (not an administrator's), and no new work is given
    to him; the answer marks him as a PC of the previous release skips (`disabled`)."""
    office_server.add_user("olga", "olga-pass-1", full_name="Ольга Петрова")
    office_server.add_user("boris", "boris-pass-1", full_name="Борис Ковалёв")
    admin = tmp_path / "admin"
    assert client(admin, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                  ).returncode == 0
    assert client(admin, "add", "contact", "name=Старый клиент", "manager=boris").returncode == 0
    r = office_server.manage("user", "disable", str(office_server.data_dir), "boris")
    assert r.returncode == 0, r.stderr
    i18n.install(QApplication.instance(), "ru")
    pc = PC(qtbot, tmp_path / "olga", office_server.address, lang="ru", user="olga", password="olga-pass-1")
    try:
        w = pc.window
        qtbot.waitUntil(lambda: pc.engine.status.state == "online" and w.model.rowCount() == 1
                        and "boris" in people.names(pc.replica), timeout=15000)
        assert pc.replica.meta(people.META)[0] == {"name": "admin", "full_name": "Administrator"}
        assert {"name": "boris", "full_name": "Борис Ковалёв", "former": True} in pc.replica.meta(people.META)
        w.model.refresh()
        assert _cells(pc, "manager") == {"Старый клиент": "Борис Ковалёв"}

        # His record's card names him; a new record's list does not offer him; nor does @ in a message.
        w.open_record(pc.replica.records("contact")[0].id)
        box = w.card.editors["manager"].widget
        assert box.currentText() == "Борис Ковалёв" and box.currentData() == "boris"
        w.new_record()
        box = w.card.editors["manager"].widget
        offered = [box.itemText(i) for i in range(box.count())]
        assert "Борис Ковалёв" not in offered and "boris" not in offered and "Ольга Петрова" in offered
        assert "boris" not in [p.login for p in people.colleagues(pc.replica)]
    finally:
        pc.close()
        i18n.install(QApplication.instance(), "en")
