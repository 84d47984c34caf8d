"""The card's Related tab: the records the shown one links to, those that link to it, the records tied to it by
hand («Связать с…», «Убрать связь»), and an organization's invoiced, paid and owed."""

from __future__ import annotations

from client.core import ties
from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from lan_server.records import Record

TIE_ROLE = Qt.ItemDataRole.UserRole + 1  # a row of a tie made by hand holds the tie's id here


class RelatedTab(QWidget):
    open_record = pyqtSignal(str)

    def __init__(self, replica: Replica) -> None:
        super().__init__()
        self.replica = replica
        self.record: Record | None = None
        self.lang = "en"
        self.picker: QDialog | None = None  # «Связать с…», while it is open
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.money_summary = QLabel()  # an organization's invoiced, paid and owed
        self.money_summary.setWordWrap(True)
        layout.addWidget(self.money_summary)
        self.table = QTableWidget(0, 2)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.cellDoubleClicked.connect(self._open)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.tie_button = QPushButton()
        self.tie_button.clicked.connect(self.pick_tie)
        self.untie_button = QPushButton()
        self.untie_button.clicked.connect(self.untie_selected)
        buttons.addWidget(self.tie_button)
        buttons.addWidget(self.untie_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._selected()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr("Section"), tr("Title")])
        self.tie_button.setText(tr("Tie to…"))
        self.tie_button.setToolTip(tr("Tie this record to any other: a note to an organization, two contacts…"))
        self.untie_button.setText(tr("Remove the tie"))
        self.untie_button.setToolTip(tr("Remove the chosen tie made by hand (the records stay)"))

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.money_summary.clear()
        self.record = None
        self._selected()

    def reload(self) -> None:
        """Show the same record again (a tie made here or on a colleague's PC)."""
        self.load(self.record, self.lang)

    def load(self, record: Record | None, lang: str) -> None:
        self.clear()
        self.record, self.lang = record, lang
        if record is None or record.id.startswith("tie:"):
            return
        schema = self.replica.schema()
        rows: list[tuple[str, str, str, str]] = []  # section, title, record, tie
        kd_own = schema.kind(record.kind)
        # What the record itself points to (a contact's organization, an invoice's contract): a record this PC does
        # not hold (one the user may not read) is not shown, not even its title.
        linked = [str(v) for f in kd_own.visible_fields() if f.type == "link" and (v := record.fields.get(f.key))]
        ends = self.replica.get_many(linked)
        for target in (ends[rec] for rec in dict.fromkeys(linked) if rec in ends):
            if not target.deleted and schema.has_kind(target.kind):
                rows.append((schema.kind(target.kind).label(lang), schema.title(target.kind, target.fields, lang),
                             target.id, ""))
        for tie, other in ties.ties_of(self.replica, record.id):
            if schema.has_kind(other.kind):
                rows.append((f"{schema.kind(other.kind).label(lang)} · {tr('tied by hand')}",
                             schema.title(other.kind, other.fields, lang), other.id, tie))
        for kind, link in schema.links_to(record.kind):
            if schema.kind(kind).part_of == record.kind:
                continue  # shown as a table in the card itself
            kd = schema.kind(kind)
            for r in self.replica.records(kind, where={link: record.id}, limit=200):
                rows.append((kd.label(lang), schema.title(kind, r.fields, lang), r.id, ""))
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
                    rows.append((label, f"{p.fields.get('date') or ''}  {paid}", p.id, ""))
        self.table.setRowCount(len(rows))
        for i, (section, title, rec_id, tie) in enumerate(rows):
            item = QTableWidgetItem(section)
            item.setData(Qt.ItemDataRole.UserRole, rec_id)
            item.setData(TIE_ROLE, tie)
            shown = QTableWidgetItem(title)
            if tie:
                item.setToolTip(tr("Tied by hand"))
                shown.setToolTip(tr("Tied by hand"))
            self.table.setItem(i, 0, item)
            self.table.setItem(i, 1, shown)
        self._selected()

    def selected_tie(self) -> str:
        item = self.table.item(self.table.currentRow(), 0) if self.table.selectedItems() else None
        return str(item.data(TIE_ROLE) or "") if item is not None else ""

    def _selected(self) -> None:
        saved = self.record is not None and not self.record.deleted
        self.tie_button.setEnabled(saved)
        self.untie_button.setEnabled(saved and bool(self.selected_tie()))

    def pick_tie(self) -> None:
        """«Связать с…»: find any record by the quick search and tie it to this one."""
        if self.record is None:
            return
        from client.ui.tie_picker import TiePicker
        self.picker = TiePicker(self.replica, self.record, self.lang, self)
        self.picker.tied.connect(lambda _: self.reload())
        self.picker.open()

    def untie_selected(self) -> None:
        tie = self.selected_tie()
        if not tie:
            return
        try:
            ties.untie(self.replica, tie)
        except ValueError as e:
            QMessageBox.warning(self, tr("Remove the tie"), str(e))
        self.reload()

    def _open(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_record.emit(str(item.data(Qt.ItemDataRole.UserRole)))
