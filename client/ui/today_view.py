"""The Today view: my overdue tasks, today's tasks and events, and upcoming reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from client.core.reminders import contract_days, my_records, plan
from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.qt import QDialog, QLabel, QListWidget, QListWidgetItem, Qt, QVBoxLayout, QWidget, pyqtSignal


def _dt(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


class TodayView(QDialog):
    open_record = pyqtSignal(str)

    def __init__(self, replica: Replica, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.setWindowTitle(tr("Today"))
        self.resize(520, 560)
        layout = QVBoxLayout(self)
        self.lists: dict[str, QListWidget] = {}
        for key, title in (("overdue", tr("Overdue tasks")), ("today", tr("Today's tasks and events")),
                           ("upcoming", tr("Upcoming reminders"))):
            label = QLabel(title)
            label.setStyleSheet("font-weight: 600; margin-top: 6px;")
            layout.addWidget(label)
            lst = QListWidget()
            lst.itemDoubleClicked.connect(lambda item: self.open_record.emit(item.data(Qt.ItemDataRole.UserRole)))
            layout.addWidget(lst)
            self.lists[key] = lst
        self.refresh()

    def refresh(self, now: datetime | None = None) -> None:
        now = now or datetime.now()
        start, end = now.replace(hour=0, minute=0, second=0, microsecond=0), None
        end = start + timedelta(days=1)
        records = my_records(self.replica)
        rows: dict[str, list[tuple[datetime, str, str]]] = {"overdue": [], "today": [], "upcoming": []}
        for r in records:
            when = _dt(r.fields.get("due") if r.kind == "task" else r.fields.get("when"))
            if when is None or r.fields.get("done"):
                continue
            title = str(r.fields.get("title") or "")
            if r.kind == "task" and when < now and when < start:
                rows["overdue"].append((when, title, r.id))
            elif start <= when < end:
                rows["today"].append((when, title, r.id))
        for rem in plan(records, self.replica.user, now, contract_days(self.replica)):
            if rem.fire_at > now:
                rows["upcoming"].append((rem.fire_at, rem.title, rem.rec))
        for key, lst in self.lists.items():
            lst.clear()
            for when, title, rec in sorted(rows[key])[:200]:
                item = QListWidgetItem(f"{when.strftime('%d.%m %H:%M')}   {title}")
                item.setData(Qt.ItemDataRole.UserRole, rec)
                lst.addItem(item)
