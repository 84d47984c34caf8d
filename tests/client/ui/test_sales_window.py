"""The sales sections driven through the window against a real server, two PCs side by side: an invoice typed
with its lines and payments, its bill printed from the card, a deal moved on the board, the dashboard."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from docx import Document

from client.core.plugins import registry
from client.ui.qt import Qt
from client.ui.window_pages import DASHBOARD
from lan_server.records.schema import REQUISITES_ID
from tests.client.ui.pcs import PC, type_into
from tests.documents import docx_text


def set_cell(part: Any, row: int, key: str, text: str) -> None:
    col = [f.key for f in part.fields].index(key)
    part.table.item(row, col).setText(text)  # as typing into the cell and leaving it does


def test_invoice_typed_in_the_card_is_partly_paid_then_paid_on_both_pcs(qtbot, two_pcs: tuple[PC, PC]) -> None:
    a, b = two_pcs
    a.replica.add("requisites", {"name": "ООО «Ромашка»", "inn": "7701234567", "director": "Иванов И. И."},
                  rec_id=REQUISITES_ID)
    org = a.replica.add("organization", {"name": "ООО «Лютик»"})
    a.window.select_kind("invoice")
    a.window.new_record()
    card = a.window.card
    organization = card.editors["organization"].widget
    organization.setCurrentIndex(organization.findData(org))
    type_into(qtbot, card, "date", "22.11.2026")
    lines, payments = card.parts
    assert (lines.kind, payments.kind) == ("invoice_line", "payment")
    lines.add_button.click()  # a row on a new invoice saves the invoice first
    inv = card.record.id
    qtbot.waitUntil(lambda: lines.table.rowCount() == 1, timeout=3000)
    set_cell(lines, 0, "description", "Консультация")
    set_cell(lines, 0, "qty", "2")
    assert card.editors["number"].widget.text() == ""  # nothing to pay for yet: not issued
    set_cell(lines, 0, "price", "1 000")
    qtbot.waitUntil(lambda: card.editors["number"].widget.text() == "1", timeout=10000)  # numbered once priced
    lines.add_button.click()
    qtbot.waitUntil(lambda: lines.table.rowCount() == 2, timeout=3000)
    set_cell(lines, 1, "description", "Выезд")
    set_cell(lines, 1, "price", "450")
    qtbot.waitUntil(lambda: card.editors["total"].widget.text() == "2,450.00", timeout=3000)
    assert card.editors["total"].widget.isReadOnly()

    payments.add_button.click()
    qtbot.waitUntil(lambda: payments.table.rowCount() == 1, timeout=3000)
    set_cell(payments, 0, "amount", "1000")
    qtbot.waitUntil(lambda: card.editors["status"].widget.text() == "Partly paid", timeout=3000)

    action = next(x for x in registry().card_actions if x.label_en == "Bill to pay (Word)")
    card.open_files = False
    card.run_action(action)  # the bill with the number the invoice took
    qtbot.waitUntil(lambda: card.last_opened is not None, timeout=15000)
    text = docx_text(card.last_opened)
    assert "Счёт на оплату № 1 от 22.11.2026" in text and "Две тысячи четыреста пятьдесят рублей 00 копеек" in text
    qtbot.waitUntil(lambda: card.editors["status"].widget.text() == "Partly paid", timeout=5000)

    qtbot.waitUntil(lambda: b.replica.get(inv) is not None and b.replica.get(inv).fields["status"] == "partly_paid",
                    timeout=10000)
    b.window.open_record(inv)
    assert b.window.card.editors["balance"].widget.text() == "1,450.00"
    b.window.card.parts[1].add_button.click()
    qtbot.waitUntil(lambda: b.window.card.parts[1].table.rowCount() == 2, timeout=3000)
    rows = b.window.card.parts[1].rows
    new_row = next(i for i, r in enumerate(rows) if not r.fields.get("amount"))
    set_cell(b.window.card.parts[1], new_row, "amount", "1450")
    qtbot.waitUntil(lambda: card.editors["status"].widget.text() == "Paid", timeout=10000)  # A's open card follows
    assert a.replica.get(inv).fields["balance"] == 0


def test_deal_moved_on_the_board_moves_on_the_other_pc_and_the_dashboard_clicks_through(
        qtbot, two_pcs: tuple[PC, PC]) -> None:
    a, b = two_pcs
    deal = a.replica.add("deal", {"title": "Поставка бумаги", "stage": "new", "amount": 12000, "assignee": "admin"})
    for pc in (a, b):
        qtbot.waitUntil(lambda pc=pc: pc.replica.get(deal) is not None, timeout=10000)
        pc.window.select_kind("deal")
        assert pc.window.act_board.isVisible()
        pc.window.act_board.setChecked(True)
    qtbot.waitUntil(lambda: a.window.board.lists["new"].count() == 1, timeout=3000)
    assert "1 · 12,000.00" in a.window.board.headers["new"].text()

    # A drop from the "new" column on the "won" one, as Qt hands it to the column.
    source, target = a.window.board.lists["new"], a.window.board.lists["won"]
    source.setCurrentRow(0)
    event = SimpleNamespace(source=lambda: source, setDropAction=lambda _a: None, accept=lambda: None,
                            ignore=lambda: None)
    target.dropEvent(event)
    assert a.replica.get(deal).fields["stage"] == "won"
    qtbot.waitUntil(lambda: b.window.board.lists["won"].count() == 1 and b.window.board.lists["new"].count() == 0,
                    timeout=10000)
    assert "12,000.00" in b.window.board.headers["won"].text()

    inv = a.replica.add("invoice", {"number": "5", "date": date.today().isoformat(), "assignee": "admin"})
    a.replica.add("invoice_line", {"invoice": inv, "qty": 3, "price": 100})
    qtbot.waitUntil(lambda: b.replica.count("invoice_line") == 1, timeout=10000)
    b.window.sections.setCurrentRow(0)
    assert b.window.sections.currentItem().data(Qt.ItemDataRole.UserRole) == DASHBOARD
    assert b.window.pages.currentWidget() is b.window.dashboard
    qtbot.waitUntil(lambda: "1 · 300.00" in b.window.dashboard.tiles["issued"].text(), timeout=5000)
    b.window.dashboard.tiles["issued"].click()
    assert b.window.model.kind == "invoice" and b.window.pages.currentIndex() == 0
    assert [r.id for r in b.window.model.shown().records(b.replica)] == [inv]


def test_price_list_dialog_writes_the_ticked_columns_of_one_category(qtbot, tmp_path) -> None:
    from client.core.replica import Replica
    from client.ui.price_list_dialog import PriceListDialog
    replica = Replica(tmp_path / "pc")
    try:
        replica.add("product", {"name": "Бумага А4", "unit": "пачка", "price": 420, "category": "goods"})
        replica.add("product", {"name": "Выезд мастера", "unit": "выезд", "price": 1500, "category": "services"})
        dialog = PriceListDialog(replica, "ru")
        qtbot.addWidget(dialog)
        dialog.open_after = False
        dialog.category.setCurrentIndex(dialog.category.findData("goods"))
        dialog.columns["unit"].setChecked(False)
        dialog.columns["category"].setChecked(True)
        assert dialog.write(tmp_path / "прайс.docx")
        table = Document(str(tmp_path / "прайс.docx")).tables[0]
        assert [c.text for c in table.rows[0].cells] == ["Наименование", "Цена", "Категория"]
        assert [c.text for c in table.rows[-1].cells] == ["Бумага А4", "420,00", "Товары"]
        dialog.columns["name"].setChecked(False)
        dialog.columns["price"].setChecked(False)
        dialog.columns["category"].setChecked(False)
        assert not dialog.write(tmp_path / "empty.xlsx") and "column" in dialog.error.text()
    finally:
        replica.close()


def test_an_organizations_card_sums_up_its_invoices_and_lists_its_payments(qtbot, tmp_path) -> None:
    from client.core.replica import Replica
    from client.ui.main_window import MainWindow
    replica = Replica(tmp_path / "pc")
    try:
        org = replica.add("organization", {"name": "ООО «Лютик»"})
        for number, price, paid in (("1", 1000, 400), ("2", 500, 0)):
            inv = replica.add("invoice", {"number": number, "date": "2026-11-20", "organization": org})
            replica.add("invoice_line", {"invoice": inv, "qty": 1, "price": price})
            if paid:
                replica.add("payment", {"invoice": inv, "date": "2026-11-21", "amount": paid})
        replica.add("invoice", {"date": "2026-11-22", "organization": org})  # a draft counts for nothing
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.open_record(org)
        summary = window.card.money_summary.text()
        assert "Invoiced: 1,500.00" in summary and "Paid: 400.00" in summary and "Owed: 1,100.00" in summary
        related = [(window.card.related.item(r, 0).text(), window.card.related.item(r, 1).text())
                   for r in range(window.card.related.rowCount())]
        assert ("Payments", "2026-11-21  400.00") in related
        assert sum(1 for section, _ in related if section == "Invoices") == 3
    finally:
        replica.close()

