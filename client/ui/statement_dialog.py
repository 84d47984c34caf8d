"""A bank statement opened by File > Import: every payment in one table, the invoice each incoming one goes to
already chosen where it matched, a list to choose one by hand where it did not (or to leave it); outgoing
payments and those booked before are shown, not booked. "Book the payments" books what has an invoice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from client.core import bank_import
from client.core.bank_statement import BankDoc, parse
from client.core.error_words import in_words
from client.core.present import date_text
from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.widgets import message_line
from lan_server.records.money import as_text, money

LEAVE = ""


def invoice_label(invoice: Any, titles: dict[str, str]) -> str:
    f = invoice.fields
    day = date_text(str(f.get("date") or "")[:10], "ru", with_time=False)
    buyer = titles.get(str(f.get("organization") or ""), "")
    return f"№ {f.get('number')} {tr('of')} {day} — {buyer}, {tr('to pay')} {as_text(money(f.get('balance')))}"


def columns() -> list[str]:
    return [tr("Date"), tr("No."), tr("Payer"), tr("INN"), tr("Amount"), tr("Purpose"), tr("Invoice"),
            tr("What happens")]


class StatementDialog(QDialog):

    def __init__(self, replica: Replica, path: Path, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.path = path
        self.lang = lang
        self.report: bank_import.Report | None = None
        self.rows: list[tuple[BankDoc, QComboBox | None]] = []
        self.booked = 0
        self.setWindowTitle(f"{tr('Bank statement')} — {path.name}")
        self.resize(1300, 620)
        layout = QVBoxLayout(self)
        self.summary = QLabel(tr("Reading the statement…"))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(columns()))
        self.table.setHorizontalHeaderLabels(columns())
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # the purpose takes the room left
        layout.addWidget(self.table, 1)
        self.message = message_line(layout)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.book_button = QPushButton(tr("Book the payments"))
        self.book_button.setDefault(True)
        self.book_button.setEnabled(False)
        self.book_button.clicked.connect(self.book)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(self.book_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        def work() -> tuple[bank_import.Report, list[Any], dict[str, str]]:
            report = bank_import.sort(self.replica, parse(self.path.read_bytes()))
            open_ = bank_import.open_invoices(self.replica)
            return report, open_, self.replica.link_titles(open_)

        def failed(e: BaseException) -> None:
            self.summary.setText(f"{self.path.name}: {in_words(e, file=False)}")
        tasks().run(work, on_done=lambda found: self._show(*found), on_error=failed, owner=self,
                    name="read a bank statement")

    def _item(self, text: str, right: bool = False) -> QTableWidgetItem:
        from client.ui.qt import Qt
        item = QTableWidgetItem(text)
        if right:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _show(self, report: bank_import.Report, open_: list[Any], titles: dict[str, str]) -> None:
        self.report = report
        self.rows = []
        lines = report.lines()
        self.summary.setText("\n".join(line for line in lines if not line.startswith("  ")))
        entries: list[tuple[BankDoc, str, Any, tuple[Any, ...]]] = []
        entries += [(m.doc, f"{tr('by')} {m.how}", m.invoice, ()) for m in report.booked]
        entries += [(u.doc, u.reason, None, u.candidates) for u in report.unmatched]
        entries += [(d, tr("booked by an earlier import"), False, ()) for d in report.again]
        entries += [(d, tr("outgoing: shown, not booked"), False, ()) for d in report.outgoing]
        self.table.setRowCount(len(entries))
        for row, (doc, what, chosen, candidates) in enumerate(entries):
            outgoing = chosen is False and doc in report.outgoing
            day = doc.when.strftime("%d.%m.%Y") if doc.when else ""
            cells = (day, doc.number, doc.payee if outgoing else doc.payer,
                     doc.payee_inn if outgoing else doc.payer_inn,
                     ("−" if outgoing else "") + as_text(money(doc.amount)), doc.purpose)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, self._item(text, right=col == 4))
            self.table.setItem(row, 7, self._item(what))
            combo: QComboBox | None = None
            if chosen is not False:
                combo = QComboBox()
                combo.addItem(tr("— leave it —"), LEAVE)
                seen: set[str] = set()
                for inv in [*( [chosen] if chosen is not None else []), *candidates, *open_]:
                    if inv.id not in seen:
                        seen.add(inv.id)
                        combo.addItem(invoice_label(inv, titles), inv.id)
                combo.setCurrentIndex(1 if chosen is not None else 0)
                self.table.setCellWidget(row, 6, combo)
            self.rows.append((doc, combo))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(7, min(self.table.columnWidth(7), 300))  # a long reason wraps
        self.table.resizeRowsToContents()
        self.book_button.setEnabled(any(c is not None for _d, c in self.rows))

    def choose(self, number: str, invoice_id: str) -> None:
        """Choose `invoice_id` for the payment numbered `number` (as a user does in its list)."""
        for doc, combo in self.rows:
            if doc.number == number and combo is not None:
                combo.setCurrentIndex(combo.findData(invoice_id))

    def book(self) -> None:
        chosen = [(doc, str(combo.currentData())) for doc, combo in self.rows
                  if combo is not None and combo.currentData() != LEAVE]

        def work() -> int:
            for doc, inv in chosen:
                invoice = self.replica.get(inv)
                if invoice is not None:
                    bank_import.book(self.replica, doc, invoice)
            return len(chosen)

        def done(count: int) -> None:
            self.booked += count
            self.message.setText(tr("Payments booked: {count}").replace("{count}", str(count)))
            self.load()

        def failed(e: BaseException) -> None:
            self.message.setText(in_words(e))
        self.book_button.setEnabled(False)
        tasks().run(work, on_done=done, on_error=failed, owner=self, name="book bank payments")
