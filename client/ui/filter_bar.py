"""The filter row under the quick search: field conditions (is / is empty) that add up, shown as removable chips."""

from __future__ import annotations

from typing import Any

from client.core.replica import Replica
from client.core.values import parse_value
from client.ui.i18n import tr
from client.ui.qt import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget, pyqtSignal
from client.ui.records_model import display
from lan_server.records import FieldDef

IS, EMPTY = "is", "empty"


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
        self.op.currentIndexChanged.connect(lambda _: self.value.setEnabled(self.op.currentData() == IS))
        self.value = QLineEdit()
        self.value.setMinimumWidth(120)
        self.value.returnPressed.connect(self.changed)
        self.add_button = QToolButton()
        self.add_button.setText("+")
        self.add_button.clicked.connect(self.add_condition)
        self.chips = QHBoxLayout()
        self.chips.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.title, self.field, self.op, self.value, self.add_button):
            layout.addWidget(w)
        layout.addLayout(self.chips)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Filter:"))
        self.value.setPlaceholderText(tr("value, then Enter"))
        self.add_button.setToolTip(tr("Add this condition and type another"))
        current = self.op.currentData()
        self.op.blockSignals(True)
        self.op.clear()
        self.op.addItem(tr("is"), IS)
        self.op.addItem(tr("is empty"), EMPTY)
        self.op.setCurrentIndex(max(0, self.op.findData(current)))
        self.op.blockSignals(False)
        self.set_fields(self.kind, self.fields, keep=True)

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
        if self.op.currentData() == EMPTY:
            return key, None
        text = self.value.text()
        if not text.strip():
            return None
        fd = self._fd(key)
        try:
            return key, parse_value(fd, text) if fd else text.strip()
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
            fd = self._fd(key)
            label = fd.label(self.lang) if fd else key
            text = f"{label}: {tr('is empty')}" if value is None else f"{label} = {display(fd, value, self.lang)}" \
                if fd else f"{label} = {value}"
            chip = QToolButton()
            chip.setObjectName("chip")
            chip.setText(text + "  ✕")
            chip.setToolTip(tr("Remove this condition"))
            chip.clicked.connect(lambda _=False, n=i: self.remove_condition(n))
            self.chips.addWidget(chip)

    def spec(self) -> dict[str, Any]:
        """What a saved filter keeps (JSON-native)."""
        return {"conditions": [[k, v] for k, v in self.conditions], "field": self.field.currentData(),
                "op": self.op.currentData(), "value": self.value.text()}

    def load_spec(self, spec: dict[str, Any]) -> None:
        known = {f.key for f in self.fields}
        self.conditions = [(k, v) for k, v in spec.get("conditions", []) if k in known]  # a deleted field drops
        self.field.setCurrentIndex(max(0, self.field.findData(spec.get("field"))))
        self.op.setCurrentIndex(max(0, self.op.findData(spec.get("op", IS))))
        self.value.setText(str(spec.get("value", "")))
        self._show_chips()
