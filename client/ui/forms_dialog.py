"""Settings > Print forms: each built-in form (bill, act, УПД, contract, reconciliation) with whether the office
uses its own version; "Edit in Word" makes the office's version from the built-in one and opens it in Word or
LibreOffice (what is saved there reaches every PC), "Back to the built-in form" in one click."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from client.core import form_templates, forms
from client.core.error_words import in_words
from client.ui.i18n import tr
from client.ui.qt import (
    QDesktopServices,
    QDialog,
    QFileSystemWatcher,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from client.ui.widgets import message_line


class FormsDialog(QDialog):
    def __init__(self, replica: Any, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.open_files = True
        self.setWindowTitle(tr("Print forms"))
        self.resize(720, 340)
        layout = QVBoxLayout(self)
        hint = QLabel(tr("The built-in forms need no Word: they become PDF and print on any PC. An office that "
                         "edits a form in Word gets its own version on every PC (its PDF then needs Word or "
                         "LibreOffice)."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = QTableWidget(len(forms.FORMS), 2)
        self.table.setHorizontalHeaderLabels([tr("Form"), tr("In use")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(tr("Edit in Word…"))
        self.edit_button.clicked.connect(self.edit)
        self.back_button = QPushButton(tr("Back to the built-in form"))
        self.back_button.clicked.connect(self.back)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        for b in (self.edit_button, self.back_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.message = message_line(layout)
        self.watcher = QFileSystemWatcher(self)  # a save in Word goes to the office at once
        self.watcher.fileChanged.connect(self._saved_in_word)
        self.table.currentCellChanged.connect(lambda *_: self._buttons())
        self.refresh()
        self.table.setCurrentCell(0, 0)

    def refresh(self) -> None:
        for row, (form, (title, _kind)) in enumerate(forms.FORMS.items()):
            self.table.setItem(row, 0, QTableWidgetItem(title))
            own = form_templates.edited(self.replica, form)
            self.table.setItem(row, 1, QTableWidgetItem(tr("the office's own (Word)") if own else tr("built-in")))
        self.table.resizeColumnsToContents()
        self._buttons()

    def current(self) -> str:
        return list(forms.FORMS)[max(0, self.table.currentRow())]

    def _buttons(self) -> None:
        self.back_button.setEnabled(form_templates.edited(self.replica, self.current()))

    def edit(self) -> Path | None:
        form = self.current()
        try:
            path = form_templates.edit(self.replica, form)
        except (ValueError, OSError) as e:
            self.message.setText(in_words(e))
            return None
        if str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))
        self.message.setText(tr("Opened in Word: {file}. Save it there; every PC then uses it.").replace(
            "{file}", str(path)))
        if self.open_files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.refresh()
        return path

    def _saved_in_word(self, name: str) -> None:
        form = Path(name).stem
        try:
            if form in forms.FORMS and form_templates.pick_up(self.replica, form):
                self.message.setText(tr("Your edit of the form is now the office's: {file}").replace("{file}", name))
        except (ValueError, OSError) as e:  # a file too big or not Word: said, the office keeps the last one
            self.message.setText(str(e))
        if Path(name).exists() and name not in self.watcher.files():  # Word saves by replacing the file
            self.watcher.addPath(name)

    def back(self) -> None:
        form_templates.back_to_built_in(self.replica, self.current())
        self.message.setText(tr("Every PC uses the built-in form again."))
        self.refresh()
