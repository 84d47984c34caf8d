"""The card's Related tab: the records the shown one links to, those that link to it, and an organization's invoiced,
paid and owed."""

from __future__ import annotations

from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.qt import QAbstractItemView, QLabel, Qt, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, pyqtSignal
from lan_server.records import Record


class RelatedTab(QWidget):
    open_record = pyqtSignal(str)

    def __init__(self, replica: Replica) -> None:
        super().__init__()
        self.replica = replica
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.money_summary = QLabel()  # an organization's invoiced, paid and owed
        self.money_summary.setWordWrap(True)
        layout.addWidget(self.money_summary)
        self.table = QTableWidget(0, 2)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.cellDoubleClicked.connect(self._open)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr("Section"), tr("Title")])

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.money_summary.clear()

    def load(self, record: Record | None, lang: str) -> None:
        self.clear()
        if record is None:
            return
        schema = self.replica.schema()
        rows: list[tuple[str, str, str]] = []
        kd_own = schema.kind(record.kind)
        # What the record itself points to (a contact's organization, an invoice's contract): a record this PC does
        # not hold (one the user may not read) is not shown, not even its title.
        linked = [str(v) for f in kd_own.visible_fields() if f.type == "link" and (v := record.fields.get(f.key))]
        ends = self.replica.get_many(linked)
        for target in (ends[rec] for rec in dict.fromkeys(linked) if rec in ends):
            if not target.deleted and schema.has_kind(target.kind):
                rows.append((schema.kind(target.kind).label(lang), schema.title(target.kind, target.fields, lang),
                             target.id))
        for kind, link in schema.links_to(record.kind):
            if schema.kind(kind).part_of == record.kind:
                continue  # shown as a table in the card itself
            kd = schema.kind(kind)
            for r in self.replica.records(kind, where={link: record.id}, limit=200):
                rows.append((kd.label(lang), schema.title(kind, r.fields, lang), r.id))
        if record.kind == "organization" and schema.has_kind("invoice"):
            from lan_server.records.dashboard import customer_account
            account = customer_account(self.replica, record.id)
            if account.invoices:
                from lan_server.records.money import as_text, money
                self.money_summary.setText(
                    f"{tr('Invoiced')}: {as_text(account.invoiced, lang)}   "
                    f"{tr('Paid')}: {as_text(account.paid, lang)}   "
                    f"{tr('Owed')}: {as_text(account.owed, lang)}")
                label = schema.kind("payment").label(lang) if schema.has_kind("payment") else ""
                for p in account.payments:
                    paid = as_text(money(p.fields.get("amount")), lang)
                    rows.append((label, f"{p.fields.get('date') or ''}  {paid}", p.id))
        self.table.setRowCount(len(rows))
        for i, (section, title, rec_id) in enumerate(rows):
            item = QTableWidgetItem(section)
            item.setData(Qt.ItemDataRole.UserRole, rec_id)
            self.table.setItem(i, 0, item)
            self.table.setItem(i, 1, QTableWidgetItem(title))

    def _open(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_record.emit(str(item.data(Qt.ItemDataRole.UserRole)))
