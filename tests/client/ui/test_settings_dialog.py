"""Settings for fields and sections, clicked through as an office admin would, checked in the window and the data."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from client.core.replica import Replica
from client.ui.main_window import MainWindow
from client.ui.qt import QMessageBox, Qt
from client.ui.settings_dialog import SettingsDialog, choice_options
from tests.client.ui.pcs import PC


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    replica = Replica(tmp_path / "pc")
    w = MainWindow(replica)
    qtbot.addWidget(w)
    w.show()
    try:
        yield w
    finally:
        w.close()
        replica.close()


def open_settings(qtbot, w: MainWindow, kind: str = "contact", lang: str = "en") -> SettingsDialog:
    dialog = SettingsDialog(w.replica, kind, lang, w)
    qtbot.addWidget(dialog)
    return dialog


def select_field(dialog: SettingsDialog, key: str) -> None:
    for i in range(dialog.fields.count()):
        if dialog.fields.item(i).data(Qt.ItemDataRole.UserRole) == key:
            dialog.fields.setCurrentRow(i)
            return
    raise AssertionError(f"no field {key} in the list")


def headers(w: MainWindow) -> list[str]:
    m = w.model
    return [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())]


def card_labels(w: MainWindow) -> list[str]:
    return [e.fd.label(w.lang) for e in w.card.editors.values()]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_rename_a_field_keeps_its_values(qtbot, window: MainWindow) -> None:
    rec = window.replica.add("contact", {"name": "Анна", "city": "Тверь"})
    dialog = open_settings(qtbot, window)
    select_field(dialog, "city")
    dialog.label_en.setText("Town")
    dialog.label_ru.setText("Населённый пункт")
    click(qtbot, dialog.buttons["apply"])
    qtbot.waitUntil(lambda: "Town" in headers(window), timeout=3000)
    assert "City" not in headers(window)
    window.open_record(rec)
    assert "Town" in card_labels(window)
    assert window.card.editors["city"].widget.text() == "Тверь"  # same key, no data moved


def test_a_field_needs_a_label(qtbot, window: MainWindow) -> None:
    dialog = open_settings(qtbot, window)
    select_field(dialog, "city")
    dialog.label_en.clear()
    dialog.label_ru.clear()
    click(qtbot, dialog.buttons["apply"])
    assert "needs a label" in dialog.message.text()
    assert window.replica.schema().field("contact", "city").label_en == "City"
    dialog.label_en.clear()
    click(qtbot, dialog.buttons["add"])
    assert "label" in dialog.message.text()


def test_reorder_hide_and_delete_fields(qtbot, window: MainWindow, monkeypatch) -> None:
    rec = window.replica.add("contact", {"name": "Борис", "phone": "+7 900 000-00-01", "city": "Омск"})
    dialog = open_settings(qtbot, window)
    select_field(dialog, "city")
    click(qtbot, dialog.buttons["up"])
    click(qtbot, dialog.buttons["up"])  # city now before email and phone
    qtbot.waitUntil(lambda: headers(window)[:2] == ["Full name", "City"], timeout=3000)
    assert dialog.fields.currentItem().data(Qt.ItemDataRole.UserRole) == "city"  # the selection follows

    select_field(dialog, "phone")
    dialog.hidden.setChecked(True)
    click(qtbot, dialog.buttons["apply"])
    qtbot.waitUntil(lambda: "Phone" not in headers(window), timeout=3000)
    window.open_record(rec)
    assert "phone" not in window.card.editors
    dialog.hidden.setChecked(False)
    click(qtbot, dialog.buttons["apply"])
    qtbot.waitUntil(lambda: "Phone" in headers(window), timeout=3000)

    select_field(dialog, "position")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    click(qtbot, dialog.buttons["delete"])
    assert window.replica.schema().field("contact", "position") is not None  # the user said No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, dialog.buttons["delete"])
    qtbot.waitUntil(lambda: "Position" not in headers(window), timeout=3000)
    assert "position" not in [dialog.fields.item(i).data(Qt.ItemDataRole.UserRole)
                              for i in range(dialog.fields.count())]
    assert window.replica.get(rec).fields["phone"] == "+7 900 000-00-01"


def test_choice_list_edited_in_russian_keeps_stored_values(qtbot, window: MainWindow) -> None:
    call = window.replica.add("event", {"title": "Звонок клиенту", "type": "call"})
    dialog = open_settings(qtbot, window, "event", "ru")
    select_field(dialog, "type")
    assert dialog.choices.toPlainText().splitlines() == ["Звонок", "Встреча", "Письмо", "Другое"]
    dialog.choices.setPlainText("Звонок\nВстреча\nВебинар\n\nвстреча\n")  # «Письмо», «Другое» dropped
    click(qtbot, dialog.buttons["apply"])
    fd = window.replica.schema().field("event", "type")
    assert fd.options["choices"] == ["call", "meeting", "Вебинар"]
    assert fd.options["labels_en"]["call"] == "Call" and fd.options["labels_en"]["Вебинар"] == "Вебинар"
    assert fd.options["labels_ru"]["email"] == "Письмо"  # old records with it still read by name
    window.select_kind("event")
    window.open_record(call)
    box = window.card.editors["type"].widget
    assert box.currentData() == "call"
    assert [box.itemText(i) for i in range(box.count())] == ["", "Call", "Meeting", "Вебинар"]


def test_choice_options_in_english_and_a_renamed_choice() -> None:
    old = {"choices": ["low", "high"], "labels_en": {"low": "Low", "high": "High"},
           "labels_ru": {"low": "Низкий", "high": "Высокий"}}
    new = choice_options(old, "Low\nUrgent\nhigh", "en")
    assert new["choices"] == ["low", "Urgent", "high"]
    assert new["labels_ru"] == {"low": "Низкий", "high": "Высокий", "Urgent": "Urgent"}


def test_sections_rename_hide_and_add(qtbot, window: MainWindow, monkeypatch) -> None:
    dialog = open_settings(qtbot, window, "organization")
    dialog.section_label.setText("Clients")
    click(qtbot, dialog.rename_button)
    qtbot.waitUntil(lambda: "Clients" in [window.sections.item(i).text() for i in range(window.sections.count())],
                    timeout=3000)

    dialog.kinds.setCurrentIndex(dialog.kinds.findData("link"))
    dialog.section_hidden.click()
    qtbot.waitUntil(lambda: "link" not in [window.sections.item(i).data(Qt.ItemDataRole.UserRole)
                                           for i in range(window.sections.count())], timeout=3000)

    from client.ui.qt import QInputDialog
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Поставщики", True))
    dialog.add_section()
    assert dialog.kind() == "postavschiki"
    qtbot.waitUntil(lambda: "Поставщики" in [window.sections.item(i).text() for i in range(window.sections.count())],
                    timeout=3000)
    window.select_kind("postavschiki")
    window.new_record()
    window.card.editors["title"].widget.setText("ООО «Снабжение»")
    window.card.editors["title"].dirty = True
    rec = window.card.save()
    assert rec is not None and window.replica.get(rec).fields == {"title": "ООО «Снабжение»"}


def test_a_russian_window_asks_the_russian_name_first_and_hides_the_program_s_own_sections(
        qtbot, russian_pc: PC) -> None:
    pc = russian_pc
    pc.replica.set_kind("link", {"hidden": True})  # a section the office hid: still here, to show it again
    dialog = SettingsDialog(pc.replica, "contact", "ru", pc.window)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.label_ru.parentWidget().layout().itemAt(0).layout()  # the field's form, as it reads top down
    rows = [form.itemAt(r, form.ItemRole.LabelRole).widget().text() for r in range(2)]
    assert rows == ["Название (рус.)", "Название (англ.)"]
    after = dialog.label_ru.nextInFocusChain()
    while not after.focusPolicy() & Qt.FocusPolicy.TabFocus:
        after = after.nextInFocusChain()
    assert after is dialog.label_en  # Tab goes from the Russian name to the English
    sections = [dialog.kinds.itemText(i) for i in range(dialog.kinds.count())]
    assert "Ссылки" in sections and "Контакты" in sections
    for internal in ("Отметки о прочтении", "Подписки", "Комментарии", "Вложения", "Сохранённые фильтры"):
        assert internal not in sections, sections

    dialog.label_ru.setText("Артикул")  # only the Russian name, as a Russian office types it
    qtbot.mouseClick(dialog.buttons["add"], Qt.MouseButton.LeftButton)
    fd = pc.replica.schema().field("contact", "artikul")
    assert fd is not None and (fd.label_ru, fd.label_en) == ("Артикул", "Артикул")
    qtbot.waitUntil(lambda: pc.replica.outbox_size() == 0, timeout=10000)  # the server took it: every PC has it
