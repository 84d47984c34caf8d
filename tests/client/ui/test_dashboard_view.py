"""The dashboard as the user reads it: each week's bar labelled by that week's own days; what the period chooses and
what is as of today."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

from client.core.replica import Replica
from client.ui.dashboard_view import DashboardView
from client.ui.main_window import MainWindow
from client.ui.qt import QChartView, Qt
from client.ui.window_pages import DASHBOARD


def week_bars(window: MainWindow) -> list[str]:
    charts = window.dashboard.payments_box.findChildren(QChartView)
    axis = charts[-1].chart().axes(Qt.Orientation.Horizontal)[0]
    return list(axis.categories())


def test_week_bars_are_labelled_by_the_weeks_own_days_within_the_period(qtbot, tmp_path: Path) -> None:
    this_month = date.today().replace(day=1)
    last_day = this_month - timedelta(days=1)
    first_day = last_day.replace(day=1)
    replica = Replica(tmp_path / "pc")
    try:
        inv = replica.add("invoice", {"number": "7", "date": first_day.isoformat(), "assignee": "admin"})
        replica.add("invoice_line", {"invoice": inv, "qty": 1, "price": 1000})
        replica.add("payment", {"invoice": inv, "date": first_day.isoformat(), "amount": 400})
        replica.add("payment", {"invoice": inv, "date": last_day.isoformat(), "amount": 600})
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.show()
        assert window.sections.currentItem().data(Qt.ItemDataRole.UserRole) == DASHBOARD  # an office that sells
        window.dashboard.period.setCurrentIndex(1)  # "Last month"
        window.dashboard.refresh()
        bars = week_bars(window)
        # The first bar starts on the 1st (before: the Monday before it, often a day of the month before), the
        # last ends on the month's last day; every day of the month is in exactly one bar.
        assert bars[0].startswith("01")
        assert bars[-1].endswith(last_day.strftime("%d.%m"))
        month = last_day.strftime(".%m")
        assert all(label.endswith(month) and label.count(month) == 1 for label in bars), bars
        days = []
        for label in bars:
            first, _, last = label.removesuffix(month).partition("–")
            days += range(int(first), int(last or first) + 1)
        assert days == list(range(1, last_day.day + 1))
        paid = dict(window.dashboard.data.by_period)  # type: ignore[union-attr]
        assert paid[bars[0]] == 400 and paid[bars[-1]] == 600
        amounts = window.dashboard.payments_box.findChildren(QChartView)[-1].chart().axes(Qt.Orientation.Vertical)[0]
        step = (amounts.max() - amounts.min()) / (amounts.tickCount() - 1)
        assert amounts.max() >= 600 and step / 10 ** math.floor(math.log10(step)) in (1, 2, 2.5, 5), step  # round
    finally:
        replica.close()


def test_the_dashboard_says_an_invoice_of_last_month_is_awaited_today_not_issued_this_month(qtbot, tmp_path) -> None:
    """An invoice issued last month and not paid: this month's tiles show no invoice issued and its 2,000 awaited,
    and say why (awaited is as of today, whatever the invoice's date); last month shows it issued."""
    replica = Replica(tmp_path / "pc")
    try:
        last_month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
        inv = replica.add("invoice", {"number": "7", "date": last_month.isoformat()})
        replica.add("invoice_line", {"invoice": inv, "qty": 2, "price": 1000})
        view = DashboardView(replica)
        qtbot.addWidget(view)
        view.refresh()
        issued, awaited = view.tiles["issued"], view.tiles["outstanding"]
        assert issued.text().splitlines() == ["Invoices issued", "0 · 0.00 ₽"]
        assert awaited.text().splitlines() == ["Awaiting payment today", "1 · 2,000.00 ₽"]
        assert "chosen period" in issued.toolTip() and "any date" in awaited.toolTip()
        view.period.setCurrentIndex(1)  # last month
        view.refresh()
        assert issued.text().splitlines() == ["Invoices issued", "1 · 2,000.00 ₽"]
        with qtbot.waitSignal(view.show_records, timeout=1000) as shown:
            awaited.click()  # the invoice behind the figure, with its date to see
        assert shown.args == ["invoice", [inv]]
    finally:
        replica.close()
