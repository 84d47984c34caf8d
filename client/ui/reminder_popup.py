"""The reminder popup: every due reminder in one window, with open, done, snooze and dismiss."""

from __future__ import annotations

from datetime import datetime

from client.core import reminders
from client.core.reminders import Reminder, ReminderService
from client.core.replica import Replica
from client.ui.i18n import settings, tr
from client.ui.qt import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPushButton,
    QSystemTrayIcon,
    Qt,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from lan_server.records.dates import moment_text


def _when(r: Reminder) -> str:
    text = moment_text(r.fire_at)
    return f"{text}  ({tr('missed')})" if r.missed else text


class ReminderPopup(QDialog):
    open_record = pyqtSignal(str)

    def __init__(self, replica: Replica, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.resize(520, 320)
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 15px; font-weight: 600;")
        layout.addWidget(self.header)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemDoubleClicked.connect(lambda _: self.open_selected())
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.done_selected)
        self.snooze_choice = QComboBox()
        self.snooze_at = QDateTimeEdit()
        self.snooze_at.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.snooze_at.setCalendarPopup(True)
        self.snooze_at.setVisible(False)
        self.snooze_choice.currentIndexChanged.connect(
            lambda _: self.snooze_at.setVisible(self.snooze_choice.currentData() == "custom"))
        self.snooze_button = QPushButton()
        self.snooze_button.clicked.connect(self.snooze_selected)
        self.dismiss_button = QPushButton()
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        for w in (self.open_button, self.done_button, self.snooze_choice, self.snooze_at, self.snooze_button,
                  self.dismiss_button):
            row.addWidget(w)
        layout.addLayout(row)
        self.reminders: list[Reminder] = []
        self.retranslate()

    def retranslate(self) -> None:
        """The words in the window's language now: the popup lives all day, the language may change."""
        self.setWindowTitle(tr("Reminders"))
        self.open_button.setText(tr("Open"))
        self.done_button.setText(tr("Done"))
        self.snooze_button.setText(tr("Snooze"))
        self.dismiss_button.setText(tr("Dismiss"))

    def _fill_snooze(self) -> None:
        self.snooze_choice.clear()
        labels = {"5 min": tr("5 minutes"), "15 min": tr("15 minutes"), "1 hour": tr("1 hour"),
                  "tomorrow 9:00": tr("tomorrow morning")}
        for label, _ in reminders.snooze_choices(datetime.now()):
            self.snooze_choice.addItem(labels[label], label)
        self.snooze_choice.addItem(tr("at a chosen time…"), "custom")

    def show_reminders(self, due: list[Reminder]) -> None:
        self.reminders = list(due)
        self.list.clear()
        for r in due:
            item = QListWidgetItem(f"{_when(r)}   {r.title or '—'}")
            item.setData(Qt.ItemDataRole.UserRole, r.key)
            if r.missed:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        if due:
            self.list.setCurrentRow(0)
        self.retranslate()
        self.header.setText(f"{tr('Due now')}: {len(due)}")
        self._fill_snooze()
        if due and not self.isVisible():
            self.show()
            self.raise_()
        elif not due:
            self.hide()

    def selected(self) -> list[Reminder]:
        keys = {tuple(i.data(Qt.ItemDataRole.UserRole)) for i in self.list.selectedItems()}
        return [r for r in self.reminders if r.key in keys]

    def _after(self, handled: list[Reminder]) -> None:
        left = [r for r in self.reminders if r not in handled]
        self.show_reminders(left)

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.open_record.emit(chosen[0].rec)

    def done_selected(self) -> None:
        chosen = self.selected()
        for r in chosen:
            reminders.done(self.replica, r)
        self._after(chosen)

    def dismiss_selected(self) -> None:
        chosen = self.selected()
        for r in chosen:
            reminders.dismiss(self.replica, r)
        self._after(chosen)

    def snooze_selected(self) -> None:
        chosen = self.selected()
        choice = self.snooze_choice.currentData()
        if choice == "custom":
            until = self.snooze_at.dateTime().toPyDateTime().replace(second=0, microsecond=0)
        else:
            until = dict(reminders.snooze_choices(datetime.now()))[choice]
        for r in chosen:
            reminders.snooze(self.replica, r, until)
        self._after(chosen)


class ReminderController(QObject):
    """Owns the reminder scheduler for the window; shows the popup, a tray message and a sound."""

    open_record = pyqtSignal(str)
    _due = pyqtSignal(object)

    def __init__(self, replica: Replica, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.popup = ReminderPopup(replica, parent)
        self.popup.open_record.connect(self.open_record)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(QApplication.windowIcon(), self)
            self.tray.show()
        self._due.connect(self._show)  # from the scheduler's thread to this (the UI) thread
        self._shown: set[tuple[str, str]] = set()
        self.service = ReminderService(replica, self._due.emit)

    @staticmethod
    def sound_enabled() -> bool:
        return bool(settings().value("reminder_sound", True, type=bool))

    def start(self) -> None:
        self.service.start()

    def stop(self) -> None:
        self.service.stop()

    def _show(self, due: list[Reminder]) -> None:
        new = [r for r in due if r.key not in self._shown]
        self._shown = {r.key for r in due}
        self.popup.show_reminders(due)
        if new:
            if self.tray is not None:
                self.tray.showMessage(tr("Reminder"), "\n".join(r.title for r in new[:5]))
            if self.sound_enabled():
                QApplication.beep()
