"""The card's «Связанные» tab: what the record itself points to (a contact's organization, a task's contact) beside
what points at it, each opening on a double click; a record the user may not read is not even named."""

from __future__ import annotations

from pathlib import Path

from client.ui import i18n
from client.ui.qt import QApplication
from tests.client.ui.pcs import PC
from tests.servers import ServerProcess, client


def related_rows(card) -> list[tuple[str, str]]:
    table = card.related_tab.table
    return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]


def test_a_contacts_related_tab_shows_its_organization_and_its_task_and_opens_them(
        qtbot, russian_pc: PC) -> None:
    replica, window = russian_pc.replica, russian_pc.window
    org = replica.add("organization", {"name": "ООО «Ромашка»"})
    ivanov = replica.add("contact", {"name": "Иванов Пётр", "organization": org})
    replica.add("task", {"title": "Позвонить Иванову", "contact": ivanov})
    window.select_kind("contact")
    window.open_record(ivanov)
    card = window.card
    card.tabs.setCurrentWidget(card.related_tab)
    assert related_rows(card) == [("Организации", "ООО «Ромашка»"), ("Задачи", "Позвонить Иванову")]
    table = card.related_tab.table
    table.cellDoubleClicked.emit(0, 1)  # a double click on the organization opens its card
    qtbot.waitUntil(lambda: card.record is not None and card.record.id == org, timeout=3000)
    card.tabs.setCurrentWidget(card.related_tab)
    assert ("Контакты", "Иванов Пётр") in related_rows(card)  # and the organization lists its people, as before


def test_a_linked_record_the_user_may_not_read_is_not_named(qtbot, office_server: ServerProcess,
                                                             tmp_path: Path) -> None:
    office_server.manage("role", str(office_server.data_dir), "sales", "--kind", "organization", "--read", "own",
                         "--edit", "own")
    office_server.add_user("olga", "olga-pass-1", "sales")
    admin = tmp_path / "admin"
    assert client(admin, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                  ).returncode == 0
    org = client(admin, "add", "organization", "name=ООО «Тайна»", "manager=admin").stdout.strip()
    mine = client(admin, "add", "contact", "name=Клиентка Ольги", "manager=olga", f"organization={org}"
                  ).stdout.strip()
    i18n.install(QApplication.instance(), "ru")
    pc = PC(qtbot, tmp_path / "olga", office_server.address, lang="ru", user="olga", password="olga-pass-1")
    try:
        qtbot.waitUntil(lambda: pc.replica.get(mine) is not None, timeout=15000)
        pc.window.select_kind("contact")
        pc.window.open_record(mine)
        assert pc.replica.get(org) is None
        assert related_rows(pc.window.card) == []
    finally:
        pc.close()
        i18n.install(QApplication.instance(), "en")
