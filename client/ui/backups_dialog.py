"""Settings > Backups (administrators): the office server's backups with their check result, "Back up now",
the nightly time, the second folder and how many to keep (a second copy that could not be made, because its disk
was not there, said in red); and restoring the office from a backup, told first what it replaces."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from client.core.error_words import in_words
from client.core.refusals import in_language, reason_of
from client.core.replica import Replica
from client.core.sync import server_backups, server_restore
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTime,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.widgets import confirm, message_line
from lan_server.records.dates import moment_text

# When the server itself does not start (its disk failed), the window cannot reach it: the command is the way then.
RESTORE_RU = ("Чтобы вернуть офис к резервной копии, выберите её и нажмите «Восстановить из копии…». Если сервер не "
              "запускается, восстановите копию на его компьютере: OrganizerServer.exe restore ПАПКА_ДАННЫХ ФАЙЛ_КОПИИ "
              "(не на Windows: python -m lan_server restore ПАПКА_ДАННЫХ ФАЙЛ_КОПИИ), затем запустите сервер.")
RESTORE_EN = ("To take the office back to a backup, choose it and press «Restore from this backup…». If the server "
              "does not start, restore a backup on its PC: OrganizerServer.exe restore DATA_FOLDER BACKUP_FILE "
              "(elsewhere: python -m lan_server restore DATA_FOLDER BACKUP_FILE), then start the server.")


class BackupsDialog(QDialog):
    def __init__(self, replica: Replica, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.info: dict[str, Any] | None = None
        self._asking = False  # the message line says only that the server is being asked: cleared by its answer
        self.setWindowTitle(tr("Backups"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.lang = lang
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        layout.addWidget(self.folder)
        self.copy_warning = QLabel()
        self.copy_warning.setWordWrap(True)
        self.copy_warning.setStyleSheet("color: #b91c1c; font-weight: 600;")
        self.copy_warning.setVisible(False)
        layout.addWidget(self.copy_warning)
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalHeaderLabels([tr("Backup"), tr("Made"), tr("Size, MB"), tr("Check")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._chosen)
        layout.addWidget(self.table)
        form = QFormLayout()
        layout.addLayout(form)
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.copy_to = QLineEdit()
        self.copy_to.setPlaceholderText(tr("a folder on the server's PC, e.g. another disk (none)"))
        self.keep = QSpinBox()
        self.keep.setRange(1, 3650)
        form.addRow(tr("Every night at:"), self.time)
        form.addRow(tr("Also copy to:"), self.copy_to)
        form.addRow(tr("Keep the last:"), self.keep)
        restore = QLabel(RESTORE_RU if lang == "ru" else RESTORE_EN)
        restore.setWordWrap(True)
        restore.setStyleSheet("color: #374151;")
        layout.addWidget(restore)
        self.message = message_line(layout)
        buttons = QHBoxLayout()
        self.now_button = QPushButton(tr("Back up now"))
        self.now_button.clicked.connect(lambda: self._ask("now"))
        self.restore_button = QPushButton(tr("Restore from this backup…"))
        self.restore_button.clicked.connect(self.restore)
        self.restore_button.setEnabled(False)
        self.save_button = QPushButton(tr("Save the schedule"))
        self.save_button.clicked.connect(self.save)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._ask("list")

    def _ask(self, action: str, **values: Any) -> None:
        self.message.setText(tr("Asking the server…") if action != "now" else tr("Backing up…"))
        self._asking = True
        for b in (self.now_button, self.save_button):
            b.setEnabled(False)
        tasks().run(lambda: server_backups(self.replica, action, **values), on_done=self._show,
                    on_error=self._failed, owner=self, name="backups")

    def chosen(self) -> dict[str, Any] | None:
        """The backup chosen in the list, when it is whole (a damaged one is never offered to restore)."""
        rows = self.table.selectionModel().selectedRows() if self.info else []
        backups = (self.info or {}).get("backups", [])
        if not rows or rows[0].row() >= len(backups):
            return None
        found = backups[rows[0].row()]
        return dict(found) if found["ok"] else None

    def _chosen(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def restore(self) -> None:
        """Say what restoring replaces and who follows; the office goes back only on "Restore"."""
        backup = self.chosen()
        if backup is None:
            return
        when = moment_text(datetime.fromtimestamp(backup["at"]), self.lang)
        if not confirm(self, tr("Restore from a backup"),
                       tr("Take the whole office back to the backup of {when}?").replace("{when}", when), tr(
            "Everything in the office's database is replaced by what the backup holds: records added after {when} "
            "go, records changed since get their values of then back, records deleted since come back; users and "
            "their roles too.\n\nEvery PC of the office reconnects within a minute and takes the office as the "
            "backup holds it; edits a PC has not sent yet are still sent.\n\nThe office as it is now is kept as "
            "a backup of its own first, so this can be undone the same way.").replace("{when}", when),
                       tr("Restore"), tr("Cancel")):
            return
        self.message.setStyleSheet("")
        self.message.setText(tr("Restoring the office from the backup of {when}…").replace("{when}", when))
        for b in (self.now_button, self.save_button, self.restore_button):
            b.setEnabled(False)

        def done(reply: dict[str, Any]) -> None:
            self._ask("list")
            self.message.setText(tr("The office is back as it was on {when}; the PCs follow within a minute. The "
                                    "office as it was before is kept as the backup {kept}.").replace("{when}", when)
                                 .replace("{kept}", str(reply.get("kept", ""))))
            self._asking = False  # the list that comes next leaves this said
        tasks().run(lambda: server_restore(self.replica, backup["name"]), on_done=done, on_error=self._failed,
                    owner=self, name="restore")

    def save(self) -> None:
        self._ask("set", time=self.time.time().toString("HH:mm"), copy_to=self.copy_to.text().strip(),
                  keep=self.keep.value())

    def _show(self, info: dict[str, Any]) -> None:
        self.info = info
        self.message.setStyleSheet("")
        for b in (self.now_button, self.save_button):
            b.setEnabled(True)
        self.folder.setText(f"{tr('Backups are kept on the server in')}: {info.get('folder', '')}")
        problem = info.get("copy_problem")
        if problem:
            why = in_language(reason_of(problem.get("text"), problem.get("reason")), self.lang)
            when = moment_text(datetime.fromtimestamp(float(problem.get("at") or 0)), self.lang)
            self.copy_warning.setText(f"⚠ {when}: {why}")
        self.copy_warning.setVisible(bool(problem))
        rows = info.get("backups", [])
        self.table.setRowCount(len(rows))
        for i, b in enumerate(rows):
            cells = [b["name"], moment_text(datetime.fromtimestamp(b["at"])), f"{b['size'] / 1e6:.1f}",
                     tr("checked, whole") if b["ok"] else f"{tr('damaged')}: {b['problem']}"]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        hour, _, minute = str(info.get("time", "02:00")).partition(":")
        self.time.setTime(QTime(int(hour), int(minute)))
        self.copy_to.setText(str(info.get("copy_to") or ""))
        self.keep.setValue(int(info.get("keep", 14)))
        made = info.get("made")
        if made:
            self.message.setText(f"{tr('Backup made and checked')}: {made}")
        elif self._asking:
            self.message.setText("")
        self._asking = False
        self._chosen()

    def _failed(self, e: BaseException) -> None:
        self._asking = False
        for b in (self.now_button, self.save_button):
            b.setEnabled(True)
        self._chosen()
        self.message.setText(in_words(e))
        self.message.setStyleSheet("color: #b91c1c;")
