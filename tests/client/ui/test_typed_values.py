"""Values as people type them, in a Russian window against a real server: a phone found by any run of its digits,
a four-digit city code kept together (in the printed card too), "доб." for an extension, dates in words and
with a two-digit year imported, 45 000,50 shown as typed, an e-mail without a domain refused, and a second card of
the same person warned about with the offer to open the first."""

from __future__ import annotations

from pathlib import Path

from client.core.printout import card_html
from client.ui.import_dialog import ImportDialog
from client.ui.qt import Qt
from tests.client.ui.answers import answer
from tests.client.ui.pcs import PC, type_into, type_text


def new_contact(qtbot, pc: PC, **typed: str) -> str | None:
    pc.window.select_kind("contact")
    pc.window.new_record()
    for key, text in typed.items():
        type_into(qtbot, pc.window.card, key, text)
    return pc.window.card.save()


def search(qtbot, pc: PC, text: str) -> list[str]:
    pc.window.search.clear()
    type_text(pc.window.search, text)
    pc.window.apply_search()
    qtbot.wait(50)
    return pc.titles()


def test_phones_as_people_type_and_search_them(qtbot, russian_pc: PC) -> None:
    pc = russian_pc
    assert new_contact(qtbot, pc, name="Пётр Ёлкин", phone="8 916 123 45 67")
    assert new_contact(qtbot, pc, name="Тверской офис", phone="(4822) 55-66-77")
    assert new_contact(qtbot, pc, name="Бухгалтерия", phone="+7 495 987-65-43 ext. 12")
    stored = {r.fields["name"]: r.fields["phone"] for r in pc.replica.records("contact")}
    assert stored == {"Пётр Ёлкин": "+7 916 123-45-67", "Тверской офис": "+7 4822 55-66-77",
                      "Бухгалтерия": "+7 495 987-65-43 доб. 12"}
    for digits in ("1234567", "4567", "123 45 67", "89161234567", "916123"):
        qtbot.waitUntil(lambda digits=digits: search(qtbot, pc, digits) == ["Пётр Ёлкин"], timeout=3000)
    qtbot.waitUntil(lambda: search(qtbot, pc, "556677") == ["Тверской офис"], timeout=3000)
    tver = next(r for r in pc.replica.records("contact") if r.fields["name"] == "Тверской офис")
    assert "+7 4822 55-66-77" in card_html(pc.replica, tver, "ru")  # the printed card shows it as stored


def test_dates_in_words_and_two_digit_years_import(qtbot, russian_pc: PC, tmp_path: Path) -> None:
    src = tmp_path / "клиенты.csv"
    src.write_text("ФИО;Дата рождения\nАнна Смирнова;5 мая 1990\nБорис Котов;31/12/75\nВера Лис;1 января 2001 г.\n",
                   encoding="utf-8")
    dialog = ImportDialog(russian_pc.replica, russian_pc.window, path=src)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    born = {r.fields["name"]: r.fields.get("birthday") for r in russian_pc.replica.records("contact")}
    assert born == {"Анна Смирнова": "1990-05-05", "Борис Котов": "1975-12-31", "Вера Лис": "2001-01-01"}


def test_money_reads_back_as_typed_and_a_mail_needs_a_domain(qtbot, russian_pc: PC) -> None:
    pc = russian_pc
    pc.window.select_kind("deal")
    pc.window.new_record()
    type_into(qtbot, pc.window.card, "title", "Поставка")
    type_into(qtbot, pc.window.card, "amount", "45 000,50")
    assert pc.window.card.save()
    assert pc.window.card.editors["amount"].widget.text() == "45\u00a0000,50"
    assert pc.replica.records("deal")[0].fields["amount"] == 45000.5

    for typed in ("ivan@", "ivan@mail"):
        assert new_contact(qtbot, pc, name="Иван", email=typed) is None
        assert "это не адрес эл. почты" in pc.window.card.error.text()
        assert pc.window.card.editors["email"].widget.text() == typed  # the typing stays to be mended
        pc.window.act_undo.trigger()  # the user lets it go (else a new card asks first: back to it, or discard)
    assert pc.replica.count("contact") == 0


def test_a_second_card_of_the_same_person_warns_and_offers_the_first(qtbot, russian_pc: PC) -> None:
    pc = russian_pc
    first = new_contact(qtbot, pc, name="Пётр Ёлкин", phone="+7 916 123-45-67", email="petr@example.ru")
    assert first
    said: list[str] = []
    answer("Открыть «Пётр Ёлкин»", said)
    assert new_contact(qtbot, pc, name="Петя Ёлкин", phone="8 (916) 123 45 67") is None
    assert "У «Пётр Ёлкин» уже есть этот телефон: +7 916 123-45-67." in said[0]
    assert pc.window.card.record is not None and pc.window.card.record.id == first  # the first one is open
    assert pc.replica.count("contact") == 1

    answer("Вернуться к карточке", said)
    assert new_contact(qtbot, pc, name="Ёлкин П.", email="PETR@example.ru") is None
    assert "уже есть этот адрес: petr@example.ru" in said[1]
    assert pc.window.card.editors["name"].widget.text() == "Ёлкин П."  # the typing is still there
    answer("Всё равно сохранить", said)
    assert pc.window.card.save()
    assert pc.replica.count("contact") == 2
