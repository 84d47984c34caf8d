"""The filter row under the quick search: field conditions (is, is empty, contains, starts with, greater, less,
between, the next N days, any of) that add up, shown as removable chips (client/core/conditions.py)."""

from __future__ import annotations

from typing import Any

from client.core import conditions
from client.core.replica import Replica
from client.core.talk import people
from client.core.values import parse_value
from client.ui.i18n import tr
from client.ui.qt import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget, pyqtSignal
from lan_server.records import FieldDef

IS, EMPTY = conditions.IS, conditions.EMPTY


class FilterBar(QWidget):
    changed = pyqtSignal()

    def __init__(self, replica: Replica, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        self.kind = ""
        self.fields: list[FieldDef] = []
        self.conditions: list[tuple[str, Any]] = []   # (field key, value); None means "is empty"
        self.field = QComboBox()
        self.field.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.op = QComboBox()
        self.op.currentIndexChanged.connect(lambda _: self._op_changed())
        self.value = QLineEdit()
        self.value.setMinimumWidth(120)
        self.value.returnPressed.connect(self.changed)
        self.to = QLineEdit()  # the second value of "between"
        self.to.setMinimumWidth(90)
        self.to.returnPressed.connect(self.changed)
        self.to.setVisible(False)
        self.field.currentIndexChanged.connect(lambda _: self._fill_ops())
        self.add_button = QToolButton()
        self.add_button.setText("+")
        self.add_button.clicked.connect(self.add_condition)
        self.chips = QHBoxLayout()
        self.chips.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        # The conditions being typed on one row, the chips of those added on the next: a long condition
        # ("Сумма между 10 000,00 и 200 000,00") is read whole however narrow the list is.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        for w in (self.title, self.field, self.op, self.value, self.to, self.add_button):
            layout.addWidget(w)
        layout.addStretch(1)
        outer.addLayout(layout)
        chips_row = QHBoxLayout()
        chips_row.addLayout(self.chips)
        chips_row.addStretch(1)
        outer.addLayout(chips_row)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Filter:"))
        self.value.setPlaceholderText(tr("value, then Enter"))
        self.add_button.setToolTip(tr("Add this condition and type another"))
        self.set_fields(self.kind, self.fields, keep=True)
        self._fill_ops()

    def _fill_ops(self) -> None:
        """The conditions the chosen field's type offers (dates: between, the next N days...)."""
        current = self.op.currentData()
        self.op.blockSignals(True)
        self.op.clear()
        for op in conditions.offered(self._fd(self.field.currentData() or "")):
            self.op.addItem(conditions.label(op, self.lang), op)
        self.op.setCurrentIndex(max(0, self.op.findData(current)))
        self.op.blockSignals(False)
        self._op_changed()

    def _op_changed(self) -> None:
        op = self.op.currentData()
        self.value.setEnabled(op != EMPTY)
        self.to.setVisible(op == "between")
        hints = {"between": tr("from"), "next_days": tr("days"), conditions.ANY: tr("values, separated by commas")}
        self.value.setPlaceholderText(hints.get(op, tr("value, then Enter")))
        self.to.setPlaceholderText(tr("to"))

    def set_fields(self, kind: str, fields: list[FieldDef], *, keep: bool = False) -> None:
        """A section was chosen (or its fields changed): list its fields; conditions go unless `keep`."""
        current = self.field.currentData()
        self.kind, self.fields = kind, fields
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItem(tr("any field"), None)
        for fd in fields:
            self.field.addItem(fd.label(self.lang), fd.key)
        self.field.setCurrentIndex(max(0, self.field.findData(current)) if keep else 0)
        self.field.blockSignals(False)
        if not keep:
            self.conditions = []
            self.value.clear()
            self.op.setCurrentIndex(0)
        self._show_chips()

    def _fd(self, key: str) -> FieldDef | None:
        return next((f for f in self.fields if f.key == key), None)

    def _inline(self) -> tuple[str, Any] | None:
        """The condition being typed; raises ValueError (with the field's name) for a value that cannot be."""
        key = self.field.currentData()
        if not key:
            return None
        op = self.op.currentData()
        if op == EMPTY:
            return key, None
        text = self.value.text()
        if not text.strip():
            return None
        fd = self._fd(key)

        def read(t: str) -> Any:
            if fd is not None and fd.type == "user":  # a colleague typed by name is looked for by their login
                return people.login_of(people.colleagues(self.replica, former=True), t)
            return parse_value(fd, t) if fd else t.strip()
        try:
            if op in ("contains", "starts"):
                return key, {"op": op, "value": text.strip()}
            if op in ("gt", "lt"):
                return key, {"op": op, "value": read(text)}
            if op == "between":
                if not self.to.text().strip():
                    return None
                return key, {"op": op, "value": read(text), "to": read(self.to.text())}
            if op == "next_days":
                if not text.strip().isdigit():
                    raise ValueError(tr("type a number of days"))
                return key, {"op": op, "value": int(text.strip())}
            if op == conditions.ANY:
                return key, [read(t) for t in text.split(",") if t.strip()]
            return key, read(text)
        except ValueError as e:
            raise ValueError(f"{fd.label(self.lang) if fd else key}: {e}") from None

    def where(self) -> dict[str, Any]:
        """All conditions together, for Store.records(where=...)."""
        out = dict(self.conditions)
        inline = self._inline()
        if inline is not None:
            out[inline[0]] = inline[1]
        return out

    def add_condition(self) -> None:
        try:
            inline = self._inline()
        except ValueError:
            self.changed.emit()  # the window shows why; the typing stays
            return
        if inline is None:
            return
        self.conditions = [c for c in self.conditions if c[0] != inline[0]] + [inline]
        self.value.clear()
        self.to.clear()
        self.op.setCurrentIndex(0)
        self._show_chips()
        self.changed.emit()

    def remove_condition(self, index: int) -> None:
        if 0 <= index < len(self.conditions):
            del self.conditions[index]
            self._show_chips()
            self.changed.emit()

    def _show_chips(self) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for i, (key, value) in enumerate(self.conditions):
            text = (conditions.describe(self._fd(key), value, self.lang, people=people.names(self.replica))
                    if self._fd(key) else f"{key} = {value}")
            chip = QToolButton()
            chip.setObjectName("chip")
            chip.setText(text + "  ✕")
            chip.setToolTip(tr("Remove this condition"))
            chip.setMinimumWidth(chip.sizeHint().width())  # a condition is read whole, never cut short
            chip.clicked.connect(lambda _=False, n=i: self.remove_condition(n))
            self.chips.addWidget(chip)

    def spec(self) -> dict[str, Any]:
        """What a saved filter keeps (JSON-native)."""
        return {"conditions": [[k, v] for k, v in self.conditions], "field": self.field.currentData(),
                "op": self.op.currentData(), "value": self.value.text(), "to": self.to.text()}

    def load_spec(self, spec: dict[str, Any]) -> None:
        known = {f.key for f in self.fields}
        self.conditions = [(k, v) for k, v in spec.get("conditions", []) if k in known]  # a deleted field drops
        self.field.setCurrentIndex(max(0, self.field.findData(spec.get("field"))))
        self._fill_ops()
        self.op.setCurrentIndex(max(0, self.op.findData(spec.get("op", IS))))
        self.value.setText(str(spec.get("value", "")))
        self.to.setText(str(spec.get("to", "")))
        self._show_chips()
