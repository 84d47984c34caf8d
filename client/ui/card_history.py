"""The card's History tab: every value a field had, who set it and when, from the server when it answers, and
putting an earlier value back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from client.core.replica import Replica
from client.core.talk import people
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QColor,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from client.ui.records_model import display
from lan_server.records import Record
from lan_server.records.dates import moment_text
from lan_server.records.hlc import wall_ms


class HistoryTab(QWidget):
    def __init__(self, replica: Replica) -> None:
        super().__init__()
        self.replica = replica
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.source = QLabel()  # from the server, or this PC's copy only (offline)
        self.source.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.source)
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        self.restore_button = QPushButton()
        layout.addWidget(self.restore_button)
        self.rows: list[Any] = []
        self._shown: str | None = None

    def retranslate(self) -> None:
        self.restore_button.setText(tr("Restore the selected value"))
        self.table.setHorizontalHeaderLabels([tr("When"), tr("Who"), tr("Field"), tr("Value")])

    def selected(self) -> Any:
        """The history entry of the chosen row, or None."""
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def load(self, record: Record | None, lang: str, from_server: list[Any] | None = None) -> None:
        """This PC's copy of the history at once; the server's (every value since the record was made, also
        those from before this PC joined) when the History tab is open and the server answers."""
        self.table.setRowCount(0)
        self.rows = []
        self._shown = record.id if record is not None else None
        if record is None:
            self.source.clear()
            return
        schema = self.replica.schema()
        kd = schema.kind(record.kind) if schema.has_kind(record.kind) else None
        found = from_server if from_server is not None else self.replica.history(record.id)
        self.source.setText(tr("History from the office server") if from_server is not None else
                            tr("History kept on this PC (the server's is shown when it answers)"))
        entries = [h for h in reversed(sorted(found, key=lambda h: h.hlc)) if not h.field.startswith("_")]
        self.rows = entries
        # titles of linked records, so history shows «ООО Ромашка», not an id
        linked = [h.value for h in entries if kd and (fd := kd.field(h.field)) and fd.type == "link" and h.value]
        titles = {rec_id: title or rec_id[:8] for rec_id, title in self.replica.titles(linked).items()}
        names = people.names(self.replica)  # who changed it, and a user field's value, by name
        self.table.setRowCount(len(entries))
        for i, h in enumerate(entries):
            fd = kd.field(h.field) if kd else None
            when = moment_text(datetime.fromtimestamp(wall_ms(h.hlc) / 1000))
            value = display(fd, h.value, lang, titles, names) if fd else str(h.value)
            cells = [when, names.get(h.user, h.user) or "?", fd.label(lang) if fd else h.field,
                     value + ("" if h.current else f"  ({tr('earlier')})")]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not h.current:
                    item.setForeground(QColor("#6b7280"))  # earlier values read as such at a glance
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

    def ask_server(self, record: Record | None, lang: str) -> None:
        """The server's history of the record, shown when it arrives (if the record is still the one shown)."""
        if record is None or not self.replica.meta("token"):
            return
        from client.core.sync import server_history
        from client.ui.tasks import tasks
        rec_id = record.id

        def arrived(entries: list[Any] | None) -> None:
            if entries is not None and self._shown == rec_id:
                self.load(record, lang, entries)
        tasks().run(lambda: server_history(self.replica, rec_id), on_done=arrived, owner=self, name="history")
