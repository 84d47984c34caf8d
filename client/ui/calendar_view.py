"""The planner: a week of tasks (by their due time) and events (by their time), a column per day; a task or an
event dragged to another day moves there at the same time of day, and its reminder moves with it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from client.core import derived
from client.core.replica import Replica
from client.ui.drop_column import DropColumn
from client.ui.i18n import tr
from client.ui.qt import (
    QCheckBox,
    QColor,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)

WHEN = {"task": "due", "event": "when"}  # the field that places a record in the planner
DAYS_RU = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _at(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def moved(fields: dict[str, Any], kind: str, day: date) -> dict[str, Any]:
    """The changes that put a task or event on `day` at its own time of day; an absolute reminder moves by the
    same number of days (one set "minutes before" follows by itself)."""
    key = WHEN[kind]
    at = _at(fields.get(key))
    if at is None:
        return {}
    new = at.replace(year=day.year, month=day.month, day=day.day)
    changes: dict[str, Any] = {key: new.isoformat(timespec="minutes")}
    remind = _at(fields.get("remind_at"))
    if remind is not None:
        changes["remind_at"] = (remind + (new - at)).isoformat(timespec="minutes")
    return changes


class DayList(DropColumn):
    """One day's column; what is dropped on it from another day moves to this day."""

    def __init__(self, view: CalendarView, day_index: int) -> None:
        super().__init__(lambda ids: view.move(ids, view.monday + timedelta(days=day_index)), view.open_record.emit)


class CalendarView(QWidget):
    open_record = pyqtSignal(str)

    def __init__(self, replica: Replica, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        today = date.today()
        self.monday = today - timedelta(days=today.weekday())
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.prev_button, self.today_button, self.next_button = QPushButton("◀"), QPushButton(), QPushButton("▶")
        self.prev_button.clicked.connect(lambda: self.go(-7))
        self.next_button.clicked.connect(lambda: self.go(7))
        self.today_button.clicked.connect(self.this_week)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.mine = QCheckBox()
        self.mine.setChecked(True)
        self.mine.toggled.connect(lambda _: self.refresh())
        for w in (self.prev_button, self.today_button, self.next_button, self.title):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.mine)
        outer.addLayout(bar)
        columns = QHBoxLayout()
        self.headers: list[QLabel] = []
        self.days: list[DayList] = []
        for i in range(7):
            column = QVBoxLayout()
            header = QLabel()
            header.setStyleSheet("font-weight: 600;")
            day = DayList(self, i)
            self.headers.append(header)
            self.days.append(day)
            column.addWidget(header)
            column.addWidget(day, 1)
            columns.addLayout(column, 1)
        outer.addLayout(columns, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.today_button.setText(tr("This week"))
        self.mine.setText(tr("Only mine"))

    def go(self, days: int) -> None:
        self.monday += timedelta(days=days)
        self.refresh()

    def this_week(self) -> None:
        today = date.today()
        self.monday = today - timedelta(days=today.weekday())
        self.refresh()

    def week_items(self) -> list[tuple[datetime, Any]]:
        """(time, record) of the week's tasks and events, soonest first; mine only unless unticked."""
        start = self.monday.isoformat()
        end = (self.monday + timedelta(days=6)).isoformat() + "T99"
        found = []
        for kind, key in WHEN.items():
            where: dict[str, Any] = {key: {"op": "between", "value": start, "to": end}}
            if self.mine.isChecked() and self.replica.user:
                where["assignee"] = self.replica.user
            for r in self.replica.records(kind, where=where):
                at = _at(r.fields.get(key))
                if at is not None:
                    found.append((at, r))
        return sorted(found, key=lambda x: (x[0], x[1].id))

    def refresh(self) -> None:
        names = DAYS_RU if self.lang == "ru" else DAYS_EN
        last = self.monday + timedelta(days=6)
        self.title.setText(f"{self.monday:%d.%m} – {last:%d.%m.%Y}")
        today = date.today()
        for i, (header, lst) in enumerate(zip(self.headers, self.days)):
            day = self.monday + timedelta(days=i)
            header.setText(f"{names[i]} {day:%d.%m}")
            header.setStyleSheet("font-weight: 600;" + (" color: #2f6feb;" if day == today else ""))
            lst.clear()
        for at, record in self.week_items():
            f = record.fields
            done = bool(f.get("done"))
            text = f"{at:%H:%M}  {f.get('title') or '—'}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            if done:
                item.setForeground(QColor("#9ca3af"))
            elif derived.overdue(record):
                item.setForeground(QColor("#b00020"))  # overdue stands out
            elif record.kind == "event":
                item.setForeground(QColor("#1d4ed8"))
            self.days[(at.date() - self.monday).days].addItem(item)

    def move(self, rec_ids: list[str], day: date) -> None:
        """Put these tasks or events on `day` at their own time of day (an ordinary edit: every PC follows)."""
        with self.replica.acting_for(self):
            for rec_id in rec_ids:
                record = self.replica.get(rec_id)
                if record is not None and record.kind in WHEN:
                    changes = moved(record.fields, record.kind, day)
                    if changes:
                        self.replica.set(rec_id, changes, undoable=True)
        self.refresh()
