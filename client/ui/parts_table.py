"""A table of the records that live inside a card (an invoice's lines, its payments), edited in place:
each cell is saved as it is left, a row is added or removed with a button, computed columns only show."""

from __future__ import annotations

from typing import Any, Callable

from client.core.values import parse_value
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from client.ui.records_model import display
from client.ui.widgets import WheelCombo
from lan_server.records import FieldDef, Record
from lan_server.records.defaults import new_record_defaults

_ORDER = "n"  # the № of a line: kept by the table, not typed


class PartsTable(QWidget):
    """The `kind` records whose `link` field points at the shown parent."""

    def __init__(self, replica: Any, kind: str, link: str, lang: str, on_error: Callable[[str], None], *,
                 ensure_parent: Callable[[], str | None] | None = None,
                 changed: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.ensure_parent = ensure_parent or (lambda: self.parent_id)
        self.changed = changed or (lambda: None)
        self.replica = replica
        self.kind = kind
        self.link = link
        self.lang = lang
        self.on_error = on_error
        self.parent_id: str | None = None
        self.rows: list[Record] = []
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel()
        self.caption.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.caption)
        self.table = QTableWidget(0, 0)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._item_changed)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        kd = self.replica.schema().kind(self.kind)
        self.caption.setText(kd.label(self.lang))
        self.add_button.setText(tr("Add a row"))
        self.remove_button.setText(tr("Remove the row"))

    @property
    def fields(self) -> list[FieldDef]:
        kd = self.replica.schema().kind(self.kind)
        return [f for f in kd.visible_fields() if f.key not in (self.link, _ORDER)]

    def show_parent(self, parent_id: str | None) -> None:
        self.parent_id = parent_id
        self.reload()

    def reload(self) -> None:
        from lan_server.records.derived import in_order
        fields = self.fields
        self.rows = in_order(self.replica.records(self.kind, where={self.link: self.parent_id})) \
            if self.parent_id else []
        titles = self.replica.link_titles(self.rows)
        # Each choice list once per reload, not once per row: twenty lines need one read of the catalog.
        choices = {fd.key: self._choices(fd) for fd in fields if fd.type in ("link", "choice") and not fd.computed}
        self._filling = True
        try:
            self.table.clear()
            self.table.setColumnCount(len(fields))
            self.table.setHorizontalHeaderLabels([f.label(self.lang) for f in fields])
            self.table.setRowCount(len(self.rows))
            for r, record in enumerate(self.rows):
                for c, fd in enumerate(fields):
                    value = record.fields.get(fd.key)
                    if fd.type in ("link", "choice") and not fd.computed:
                        self.table.setCellWidget(r, c, self._combo(record, fd, value, titles, choices[fd.key]))
                        continue
                    item = QTableWidgetItem(display(fd, value, self.lang, titles))
                    if fd.computed:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if fd.type in ("number", "money"):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(r, c, item)
        finally:
            self._filling = False
        self.table.resizeColumnsToContents()
        for c, fd in enumerate(fields):  # a long product name must not push the amounts out of sight
            if self.table.columnWidth(c) > 150 and fd.type in ("link", "text"):
                self.table.setColumnWidth(c, 150)
        self.table.setEnabled(self.parent_id is not None)
        self.remove_button.setEnabled(self.parent_id is not None)

    def _choices(self, fd: FieldDef) -> list[tuple[str, Any]]:
        """(label, value) of what a choice or link cell offers."""
        if fd.type == "choice":
            return [(display(fd, v, self.lang), v) for v in fd.options.get("choices", [])]
        schema = self.replica.schema()
        return [(schema.title(t.kind, t.fields), t.id)
                for t in self.replica.records(str(fd.options.get("link_kind", "")), limit=1000)]

    def _combo(self, record: Record, fd: FieldDef, value: Any, titles: dict[str, str],
               choices: list[tuple[str, Any]]) -> QComboBox:
        box = WheelCombo()
        box.addItem("", None)
        for label, data in choices:
            box.addItem(label, data)
        if fd.type == "link" and value and box.findData(value) < 0:
            box.addItem(titles.get(str(value), str(value)), value)
        box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)
        box.currentIndexChanged.connect(lambda _i, rec=record.id, f=fd, b=box: self._save(rec, f, b.currentData()))
        return box

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or not 0 <= item.row() < len(self.rows):
            return
        fd = self.fields[item.column()]
        try:
            value = parse_value(fd, item.text())
        except ValueError as e:
            self.on_error(f"{fd.label(self.lang)}: {e}")
            return
        self._save(self.rows[item.row()].id, fd, value)

    def _save(self, rec_id: str, fd: FieldDef, value: Any) -> None:
        values = {fd.key: value}
        if fd.key == "product" and value:  # a chosen product fills what the line still lacks
            product = self.replica.get(str(value))
            line = self.replica.get(rec_id)
            if product is not None and line is not None:
                for mine, theirs in (("description", "name"), ("price", "price"), ("vat", "vat")):
                    if line.fields.get(mine) in (None, "") and product.fields.get(theirs) not in (None, ""):
                        values[mine] = product.fields[theirs]
        try:
            self.replica.set(rec_id, values, undoable=True)
        except Exception as e:  # a full disk: say so; the table shows what is stored
            self.on_error(str(e))
        else:
            self.on_error("")
        # Later, not now: the combo box that asked may be the one a reload replaces.
        QTimer.singleShot(0, self._after_save)

    def _after_save(self) -> None:
        self.reload()
        self.changed()

    def add_row(self) -> str | None:
        if self.parent_id is None:
            self.parent_id = self.ensure_parent()
        if self.parent_id is None:
            return None
        values: dict[str, Any] = {**new_record_defaults(self.replica.schema().kind(self.kind), self.replica.user),
                                  self.link: self.parent_id}
        if self.replica.schema().kind(self.kind).field(_ORDER) is not None:
            values[_ORDER] = max((int(r.fields.get(_ORDER) or 0) for r in self.rows), default=0) + 1
        try:
            rec_id = self.replica.add(self.kind, values, undoable=True)
        except Exception as e:
            self.on_error(str(e))
            return None
        self.reload()
        self.changed()
        return rec_id

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.replica.delete(self.rows[row].id, undoable=True)
            self.reload()
            self.changed()
