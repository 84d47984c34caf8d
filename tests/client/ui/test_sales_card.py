"""A Russian office's everyday sales cards, driven through the window against a real server: what a new record
starts with, what invoices and payments are called, an empty invoice that must not be issued, a deal's contacts
narrowed by its organization, and the planner without the group folders."""

from __future__ import annotations

from datetime import date

from client.ui.record_card import RecordCard
from client.ui.window_pages import CALENDAR
from lan_server.records.schema import REQUISITES_ID
from tests.client.ui.pcs import PC, type_into
from tests.client.ui.test_sales_window import set_cell


def _menu_action(card, text: str):
    return next(a for a in card.actions_menu.actions() if a.text() == text)


def _combo_texts(box) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def test_a_new_record_starts_with_the_user_as_manager_and_an_invoice_dated_today(qtbot, russian_pc: PC) -> None:
    window, today = russian_pc.window, date.today()
    for kind, owner in (("contact", "manager"), ("organization", "manager"), ("task", "assignee"),
                        ("deal", "assignee"), ("invoice", "assignee")):
        window.select_kind(kind)
        window.act_new.trigger()
        box = window.card.editors[owner].widget
        assert (box.currentText(), box.currentData()) == ("Администратор", "admin"), kind  # by name; the login kept
    card = window.card  # the invoice: Менеджер is the user, Дата is today, as typed by hand
    assert card.editors["date"].widget.text() == today.strftime("%d.%m.%Y")
    card.editors["note"].widget.setPlainText("Срочно")
    card.save_button.click()
    invoice = russian_pc.replica.get(card.record.id)
    assert invoice.fields["date"] == today.isoformat() and invoice.fields["assignee"] == "admin"

    payments = card.parts[1]
    payments.add_button.click()  # a payment typed in the invoice is dated today as well
    qtbot.waitUntil(lambda: payments.table.rowCount() == 1, timeout=3000)
    assert payments.rows[0].fields["date"] == today.isoformat()

    window.select_kind("contact")  # a folder's manager (olga's folder) still wins over the user
    window.new_record()
    window.card.show_new("contact", {"manager": "olga"})
    assert window.card.editors["manager"].widget.currentText() == "olga"


def test_invoices_and_payments_are_called_by_number_amount_and_date(qtbot, russian_pc: PC) -> None:
    window, replica = russian_pc.window, russian_pc.replica
    replica.add("requisites", {"name": "ООО «Ромашка»", "inn": "7701234567"}, rec_id=REQUISITES_ID)
    window.select_kind("invoice")
    window.act_new.trigger()
    card = window.card
    type_into(qtbot, card, "date", "06.12.2026")
    lines, payments = card.parts
    lines.add_button.click()
    qtbot.waitUntil(lambda: lines.table.rowCount() == 1, timeout=3000)
    set_cell(lines, 0, "description", "Консультация")
    set_cell(lines, 0, "price", "5 000")
    # The number is the server's; the title follows it wherever it is shown.
    qtbot.waitUntil(lambda: card.editors["number"].widget.text() == "1", timeout=10000)
    qtbot.waitUntil(lambda: card.title.text() == "Счёт № 1 от 06.12.2026", timeout=3000)
    invoice = card.record.id

    payments.add_button.click()
    qtbot.waitUntil(lambda: payments.table.rowCount() == 1, timeout=3000)
    set_cell(payments, 0, "amount", "5000")
    set_cell(payments, 0, "date", "06.12.2026")
    qtbot.waitUntil(lambda: replica.get(payments.rows[0].id).fields.get("date") == "2026-12-06", timeout=3000)
    payment = payments.rows[0].id

    window.select_kind("payment")
    window.open_record(payment)
    assert window.card.title.text() == "Оплата 5\u00a0000,00\u00a0₽ от 06.12.2026"
    assert window.card.editors["invoice"].widget.currentText() == "Счёт № 1 от 06.12.2026"
    window.card.editors["payer"].widget.setText("ООО «Лютик»")
    window.card.editors["payer"].dirty = True
    window.card.save_button.click()
    assert window.card.title.text() == "Оплата 5\u00a0000,00\u00a0₽ от 06.12.2026 — ООО «Лютик»"

    window.select_kind("organization")  # the invoice among a buyer's related records
    org = replica.add("organization", {"name": "ООО «Лютик»"})
    replica.set(invoice, {"organization": org})
    window.open_record(org)
    table = window.card.related_tab.table
    qtbot.waitUntil(lambda: "Счёт № 1 от 06.12.2026" in [table.item(r, 1).text() for r in range(table.rowCount())],
                    timeout=3000)


def _new_invoice(pc: PC) -> RecordCard:
    """An office with its requisites, and a new invoice saved with only a note: the card showing it."""
    pc.replica.add("requisites", {"name": "ООО «Ромашка»", "inn": "7701234567", "director": "Иванов И. И."},
                   rec_id=REQUISITES_ID)
    pc.window.select_kind("invoice")
    pc.window.act_new.trigger()
    card = pc.window.card
    card.editors["note"].widget.setPlainText("Счёт для Лютика")
    card.save_button.click()
    return card


def test_an_empty_invoice_cannot_be_issued_and_says_why(qtbot, russian_pc: PC) -> None:
    replica = russian_pc.replica
    card = _new_invoice(russian_pc)
    card.open_files = False
    invoice = card.record.id

    for bill in ("Счёт на оплату (Word)", "Присвоить номер"):
        _menu_action(card, bill).trigger()
        qtbot.waitUntil(lambda: "в счёте нет строк" in card.error.text(), timeout=10000)
        assert not replica.get(invoice).fields.get("number"), bill  # not numbered: still a draft
        assert card.editors["status"].widget.text() == "Черновик"

    lines = card.parts[0]
    lines.add_button.click()  # a line with nothing priced: still nothing to pay for
    qtbot.waitUntil(lambda: lines.table.rowCount() == 1, timeout=3000)
    set_cell(lines, 0, "description", "Консультация")
    _menu_action(card, "Счёт на оплату (Word)").trigger()
    qtbot.waitUntil(lambda: "сумма счёта равна нулю" in card.error.text(), timeout=10000)
    assert not replica.get(invoice).fields.get("number")
    assert card.editors["status"].widget.text() == "Черновик"
    assert card.last_opened is None
    assert replica.get(invoice).fields["note"] == "Счёт для Лютика"  # nothing lost

    set_cell(lines, 0, "price", "1 200")  # priced: now it is issued, numbered by the server
    qtbot.waitUntil(lambda: card.editors["number"].widget.text() == "1", timeout=10000)
    qtbot.waitUntil(lambda: card.editors["status"].widget.text() == "Выставлен", timeout=3000)


def test_a_deal_s_contacts_are_those_of_its_organization(qtbot, russian_pc: PC) -> None:
    window, replica = russian_pc.window, russian_pc.replica
    lutik = replica.add("organization", {"name": "ООО «Лютик»"})
    romashka = replica.add("organization", {"name": "ООО «Ромашка»"})
    replica.add("contact", {"name": "Анна Лютикова", "organization": lutik})
    replica.add("contact", {"name": "Борис Ромашкин", "organization": romashka})
    replica.add("contact", {"name": "Вера Сама"})
    window.select_kind("deal")
    window.act_new.trigger()
    card = window.card
    contact, organization = card.editors["contact"].widget, card.editors["organization"].widget
    everyone = ["", "Анна Лютикова", "Борис Ромашкин", "Вера Сама"]
    assert sorted(_combo_texts(contact)) == everyone  # no organization chosen: all contacts
    organization.setCurrentIndex(organization.findData(lutik))
    assert _combo_texts(contact) == ["", "Анна Лютикова"]
    contact.setCurrentIndex(contact.findData(replica.records("contact", where={"organization": lutik})[0].id))
    organization.setCurrentIndex(organization.findData(romashka))
    assert sorted(_combo_texts(contact)) == ["", "Анна Лютикова", "Борис Ромашкин"]  # the chosen one is kept
    assert contact.currentText() == "Анна Лютикова"
    organization.setCurrentIndex(0)
    assert sorted(_combo_texts(contact)) == everyone
    type_into(qtbot, card, "title", "Поставка")
    organization.setCurrentIndex(organization.findData(lutik))
    card.save_button.click()
    deal = replica.get(card.record.id)
    window.open_record(deal.id)  # opened again: narrowed by the stored organization
    assert _combo_texts(window.card.editors["contact"].widget) == ["", "Анна Лютикова"]


def test_the_planner_never_shows_the_group_folders(qtbot, russian_pc: PC) -> None:
    window, replica = russian_pc.window, russian_pc.replica
    window.select_kind("contact")
    assert window.groups.isVisible() and window.group_by.isVisible()
    window.select_kind(CALENDAR)
    assert window.pages.currentWidget() is window.calendar
    assert not window.groups.isVisible() and not window.group_by.isVisible()
    replica.add("contact", {"name": "Анна", "manager": "admin"})  # a change arrives while the planner is open
    replica.add("task", {"title": "Позвонить Анне", "assignee": "admin", "due": date.today().isoformat() + "T10:00"})
    qtbot.wait(600)  # the folders' counts are refreshed 300 ms after a change
    assert not window.groups.isVisible() and not window.group_by.isVisible()
    window.set_language("ru")
    assert not window.groups.isVisible()
    window.select_kind("contact")
    assert window.groups.isVisible() and window.group_by.isVisible()


def test_a_bill_made_from_the_card_says_where_it_is_when_word_does_not_open_it(qtbot, russian_pc: PC,
                                                                               monkeypatch) -> None:
    """The Word bill was made in a folder the user never sees and, on a PC whose Word did not open, nothing was
    said: the card now names the file and its folder, with Open and Show in folder."""
    from client.ui import files
    asked: list[str] = []
    monkeypatch.setattr(files, "open_url", lambda url: asked.append(url.toLocalFile()) or False)  # no Word here
    card = _new_invoice(russian_pc)
    lines = card.parts[0]
    lines.add_button.click()
    qtbot.waitUntil(lambda: lines.table.rowCount() == 1, timeout=3000)
    set_cell(lines, 0, "description", "Консультация")
    set_cell(lines, 0, "price", "1 200")
    qtbot.waitUntil(lambda: card.editors["number"].widget.text() == "1", timeout=10000)

    _menu_action(card, "Счёт на оплату (Word)").trigger()
    qtbot.waitUntil(lambda: card.made.isVisible(), timeout=15000)
    made = card.last_opened
    assert made is not None and made.exists() and asked == [str(made)]  # it tried to open it in Word
    said = card.made.text()
    assert "Счёт на оплату (Word): файл" in said and made.name in said and str(made.parent) in said
    assert "Сам он не открылся" in said and "Показать в папке" in said
    card.made.linkActivated.emit("folder")
    assert asked[-1] == str(made.parent)
    card.made.linkActivated.emit("open")
    assert asked[-1] == str(made)
    russian_pc.window.select_kind("contact")  # another record: the line was about the bill
    assert not card.made.isVisible()


def test_the_message_that_the_requisites_are_empty_goes_once_they_are_filled(qtbot, russian_pc: PC) -> None:
    from client.ui.qt import QDialogButtonBox
    from client.ui.requisites_dialog import RequisitesDialog
    window, replica = russian_pc.window, russian_pc.replica
    org = replica.add("organization", {"name": "ООО «Лютик»"})
    invoice = replica.add("invoice", {"organization": org, "date": date.today().isoformat()})
    replica.add("invoice_line", {"invoice": invoice, "description": "Консультация", "qty": 1, "price": 1000})
    window.select_kind("invoice")
    window.open_record(invoice)
    card = window.card
    card.open_files = False
    _menu_action(card, "Счёт на оплату (PDF)").trigger()
    qtbot.waitUntil(lambda: "реквизиты организации не заполнены" in card.error.text(), timeout=15000)

    dialog = RequisitesDialog(replica, "ru", window)  # Настройки > Реквизиты организации, filled and saved
    qtbot.addWidget(dialog)
    type_into(qtbot, dialog, "name", "ООО «Ромашка»")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: replica.get(REQUISITES_ID) is not None, timeout=5000)
    qtbot.waitUntil(lambda: card.error.text() == "", timeout=5000)  # the card no longer says they are empty

    _menu_action(card, "Счёт на оплату (PDF)").trigger()  # and the bill is made
    qtbot.waitUntil(lambda: card.last_opened is not None, timeout=15000)
    assert card.last_opened.suffix == ".pdf" and card.error.text() == ""
