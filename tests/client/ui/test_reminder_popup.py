"""The reminder popup driven through its buttons; the Today view; the headless `reminders` command."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

from client import cli
from client.core.reminders import my_records, plan
from client.core.replica import Replica
from client.ui.qt import Qt
from client.ui.reminder_popup import ReminderPopup
from client.ui.today_view import TodayView


def make(tmp_path: Path) -> tuple[Replica, dict[str, str]]:
    replica = Replica(tmp_path / "pc")
    replica.set_meta("user", "olga")
    now = datetime.now().replace(second=0, microsecond=0)
    ids = {
        "call": replica.add("task", {"title": "Позвонить в Ромашку", "assignee": "olga",
                                     "remind_at": (now - timedelta(minutes=1)).isoformat(),
                                     "due": (now + timedelta(hours=1)).isoformat()}),
        "old": replica.add("task", {"title": "Отчёт", "assignee": "olga",
                                    "remind_at": (now - timedelta(days=2)).isoformat(),
                                    "due": (now - timedelta(days=1)).isoformat()}),
        "later": replica.add("event", {"title": "Встреча", "assignee": "olga", "type": "meeting",
                                       "when": (now + timedelta(hours=3)).isoformat(), "remind_before": 30}),
        "ivan": replica.add("task", {"title": "Не моё", "assignee": "ivan", "remind_at": now.isoformat()}),
    }
    return replica, ids


def test_popup_lists_all_due_then_snooze_and_done_through_buttons(qtbot, tmp_path: Path) -> None:
    replica, ids = make(tmp_path)
    try:
        popup = ReminderPopup(replica)
        qtbot.addWidget(popup)
        due = [r for r in plan(my_records(replica), "olga", datetime.now()) if r.fire_at <= datetime.now()]
        popup.show_reminders(due)
        assert popup.isVisible() and popup.list.count() == 2  # one window for every due reminder
        texts = [popup.list.item(i).text() for i in range(popup.list.count())]
        assert any("Отчёт" in t and "missed" in t for t in texts)
        # Snooze the call for 15 minutes.
        row = next(i for i, t in enumerate(texts) if "Ромашку" in t)
        popup.list.setCurrentRow(row)
        popup.snooze_choice.setCurrentIndex(popup.snooze_choice.findData("15 min"))
        qtbot.mouseClick(popup.snooze_button, Qt.MouseButton.LeftButton)
        assert popup.list.count() == 1
        snoozed = replica.get(ids["call"]).fields  # type: ignore[union-attr]
        until = datetime.fromisoformat(snoozed["_snoozed_until"])
        assert timedelta(minutes=14) < until - datetime.now() <= timedelta(minutes=15)
        # Mark the missed one done.
        popup.list.setCurrentRow(0)
        qtbot.mouseClick(popup.done_button, Qt.MouseButton.LeftButton)
        assert replica.get(ids["old"]).fields["done"] is True  # type: ignore[union-attr]
        assert popup.list.count() == 0 and not popup.isVisible()
        opened: list[str] = []
        popup.open_record.connect(opened.append)
        popup.show_reminders([r for r in plan(my_records(replica), "olga", datetime.now() + timedelta(minutes=16))
                              if r.rec == ids["call"]])
        qtbot.mouseClick(popup.open_button, Qt.MouseButton.LeftButton)
        assert opened == [ids["call"]]
    finally:
        replica.close()


def test_today_view_and_reminders_command(qtbot, tmp_path: Path) -> None:
    replica, ids = make(tmp_path)
    try:
        view = TodayView(replica)
        qtbot.addWidget(view)
        overdue = [view.lists["overdue"].item(i).text() for i in range(view.lists["overdue"].count())]
        upcoming = [view.lists["upcoming"].item(i).text() for i in range(view.lists["upcoming"].count())]
        assert any("Отчёт" in t for t in overdue)
        assert any("Встреча" in t for t in upcoming) and not any("Не моё" in t for t in upcoming)
    finally:
        replica.close()
    out = io.StringIO()
    assert cli.main(["--profile", str(tmp_path / "pc"), "reminders", "--due", "--json"], out=out) == 0
    due = json.loads(out.getvalue())
    assert {d["title"] for d in due} == {"Позвонить в Ромашку", "Отчёт"}
    assert [d["missed"] for d in due if d["title"] == "Отчёт"] == [True]


def test_the_popup_made_at_start_speaks_the_language_chosen_later(qtbot, tmp_path: Path) -> None:
    """The popup lives all day: a switch to Russian after the start shows in the next reminder."""
    from client.ui import i18n
    from client.ui.qt import QApplication
    from tests.client.ui.test_live_language import english_left
    replica, _ids = make(tmp_path)
    try:
        popup = ReminderPopup(replica)  # made at start, in English
        qtbot.addWidget(popup)
        i18n.install(QApplication.instance(), "ru")
        popup.show_reminders([r for r in plan(my_records(replica), "olga", datetime.now())
                              if r.fire_at <= datetime.now()])
        assert popup.windowTitle() == "Напоминания" and popup.done_button.text() == "Выполнено"
        assert not english_left(popup), english_left(popup)
    finally:
        i18n.install(QApplication.instance(), "en")
        replica.close()
