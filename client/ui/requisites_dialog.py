"""Settings > Company requisites: the office's own name, tax numbers, bank and signatories, printed on every
invoice, act and contract. One record, kept on the server; only an administrator may change it."""

from __future__ import annotations

from typing import Any

from client.core.error_words import in_words
from client.core.replica import Replica
from client.ui.field_editor import FieldEditor
from client.ui.i18n import tr
from client.ui.qt import QDialog, QDialogButtonBox, QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget
from lan_server.records.schema import REQUISITES_ID


class RequisitesDialog(QDialog):
    def __init__(self, replica: Replica, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.setWindowTitle(tr("Company requisites"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        hint = QLabel(tr("Printed on every invoice, act and contract. Only an administrator may change them."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        host = QWidget()
        form = QFormLayout(host)
        scroll = QScrollArea()  # the requisites are many: they scroll, the buttons stay on a 768-pixel screen
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        layout.addWidget(scroll, 1)
        self.resize(640, 640)
        record = replica.get(REQUISITES_ID)
        self.editors: dict[str, FieldEditor] = {}
        for fd in replica.schema().kind("requisites").visible_fields():
            editor = FieldEditor(fd, replica, lang, lambda: None)
            editor.load(record.fields.get(fd.key) if record else None)
            self.editors[fd.key] = editor
            form.addRow(fd.label(lang), editor.widget)
        self.checked = False
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        values: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if not editor.dirty:
                continue
            try:
                values[key] = editor.value()
            except ValueError as e:
                self.error.setText(f"{editor.fd.label()}: {e}")
                return
        try:
            if values:
                if self.replica.get(REQUISITES_ID) is None:
                    self.replica.add("requisites", values, rec_id=REQUISITES_ID)
                else:
                    self.replica.set(REQUISITES_ID, values)
        except Exception as e:  # a full disk: say so and keep what was typed
            self.error.setText(tr("Could not save; what you typed is kept. Try again.") + f" ({in_words(e)})")
            return
        if not self.checked and self.check():  # said once; a second Save closes with the values as typed
            return
        self.accept()

    def check(self) -> bool:
        """Say what looks wrong in the tax numbers and the bank details; True when something does."""
        from client.core.requisites_check import problems
        record = self.replica.get(REQUISITES_ID)
        said = problems("requisites", record.fields if record is not None else {})
        self.checked = True
        if said:
            self.error.setText(tr("Saved; please check:") + "\n" + "\n".join(said.values()))
        return bool(said)
