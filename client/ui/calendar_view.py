"""The planner: tasks (by their due time) and events (by their time) on a day, a week (a column per day) or a
month (a square per day); one dragged to another day moves there at the same time of day, its reminder with it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from client.core.replica import Replica
from client.ui.drop_column import DropColumn
from client.ui.i18n import tr
from client.ui.qt import (
    QCheckBox,
    QColor,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from lan_server.records import derived
from lan_server.records.dates import date_text

WHEN = {"task": "due", "event": "when"}  # the field that places a record in the planner
DAYS_RU = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_RU = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
             "ноябрь", "декабрь")
MODES = ("day", "week", "month")


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


def shown_days(mode: str, anchor: date) -> list[date]:
    """The days a view shows around `anchor`: the day; its week from Monday; or its month as whole weeks, six rows
    of seven from the Monday on or before the 1st (so a month always fills the same squares)."""
    if mode == "day":
        return [anchor]
    if mode == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return [monday + timedelta(days=i) for i in range(7)]
    first = anchor.replace(day=1)
    start = first - timedelta(days=first.weekday())
    return [start + timedelta(days=i) for i in range(42)]


def stepped(mode: str, anchor: date, step: int) -> date:
    """The anchor `step` views on: days, weeks or months."""
    if mode == "day":
        return anchor + timedelta(days=step)
    if mode == "week":
        return anchor + timedelta(days=7 * step)
    month = anchor.month - 1 + step
    return date(anchor.year + month // 12, month % 12 + 1, 1)


class DayList(DropColumn):
    """One day's column (or square); what is dropped on it from another day moves to this day."""

    def __init__(self, view: CalendarView, index: int) -> None:
        super().__init__(lambda ids: view.move_to(ids, view.shown[index]), view.open_record.emit)


class CalendarView(QWidget):
    open_record = pyqtSignal(str)

    def __init__(self, replica: Replica, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        self.mode = "week"
        self.anchor = date.today()
        self.shown: list[date] = []
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.prev_button, self.today_button, self.next_button = QPushButton("◀"), QPushButton(), QPushButton("▶")
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.today_button.clicked.connect(self.to_today)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.view_box = QComboBox()  # day, week or month
        self.view_box.activated.connect(lambda _i: self.set_mode(str(self.view_box.currentData())))
        self.mine = QCheckBox()
        self.mine.setChecked(True)
        self.mine.toggled.connect(lambda _: self.refresh())
        for w in (self.prev_button, self.today_button, self.next_button, self.title):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.view_box)
        bar.addWidget(self.mine)
        outer.addLayout(bar)
        self.grid = QGridLayout()
        outer.addLayout(self.grid, 1)
        self.headers: list[QLabel] = []
        self.days: list[DayList] = []
        self.retranslate()
        self._build()

    @property
    def monday(self) -> date:
        return self.anchor - timedelta(days=self.anchor.weekday())

    def retranslate(self) -> None:
        self.today_button.setText(tr("Today"))
        self.mine.setText(tr("Only mine"))
        chosen = self.mode
        self.view_box.clear()
        for mode, label in zip(MODES, (tr("Day"), tr("Week"), tr("Month"))):
            self.view_box.addItem(label, mode)
        self.view_box.setCurrentIndex(MODES.index(chosen))

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.view_box.setCurrentIndex(MODES.index(mode))
        self._build()
        self.refresh()

    def _build(self) -> None:
        """A square (with its header) for each day the view shows: 1, 7 in a row, or 6 rows of 7."""
        for w in [*self.headers, *self.days]:
            self.grid.removeWidget(w)
            w.hide()  # gone from the screen now, not when Qt gets round to deleting it
            w.deleteLater()
        self.headers, self.days = [], []
        self.shown = shown_days(self.mode, self.anchor)
        per_row = 1 if self.mode == "day" else 7
        for i in range(len(self.shown)):
            header, day = QLabel(), DayList(self, i)
            row, col = divmod(i, per_row)
            self.grid.addWidget(header, row * 2, col)
            self.grid.addWidget(day, row * 2 + 1, col)
            self.grid.setRowStretch(row * 2 + 1, 1)
            self.headers.append(header)
            self.days.append(day)
        for row in range(len(self.shown) // per_row, 6):  # rows a month view had: no room kept for them
            self.grid.setRowStretch(row * 2 + 1, 0)

    def go(self, step: int) -> None:
        """The next (1) or previous (-1) day, week or month."""
        self.anchor = stepped(self.mode, self.anchor, step)
        self.shown = shown_days(self.mode, self.anchor)
        self.refresh()

    def to_today(self) -> None:
        self.anchor = date.today()
        self.shown = shown_days(self.mode, self.anchor)
        self.refresh()

    def items(self) -> list[tuple[datetime, Any]]:
        """(time, record) of the shown days' tasks and events, soonest first; mine only unless unticked."""
        start = self.shown[0].isoformat()
        end = self.shown[-1].isoformat() + "T99"
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

    def _title(self) -> str:
        first, last = self.shown[0], self.shown[-1]
        if self.mode == "day":
            names = DAYS_RU if self.lang == "ru" else DAYS_EN
            return f"{names[first.weekday()]} {date_text(first)}"
        if self.mode == "week":
            return f"{first:%d.%m} – {date_text(last)}"
        return (f"{MONTHS_RU[self.anchor.month - 1]} {self.anchor.year}" if self.lang == "ru"
                else f"{self.anchor:%B %Y}")

    def refresh(self) -> None:
        names = DAYS_RU if self.lang == "ru" else DAYS_EN
        self.title.setText(self._title())
        today = date.today()
        for day, header, lst in zip(self.shown, self.headers, self.days):
            header.setText(f"{names[day.weekday()]} {day:%d.%m}")
            outside = self.mode == "month" and day.month != self.anchor.month
            color = " color: #2f6feb;" if day == today else " color: #9ca3af;" if outside else ""
            header.setStyleSheet("font-weight: 600;" + color)
            lst.clear()
        index = {day: i for i, day in enumerate(self.shown)}
        for at, record in self.items():
            f = record.fields
            done = bool(f.get("done"))
            item = QListWidgetItem(f"{at:%H:%M}  {f.get('title') or '—'}")
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            if done:
                item.setForeground(QColor("#9ca3af"))
            elif derived.overdue(record):
                item.setForeground(QColor("#b00020"))  # overdue stands out
            elif record.kind == "event":
                item.setForeground(QColor("#1d4ed8"))
            if at.date() in index:
                self.days[index[at.date()]].addItem(item)

    def move_to(self, rec_ids: list[str], day: date) -> None:
        """Put these tasks or events on `day` at their own time of day (an ordinary edit: every PC follows)."""
        with self.replica.acting_for(self):
            for rec_id in rec_ids:
                record = self.replica.get(rec_id)
                if record is not None and record.kind in WHEN:
                    changes = moved(record.fields, record.kind, day)
                    if changes:
                        self.replica.set(rec_id, changes, undoable=True)
        self.refresh()
