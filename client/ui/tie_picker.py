"""«Связать с…»: find any record of any section by the quick search, as typed in the list's search box, and tie it to
the card's record (client/core/ties.py)."""

from __future__ import annotations

from client.core import ties
from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from lan_server.records import Record
from lan_server.records.store.text import fold
from lan_server.records.ties import tie_id

PER_SECTION = 10  # records found shown per section: a few words more narrow it down


class TiePicker(QDialog):
    tied = pyqtSignal(str)  # the tie's id

    def __init__(self, replica: Replica, record: Record, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica, self.record, self.lang = replica, record, lang
        self.setWindowTitle(tr("Tie to a record"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        schema = replica.schema()
        # The record's own title on a line of its own: a title in quotes (ООО «Ромашка») inside a quoted sentence
        # read as nested quotes.
        name = QLabel(schema.title(record.kind, record.fields, lang))
        name.setTextFormat(Qt.TextFormat.PlainText)
        name.setStyleSheet("font-weight: bold")
        layout.addWidget(name)
        layout.addWidget(QLabel(tr("Tie it to:")))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Find a record: a name, a phone, a title…"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.found = QListWidget()
        self.found.itemDoubleClicked.connect(lambda _: self.accept())
        self.found.currentItemChanged.connect(lambda *_: self._enable())
        layout.addWidget(self.found)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Tie"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)  # search as you type, once the typing pauses
        self._timer.timeout.connect(self.look)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self._enable()

    def look(self) -> None:
        """Every section's records the typed words find, by the list's own quick search."""
        self.found.clear()
        text = self.search.text().strip()
        self.hint.clear()
        if not text:
            self._enable()
            return
        schema = self.replica.schema()
        found: list[tuple[str, str, str | None]] = []  # shown text, record, why it may not be tied
        for kd in schema.sections():
            if kd.internal:
                continue
            for r in self.replica.records(kd.key, search=text, limit=PER_SECTION):
                if tie_id(self.record.id, r.id) is None:
                    continue  # the record itself
                found.append((f"{schema.title(kd.key, r.fields, self.lang)} — {kd.label(self.lang)}", r.id,
                              ties.why_not_tie(self.replica, self.record, r)))
        # Records that may be tied first, and of those the ones named by the words (ООО «Ромашка» before the people
        # the search finds by their organization); one the user may not tie is shown greyed, saying why.
        words = fold(text).split()
        found.sort(key=lambda row: (row[2] is not None,
                                    not all(w in fold(row[0].rpartition(" — ")[0]) for w in words)))
        for shown, rec, why_not in found:
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, rec)
            if why_not is not None:
                item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable))
                item.setToolTip(why_not)
            self.found.addItem(item)
        if found and found[0][2] is None:
            self.found.setCurrentRow(0)
        elif found:
            self.hint.setText(found[0][2] or "")
        else:
            self.hint.setText(tr("Nothing found"))
        self._enable()

    def chosen(self) -> Record | None:
        item = self.found.currentItem()
        return self.replica.get(str(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def _enable(self) -> None:
        self.ok.setEnabled(self.found.currentItem() is not None)

    def accept(self) -> None:
        other = self.chosen()
        if other is None:
            return
        try:
            made = ties.tie(self.replica, self.record, other)
        except ValueError as e:
            QMessageBox.warning(self, tr("Tie to a record"), str(e))
            return
        self.tied.emit(made)
        super().accept()
