"""The window driven as a user drives it, against a real server process, with two PCs side by side."""

from __future__ import annotations

import threading
from pathlib import Path

from client.core.replica import Replica
from client.ui.login_dialog import LoginDialog
from client.ui.main_window import MainWindow
from client.ui.qt import Qt
from client.ui.settings_dialog import SettingsDialog
from tests.client.ui.pcs import PC, focus, type_into, type_text
from tests.client.ui.waits import settled
from tests.servers import ServerProcess


def test_login_dialog_logs_in_to_a_real_server(qtbot, office_server: ServerProcess, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        dialog = LoginDialog(replica, discover=False)
        qtbot.addWidget(dialog)
        dialog.address.setText(office_server.address)
        qtbot.keyClicks(dialog.user, "admin")
        qtbot.keyClicks(dialog.password, "wrong-password-1")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "wrong user name or password" in dialog.message.text(), timeout=10000)
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, "admin-pass-1")
        with qtbot.waitSignal(dialog.accepted, timeout=15000):
            qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        assert replica.meta("token") and replica.meta("fingerprint", "").startswith("SHA256:")
    finally:
        replica.close()


def test_contact_typed_on_one_pc_appears_on_the_other(qtbot, two_pcs: tuple[PC, PC]) -> None:
    a, b = two_pcs
    focus(qtbot, a.window)
    qtbot.keyClick(a.window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # New
    type_into(qtbot, a.window.card, "name", "Анна Смирнова")
    type_into(qtbot, a.window.card, "phone", "+7 900 111-22-33")
    type_into(qtbot, a.window.card, "birthday", "22.11.1990")
    qtbot.mouseClick(a.window.card.save_button, Qt.MouseButton.LeftButton)
    assert a.titles() == ["Анна Смирнова"]
    rec = a.window.card.record
    assert rec is not None and rec.fields["birthday"] == "1990-11-22"
    qtbot.waitUntil(lambda: b.titles() == ["Анна Смирнова"], timeout=10000)
    qtbot.waitUntil(lambda: "Online" in b.window.state_label.text(), timeout=5000)


def test_bad_value_keeps_the_typing_and_says_why(qtbot, two_pcs: tuple[PC, PC]) -> None:
    a, _ = two_pcs
    a.window.new_record()
    type_into(qtbot, a.window.card, "name", "Борис")
    type_into(qtbot, a.window.card, "birthday", "31.02.2020")
    assert a.window.card.save() is None
    assert "not a date" in a.window.card.error.text()
    assert a.window.card.editors["name"].widget.text() == "Борис"  # nothing typed is lost
    assert a.replica.count("contact") == 0


def test_custom_field_added_in_settings_shows_in_both_cards(qtbot, two_pcs: tuple[PC, PC]) -> None:
    a, b = two_pcs
    rec = a.replica.add("contact", {"name": "Вера"})
    qtbot.waitUntil(lambda: b.replica.get(rec) is not None, timeout=10000)
    dialog = SettingsDialog(a.replica, "contact", "en", a.window)
    qtbot.addWidget(dialog)
    dialog.label_en.setText("Discount card")
    dialog.label_ru.setText("Дисконтная карта")
    key = dialog.add_field()
    assert key == "discount_card"
    a.window.open_record(rec)
    assert "discount_card" in a.window.card.editors
    type_into(qtbot, a.window.card, "discount_card", "VIP-0042")
    a.window.card.save()
    qtbot.waitUntil(lambda: b.replica.schema().kind("contact").field("discount_card") is not None, timeout=10000)
    qtbot.waitUntil(lambda: b.replica.get(rec).fields.get("discount_card") == "VIP-0042", timeout=10000)
    b.window.open_record(rec)
    assert b.window.card.editors["discount_card"].widget.text() == "VIP-0042"
    qtbot.waitUntil(lambda: "Discount card" in [b.window.model.headerData(c, Qt.Orientation.Horizontal)
                                                for c in range(b.window.model.columnCount())], timeout=5000)


def test_search_filter_history_restore_and_russian(qtbot, two_pcs: tuple[PC, PC]) -> None:
    a, b = two_pcs
    first = a.replica.add("contact", {"name": "Пётр Ёлкин", "city": "Тверь", "phone": "+7 (495) 123-45-67"})
    a.replica.add("contact", {"name": "Ольга Петрова", "city": "Москва"})
    a.replica.add("contact", {"name": "Иван Сидоров", "city": "Тверь"})
    qtbot.waitUntil(lambda: a.window.model.rowCount() == 3, timeout=5000)
    type_text(a.window.search, "пет")  # ё typed as е, any case, any word's beginning
    qtbot.waitUntil(lambda: sorted(a.titles()) == ["Ольга Петрова", "Пётр Ёлкин"], timeout=5000)
    a.window.search.clear()
    qtbot.keyClicks(a.window.search, "4951234567")
    qtbot.waitUntil(lambda: a.titles() == ["Пётр Ёлкин"], timeout=5000)
    a.window.search.clear()
    a.window.filter_field.setCurrentIndex(a.window.filter_field.findData("city"))
    a.window.filter_value.setText("Тверь")
    a.window.apply_search()
    qtbot.waitUntil(lambda: sorted(a.titles()) == ["Иван Сидоров", "Пётр Ёлкин"], timeout=5000)

    # A colleague changes the city; the history shows both values and the old one can be restored.
    qtbot.waitUntil(lambda: b.replica.get(first) is not None, timeout=10000)
    b.replica.set(first, {"city": "Казань"})
    qtbot.waitUntil(lambda: a.replica.get(first).fields["city"] == "Казань", timeout=10000)
    a.window.open_record(first)
    card = a.window.card
    rows = [(card.history.item(r, 2).text(), card.history.item(r, 3).text()) for r in range(card.history.rowCount())]
    assert ("City", "Казань") in rows and any(v.startswith("Тверь") for f, v in rows if f == "City")
    old_row = next(r for r in range(card.history.rowCount()) if card.history.item(r, 3).text().startswith("Тверь"))
    card.history.selectRow(old_row)
    qtbot.mouseClick(card.restore_button, Qt.MouseButton.LeftButton)
    assert a.replica.get(first).fields["city"] == "Тверь"
    qtbot.waitUntil(lambda: b.replica.get(first).fields["city"] == "Тверь", timeout=10000)

    # Undo takes the restore back.
    focus(qtbot, a.window)
    qtbot.keyClick(a.window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert a.replica.get(first).fields["city"] == "Казань"

    a.window.act_lang["ru"].trigger()
    assert a.window.act_new.text() == "Создать"
    assert a.window.sections.currentItem().text() == "Контакты"
    assert "ФИО" in [a.window.model.headerData(c, Qt.Orientation.Horizontal)
                     for c in range(a.window.model.columnCount())]


def test_colleagues_change_does_not_eat_unsaved_typing(qtbot, two_pcs: tuple[PC, PC]) -> None:
    a, b = two_pcs
    rec = a.replica.add("contact", {"name": "Глеб", "city": "Омск", "position": "инженер"})
    qtbot.waitUntil(lambda: b.replica.get(rec) is not None, timeout=10000)
    a.window.open_record(rec)
    type_into(qtbot, a.window.card, "position", "главный инженер")  # typing, not saved yet
    b.replica.set(rec, {"city": "Томск"})
    qtbot.waitUntil(lambda: a.window.card.editors["city"].widget.text() == "Томск", timeout=10000)
    assert a.window.card.editors["position"].widget.text() == "главный инженер"
    assert a.window.card.record is not None and a.window.card.record.id == rec  # selection kept
    a.window.card.save()
    assert a.replica.get(rec).fields == {"name": "Глеб", "city": "Томск", "position": "главный инженер"}


def test_delete_to_the_bin_and_restore_in_the_window(qtbot, two_pcs: tuple[PC, PC], monkeypatch) -> None:
    a, b = two_pcs
    rec = a.replica.add("contact", {"name": "Удаляемый"})
    qtbot.waitUntil(lambda: b.replica.get(rec) is not None, timeout=10000)
    a.window.open_record(rec)
    from client.ui.qt import QMessageBox
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # the user says Yes
    a.window.act_delete.trigger()
    assert a.titles() == [] and a.replica.get(rec).deleted  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: b.replica.get(rec).deleted, timeout=10000)  # type: ignore[union-attr]
    a.window.act_bin.setChecked(True)
    assert a.titles() == ["Удаляемый"]
    a.window.table.selectRow(0)
    assert a.window.card.record is not None and a.window.card.record.id == rec
    a.window.act_restore.trigger()
    a.window.act_bin.setChecked(False)
    assert a.titles() == ["Удаляемый"]
    qtbot.waitUntil(lambda: not b.replica.get(rec).deleted, timeout=10000)  # type: ignore[union-attr]


def test_group_folders_filter_the_table_and_follow_colleagues(qtbot, two_pcs: tuple[PC, PC]) -> None:
    a, b = two_pcs
    for name, manager in (("Клиент 1", "admin"), ("Клиент 2", "olga"), ("Клиент 3", "olga")):
        b.replica.add("contact", {"name": name, "manager": manager})
    qtbot.waitUntil(lambda: a.window.model.rowCount() == 3, timeout=10000)
    w = a.window
    assert w.group_by.currentData() == "manager"  # each manager's folder, by default
    # Folder counts follow a moment after the rows (once per burst of changes).
    qtbot.waitUntil(lambda: w.groups.topLevelItem(0).text(0) == "All (3)", timeout=5000)
    root = w.groups.topLevelItem(0)
    olga = next(root.child(i) for i in range(root.childCount()) if root.child(i).text(0).startswith("olga"))
    assert olga.text(0) == "olga (2)"
    w.groups.setCurrentItem(olga)
    assert sorted(a.titles()) == ["Клиент 2", "Клиент 3"]
    b.replica.add("contact", {"name": "Клиент 4", "manager": "olga"})  # a colleague adds one to her folder
    qtbot.waitUntil(lambda: sorted(a.titles()) == ["Клиент 2", "Клиент 3", "Клиент 4"], timeout=10000)
    qtbot.waitUntil(lambda: w.groups.currentItem() is not None and w.groups.currentItem().text(0) == "olga (3)",
                    timeout=10000)


def test_date_picker_fills_a_date_field(qtbot, tmp_path: Path) -> None:
    from client.ui.qt import QDate
    replica = Replica(tmp_path / "pc")
    try:
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.new_record()
        card = window.card
        dialog = card.pick_date(card.editors["birthday"], show=False)
        dialog.calendar.clicked.emit(QDate(1990, 11, 22))
        assert card.editors["birthday"].widget.text() == "22.11.1990"
        card.editors["name"].widget.setText("Дата")
        card.editors["name"].dirty = True
        assert card.save() is not None
        assert replica.records("contact")[0].fields["birthday"] == "1990-11-22"
    finally:
        replica.close()


def test_window_without_a_screen_says_so(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "client", "--profile", str(tmp_path / "pc")], capture_output=True,
                       text=True, env=env, timeout=60)
    assert r.returncode == 2 and "no screen" in r.stderr


def test_a_pc_that_joined_later_shows_earlier_values_from_the_server(qtbot, office_server: ServerProcess,
                                                                     tmp_path: Path) -> None:
    from client.core.session import login
    first = Replica(tmp_path / "first")
    login(first, office_server.address, "admin", "admin-pass-1")
    rec = first.add("contact", {"name": "Вера", "city": "Тверь"})
    first.set(rec, {"city": "Москва"})
    first.set(rec, {"city": "Казань"})
    from client.core.sync import push_outbox, run_on_server
    run_on_server(first, lambda conn: push_outbox(conn, first))
    first.close()
    late = PC(qtbot, tmp_path / "late", office_server.address)
    try:
        # a first copy: what the record was made with and its current value; the server has every value
        assert [h.value for h in late.replica.history(rec) if h.field == "city"] == ["Тверь", "Казань"]
        late.window.open_record(rec)
        card = late.window.card
        assert "kept on this PC" in card.history_source.text()
        card.tabs.setCurrentIndex(2)
        qtbot.waitUntil(lambda: "from the office server" in card.history_source.text(), timeout=10000)
        cities = [card.history.item(r, 3).text() for r in range(card.history.rowCount())
                  if card.history.item(r, 2).text() == "City"]
        assert cities == ["Казань", "Москва  (earlier)", "Тверь  (earlier)"]
        office_server.stop()
        late.window.open_record(rec)  # offline: this PC's copy, said so
        assert "kept on this PC" in card.history_source.text()
    finally:
        late.close()


def test_an_edit_the_server_refuses_is_said_in_the_card_and_the_field_marked(qtbot, office_server: ServerProcess,
                                                                            tmp_path: Path) -> None:
    from client.core.session import login
    from client.core.sync import SyncEngine
    admin = PC(qtbot, tmp_path / "admin", office_server.address)
    office_server.add_user("olga", "olga-pass-1")  # a manager: edits only her own and her group's records
    replica = Replica(tmp_path / "olga")
    login(replica, office_server.address, "olga", "olga-pass-1")
    window = MainWindow(replica)
    qtbot.addWidget(window)
    engine = SyncEngine(replica, on_status=window.bridge.emit_status, min_delay=0.1, max_delay=0.5)
    window.engine = engine
    engine.start()
    try:
        rec = admin.replica.add("contact", {"name": "Вера", "city": "Тверь"})
        qtbot.waitUntil(lambda: replica.get(rec) is not None, timeout=10000)
        # The PC knows the rules and opens this card read-only (test_card_rights.py); a PC that was not told them
        # (a server of an older release) lets the typing through, and the server's refusal is said instead.
        replica.set_meta("rules", None)
        window.open_record(rec)
        type_into(qtbot, window.card, "city", "Москва")
        window.card.save()
        qtbot.waitUntil(lambda: "refused" in window.card.error.text(), timeout=10000)
        assert "may not change this record" in window.card.error.text()
        assert window.card.editors["city"].widget.text() == "Тверь"  # the earlier value is back, and shown
        assert "#b00020" in window.card.editors["city"].widget.styleSheet()  # marked until the user acts
        type_into(qtbot, window.card, "city", "Тверь")
        assert window.card.editors["city"].widget.styleSheet() == ""
    finally:
        engine.stop()
        window.close()
        replica.close()
        admin.close()


def test_the_window_fits_the_screen_it_opens_on(qtbot, tmp_path: Path, monkeypatch) -> None:
    from client.ui import main_window
    from client.ui.qt import QGuiApplication, QRect

    class Laptop:  # 1366×768 with a 40-pixel task bar, as most office laptops are
        def availableGeometry(self) -> QRect:
            return QRect(0, 0, 1366, 728)
    monkeypatch.setattr(QGuiApplication, "primaryScreen", staticmethod(lambda: Laptop()))
    assert main_window.fitting_size(1280, 780) == (1280, 688)  # the status bar stays on screen
    replica = Replica(tmp_path / "pc")
    try:
        window = MainWindow(replica)
        qtbot.addWidget(window)
        assert window.height() <= 688 and window.width() <= 1366
    finally:
        replica.close()


def test_a_new_record_opens_on_its_fields_whatever_tab_the_last_card_showed(qtbot, tmp_path: Path) -> None:
    # Looking at a contact's related records, then Задачи > Создать: the new task showed an empty related table and
    # what the user typed went nowhere.
    from client.ui.qt import QApplication
    replica = Replica(tmp_path / "pc")
    try:
        rec = replica.add("contact", {"name": "Смирнова Анна"})
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.show()
        window.select_kind("contact")
        window.open_record(rec)
        card = window.card
        card.tabs.setCurrentWidget(card.related_tab)
        window.select_kind("task")
        window.act_new.trigger()
        assert card.tabs.currentWidget() is card.form_host
        title = card.editors[replica.schema().kind("task").title_field].widget
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is title, timeout=3000)
    finally:
        replica.close()


def test_a_new_organization_is_typed_into_the_contacts_card_and_made_on_save(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        known = replica.add("organization", {"name": "ООО «Ромашка»"})
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.select_kind("contact")
        window.new_record()
        card = window.card
        type_into(qtbot, card, "name", "Вера")
        box = card.editors["organization"].widget
        box.setEditText("ООО «Лютик»")  # not in the list: typed as a user would
        rec = card.save()
        assert rec is not None
        org = replica.get(replica.get(rec).fields["organization"])
        assert org.kind == "organization" and org.fields == {"name": "ООО «Лютик»"}
        window.new_record()
        type_into(qtbot, card, "name", "Пётр")
        card.editors["organization"].widget.setEditText("ооо «ромашка»")  # an existing one, in any case
        rec2 = card.save()
        assert replica.get(rec2).fields["organization"] == known and replica.count("organization") == 2
    finally:
        replica.close()


def test_a_new_install_shows_the_columns_that_fit_and_overdue_tasks_in_red(qtbot, tmp_path: Path) -> None:
    from client.ui import i18n
    from client.ui.records_model import _OVERDUE_COLOR
    i18n.settings().remove("columns")  # as on a new install: no arrangement saved yet
    replica = Replica(tmp_path / "pc")
    try:
        late = replica.add("task", {"title": "Сдать отчёт", "due": "2020-01-01T10:00"})
        replica.add("task", {"title": "Позвонить", "due": "2099-01-01T10:00"})
        replica.add("task", {"title": "Сделано", "due": "2020-01-01T10:00", "done": True})
        window = MainWindow(replica)
        qtbot.addWidget(window)
        header = window.table.horizontalHeader()
        shown = [fd.key for col, fd in enumerate(window.model.fields) if not header.isSectionHidden(col)]
        assert shown == ["name", "phone", "email", "city", "organization", "position", "manager"]
        window.select_kind("invoice")
        shown = [fd.key for col, fd in enumerate(window.model.fields) if not header.isSectionHidden(col)]
        assert "status" in shown and "balance" in shown and "note" not in shown
        window.select_kind("task")
        colors = {window.model.data(window.model.index(r, 0)): window.model.data(
            window.model.index(r, 0), Qt.ItemDataRole.ForegroundRole) for r in range(window.model.rowCount())}
        assert colors["Сдать отчёт"] == _OVERDUE_COLOR and colors["Позвонить"] is None
        assert colors["Сделано"] != _OVERDUE_COLOR  # done: grey, not late
        assert replica.get(late) is not None
    finally:
        replica.close()


def test_done_from_the_reminder_ticks_the_open_card_at_once(qtbot, tmp_path: Path) -> None:
    from datetime import datetime

    from client.core import reminders
    replica = Replica(tmp_path / "pc")
    try:
        task = replica.add("task", {"title": "Позвонить", "due": "2026-11-23T10:00", "remind_at": "2026-11-23T09:45"})
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.open_record(task)
        type_into(qtbot, window.card, "title", "Позвонить Вере")  # being typed when the reminder is answered
        at = datetime(2026, 11, 23, 9, 45)
        due = reminders.Reminder(task, "task", "Позвонить", at, at, datetime(2026, 11, 23, 10, 0))
        reminders.done(replica, due)  # "Done" in the reminder's popup
        assert window.card.editors["done"].widget.isChecked()
        assert window.card.editors["title"].widget.text() == "Позвонить Вере"  # the typing stays
    finally:
        replica.close()


def test_a_word_most_records_have_shows_its_first_page_before_it_is_counted(qtbot, tmp_path: Path) -> None:
    """Typing "тверь" in a list of thousands: the first rows show at once, counted only so far; the rest of the
    count comes a moment later and the table grows to it. A search typed meanwhile is never given the old count."""
    from client.ui.records_model import COUNT_FIRST
    from lan_server.records import new_id
    replica = Replica(tmp_path / "pc")
    try:
        many = COUNT_FIRST * 3 // 2
        replica.load_snapshot([(new_id(), "contact", [["name", f"Клиент {i:05d}", 10 + i, "d", new_id(), "u"],
                                                      ["city", "Тверь" if i % 4 else "Омск", 10 + i, "d", new_id(),
                                                       "u"]]) for i in range(many * 4 // 3 + 4)])
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.search.setText("тверь")
        window.apply_search()
        assert window.model.rowCount() == COUNT_FIRST  # a first look: the page does not wait for the count
        assert window.model.data(window.model.index(0, 0)) == "Клиент 00001"
        qtbot.waitUntil(lambda: window.model.rowCount() == replica.count("contact", search="тверь"), timeout=10000)
        assert window.model.rowCount() > COUNT_FIRST
        window.search.setText("тверь")
        window.apply_search()
        window.search.setText("омск")
        window.apply_search()  # typed before the first count came back: its number is not "омск"'s
        exact = replica.count("contact", search="омск")
        for thread in [t for t in threading.enumerate() if t.name == "organizer-count"]:
            thread.join(10)  # the count of "тверь" is back: its answer waits on the UI thread
        assert settled(qtbot)
        assert window.model.rowCount() == exact < COUNT_FIRST
    finally:
        replica.close()
