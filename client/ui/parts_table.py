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
_NAME_WIDTH = 150  # a name column's width at most (its whole text shows in the cell's tooltip or editor)
_NAME_MIN = 50     # ... and at least, when the card is narrow (1280 px: its whole text in its editor)


def two_lines(heading: str) -> str:
    """A column heading of several words on two lines, broken at the space nearest its middle: «№ платёжного
    поручения» is as wide as «поручения», so the amounts beside it keep their room."""
    spaces = [i for i, ch in enumerate(heading) if ch == " "]
    if not spaces:
        return heading
    cut = min(spaces, key=lambda i: abs(len(heading) / 2 - i))
    return heading[:cut] + "\n" + heading[cut + 1:]


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
        self.table.horizontalHeader().setStretchLastSection(False)  # fit_columns fills the width (a stretched
        # last section kept at least its first width, 100 px, and pushed the amounts out of sight)
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
            self.table.setHorizontalHeaderLabels([two_lines(f.label(self.lang)) for f in fields])
            self.table.setRowCount(len(self.rows))
            for r, record in enumerate(self.rows):
                for c, fd in enumerate(fields):
                    value = record.fields.get(fd.key)
                    if fd.type in ("link", "choice") and not fd.computed:
                        self.table.setCellWidget(r, c, self._combo(record, fd, value, titles, choices[fd.key]))
                        continue
                    item = QTableWidgetItem(display(fd, value, self.lang, titles))
                    if fd.type in ("link", "text", "multiline"):
                        item.setToolTip(item.text())  # the whole text, where a narrow column cuts it
                    if fd.computed:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if fd.type in ("number", "money"):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(r, c, item)
        finally:
            self._filling = False
        self.fit_columns()
        self.table.setEnabled(self.parent_id is not None)
        self.remove_button.setEnabled(self.parent_id is not None)

    def fit_columns(self) -> None:
        """Every column in sight in the card's width (1366x768 leaves the card ~500 px): numbers, amounts and dates
        as wide as their values and headings; the names (product, description, payer) share what is left, so a
        long product name never pushes the amounts out of sight, and only a card narrower still scrolls."""
        table = self.table
        table.resizeColumnsToContents()
        fields = self.fields
        names = [c for c, fd in enumerate(fields) if fd.type in ("link", "text", "multiline")]
        fixed = sum(table.columnWidth(c) for c in range(len(fields)) if c not in names)
        room = table.viewport().width() - fixed - 2  # the grid's own line
        wanted = {c: min(table.columnWidth(c), _NAME_WIDTH) for c in names}
        if names and sum(wanted.values()) > room:  # shared out, each at least its heading (a readable minimum)
            header = table.horizontalHeader()
            least = {c: min(w, max(_NAME_MIN, header.sectionSizeHint(c))) for c, w in wanted.items()}
            more = (room - sum(least.values())) // len(names)
            if more >= 0:
                wanted = {c: min(w, least[c] + more) for c, w in wanted.items()}
            else:  # narrower still: the headings give way a little before the amounts leave sight
                wanted = {c: max(_NAME_MIN, least[c] * room // sum(least.values())) for c in names}
        for c, w in wanted.items():
            table.setColumnWidth(c, w)
        last = len(fields) - 1
        spare = table.viewport().width() - 2 - sum(table.columnWidth(c) for c in range(len(fields)))
        if last >= 0 and spare > 0:  # the last column reaches the table's edge
            table.setColumnWidth(last, table.columnWidth(last) + spare)
        table.horizontalScrollBar().setValue(0)  # from the first column, as it now fits

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.table.columnCount():
            self.fit_columns()

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
        box.setToolTip(box.currentText())  # the whole name, where the column shows its start
        box.currentIndexChanged.connect(lambda _i, rec=record.id, f=fd, b=box: self._save(rec, f, b.currentData()))
        box.currentTextChanged.connect(box.setToolTip)
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
