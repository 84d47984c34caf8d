"""The planner: a week of my tasks and events, a column per day; one dragged to another day moves there at the
same time, with its reminder, and another PC's planner follows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

from client.ui.calendar_view import moved
from client.ui.qt import Qt
from client.ui.window_pages import CALENDAR
from tests.client.ui.pcs import PC


def test_moving_keeps_the_time_of_day_and_moves_an_absolute_reminder() -> None:
    fields = {"due": "2026-11-23T10:30", "remind_at": "2026-11-23T10:00"}
    assert moved(fields, "task", date(2026, 11, 26)) == {"due": "2026-11-26T10:30", "remind_at": "2026-11-26T10:00"}
    assert moved({"when": "2026-11-23T15:00", "remind_before": 30}, "event", date(2026, 11, 20)) == \
        {"when": "2026-11-20T15:00"}  # "30 minutes before" follows by itself
    assert moved({"title": "без срока"}, "task", date(2026, 11, 26)) == {}


def test_a_task_dragged_to_another_day_moves_on_both_pcs(qtbot, two_pcs: tuple[PC, PC]) -> None:
    a, b = two_pcs
    monday = date.today() - timedelta(days=date.today().weekday())
    at = datetime.combine(monday + timedelta(days=1), datetime.min.time()).replace(hour=10, minute=30)
    task = a.replica.add("task", {"title": "Позвонить Вере", "assignee": "admin", "due": at.isoformat()[:16],
                                  "remind_at": (at - timedelta(minutes=15)).isoformat()[:16]})
    a.replica.add("event", {"title": "Встреча", "assignee": "admin", "when": (at + timedelta(days=2)).isoformat()[:16]})
    a.replica.add("task", {"title": "Чужая задача", "assignee": "olga", "due": at.isoformat()[:16]})
    qtbot.waitUntil(lambda: b.replica.count("task") == 2, timeout=10000)
    for pc in (a, b):
        row = next(i for i in range(pc.window.sections.count())
                   if pc.window.sections.item(i).data(Qt.ItemDataRole.UserRole) == CALENDAR)
        pc.window.sections.setCurrentRow(row)
        assert pc.window.pages.currentWidget() is pc.window.calendar
    cal = a.window.calendar
    tuesday, thursday = cal.days[1], cal.days[3]
    assert [tuesday.item(i).text() for i in range(tuesday.count())] == ["10:30  Позвонить Вере"]  # only mine
    assert thursday.count() == 1 and thursday.item(0).text() == "10:30  Встреча"
    cal.mine.setChecked(False)
    assert tuesday.count() == 2  # everyone's
    cal.mine.setChecked(True)
    tuesday.setCurrentRow(0)
    friday = cal.days[4]
    friday.dropEvent(SimpleNamespace(source=lambda: tuesday, setDropAction=lambda _a: None, accept=lambda: None,
                                     ignore=lambda: None))  # a drop from Tuesday on Friday, as Qt hands it over
    fields = a.replica.get(task).fields
    assert fields["due"] == (at + timedelta(days=3)).isoformat()[:16]
    assert fields["remind_at"] == (at + timedelta(days=3) - timedelta(minutes=15)).isoformat()[:16]
    qtbot.waitUntil(lambda: b.window.calendar.days[4].count() == 1 and b.window.calendar.days[1].count() == 0,
                    timeout=10000)
    cal.go(1)
    assert all(day.count() == 0 for day in cal.days)  # next week is empty
    cal.go(-1)
    # The day view: Friday alone; the month view: a square per day, six weeks, the task on its Friday.
    cal.anchor = monday + timedelta(days=4)
    cal.set_mode("day")
    assert len(cal.days) == 1 and [cal.days[0].item(i).text() for i in range(cal.days[0].count())] == \
        ["10:30  Позвонить Вере"]
    cal.set_mode("month")
    first = cal.anchor.replace(day=1)
    assert len(cal.days) == 42 and cal.shown[0].weekday() == 0 and 0 <= (first - cal.shown[0]).days < 7
    friday = cal.shown.index(monday + timedelta(days=4))
    assert [cal.days[friday].item(i).text() for i in range(cal.days[friday].count())] == ["10:30  Позвонить Вере"]
    # dragged in the month view to the day after: moves, on the other PC too
    saturday = cal.days[friday + 1]
    cal.days[friday].setCurrentRow(0)
    saturday.dropEvent(SimpleNamespace(source=lambda: cal.days[friday], setDropAction=lambda _a: None,
                                       accept=lambda: None, ignore=lambda: None))
    assert a.replica.get(task).fields["due"] == (at + timedelta(days=4)).isoformat()[:16]
    cal.go(1)
    assert cal.anchor == (first + timedelta(days=32)).replace(day=1)  # the next month
    cal.to_today()
    assert date.today() in cal.shown
