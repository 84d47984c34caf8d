"""Undoing an import: the user picks it from the recent imports (file, time, what it added) and says yes to a
question that names it; one import per choice, never the one before it by a second click. The undo runs off the
window's thread (seconds for tens of thousands of rows), with a busy bar, the window answering meanwhile."""

from __future__ import annotations

from typing import Any

from client.core.io import import_history
from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.qt import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.widgets import confirm, message_line


class UndoImportDialog(QDialog):
    def __init__(self, replica: Replica, parent: QWidget | None = None, lang: str = "en") -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        self.undone: list[dict[str, Any]] = []
        self.setWindowTitle(tr("Undo an import"))
        self.resize(720, 360)
        layout = QVBoxLayout(self)
        hint = QLabel(tr("Choose the import to undo. The records it added go to the bin; the values it changed get "
                         "their earlier values back."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.undo_chosen())
        layout.addWidget(self.list, 1)
        self.message = message_line(layout)
        self.busy = QProgressBar()  # one transaction, nothing to count: a bar that says work goes on
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        layout.addWidget(self.busy)
        self.undoing = False
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.undo_button = QPushButton(tr("Undo the chosen import…"))
        self.undo_button.clicked.connect(self.undo_chosen)
        self.close_button = QPushButton(tr("Close"))
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.fill()

    def fill(self) -> None:
        self.list.clear()
        for item in import_history.recent(self.replica):
            row = QListWidgetItem(import_history.describe(item, self.replica, self.lang))
            row.setData(Qt.ItemDataRole.UserRole, item)
            self.list.addItem(row)
        if self.list.count() == 0:
            self.list.addItem(QListWidgetItem(tr("There is no import to undo")))
            self.list.setEnabled(False)
        self.undo_button.setEnabled(self.list.isEnabled())
        self.list.setCurrentRow(0)

    def chosen(self) -> dict[str, Any] | None:
        row = self.list.currentItem()
        data = row.data(Qt.ItemDataRole.UserRole) if row is not None else None
        return dict(data) if isinstance(data, dict) else None

    def undo_chosen(self) -> None:
        item = self.chosen()
        if item is None:
            return
        if not confirm(self, tr("Undo an import"),
                       tr("Undo this import?") + "\n\n" + import_history.describe(item, self.replica, self.lang),
                       tr("The records it added go to the bin (they can be restored from there); the values it "
                          "changed get their earlier values back."),
                       tr("Undo the import"), tr("Keep it"), icon=QMessageBox.Icon.Question, name="undoImport"):
            return
        # An import of tens of thousands of rows takes seconds to undo: off the window's thread, one transaction (all
        # or nothing, a crash included), said with a busy bar; the window answers meanwhile.
        self.message.setText(tr("Undoing the import…"))
        self._busy(True)
        batch = str(item["batch"])

        def failed(e: Exception) -> None:
            self._busy(False)
            self.message.setText(f"{tr('The import was not undone')}: {e}")
        tasks().run(lambda: import_history.undo(self.replica, batch), on_done=self._undone, on_error=failed,
                    owner=self, name="undo-import")

    def _busy(self, on: bool) -> None:
        self.undoing = on
        self.busy.setVisible(on)
        self.list.setEnabled(not on)
        self.undo_button.setEnabled(not on)
        self.close_button.setEnabled(not on)
        if on:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def done(self, result: int) -> None:  # every way out: Закрыть, Esc, the title bar
        # Closed mid-undo, the window said nothing while the records stayed listed, then they went unannounced: the
        # dialog stays until the undo is done and says so.
        if not self.undoing:
            super().done(result)

    def _undone(self, undone: dict[str, Any] | None) -> None:
        self._busy(False)
        if undone is not None:
            self.undone.append(undone)
            self.message.setText(tr("Undone") + ": " + import_history.describe(undone, self.replica, self.lang))
        self.fill()
