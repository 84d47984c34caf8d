"""The sales dashboard, the window's home screen: invoices issued, paid and outstanding, the overdue list, deals
per stage, payments per week or month and the goods sold, for a period and a manager; each figure clicks
through to its records. Charts through Qt's own PyQt6-Charts; without it the same figures show as text."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from client.core.replica import Replica
from client.core.talk import people
from client.ui.i18n import tr
from client.ui.qt import (
    CHARTS,
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from client.ui.records_model import display
from client.ui.widgets import fill_people, retranslate_people
from lan_server.records import dashboard
from lan_server.records.money import ZERO, as_text
from lan_server.records.money import money as amount_of


def periods(today: date) -> list[tuple[str, date, date]]:
    """The period choices: this month, last month, this quarter, this year, the last 12 months."""
    month = today.replace(day=1)
    last_month_end = month - timedelta(days=1)
    q = (today.month - 1) // 3 * 3 + 1
    return [(tr("This month"), month, today), (tr("Last month"), last_month_end.replace(day=1), last_month_end),
            (tr("This quarter"), date(today.year, q, 1), today), (tr("This year"), date(today.year, 1, 1), today),
            (tr("Last 12 months"), (month - timedelta(days=335)).replace(day=1), today)]


class DashboardView(QWidget):
    show_records = pyqtSignal(str, list)  # section, record ids: the records behind a figure
    open_record = pyqtSignal(str)

    def __init__(self, replica: Replica, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        self.data: dashboard.Figures | None = None
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        bar.addWidget(self.title)
        bar.addStretch(1)
        self.period = QComboBox()
        self.manager = QComboBox()
        self.period.activated.connect(lambda _: self.refresh())
        self.manager.activated.connect(lambda _: self.refresh())
        self.period_label, self.manager_label = QLabel(), QLabel()
        for w in (self.period_label, self.period, self.manager_label, self.manager):
            bar.addWidget(w)
        outer.addLayout(bar)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.grid = QGridLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.tiles: dict[str, QPushButton] = {}
        for i, key in enumerate(("issued", "paid", "outstanding", "overdue")):
            tile = QPushButton()
            tile.setObjectName(f"tile_{key}")
            tile.setMinimumHeight(64)
            tile.setStyleSheet("QPushButton { text-align: left; padding: 8px 12px; font-size: 13px; "
                               "border: 1px solid #d0d7de; border-radius: 6px; background: #f8fafc; }"
                               "QPushButton:hover { background: #eef4ff; }")
            tile.clicked.connect(lambda _=False, k=key: self._tile_clicked(k))
            self.tiles[key] = tile
            self.grid.addWidget(tile, 0, i)
        self.funnel_box, self.payments_box = QWidget(), QWidget()
        QVBoxLayout(self.funnel_box).setContentsMargins(0, 0, 0, 0)
        QVBoxLayout(self.payments_box).setContentsMargins(0, 0, 0, 0)
        self.funnel_box.setMinimumHeight(240)
        self.payments_box.setMinimumHeight(240)
        self.grid.addWidget(self.funnel_box, 1, 0, 1, 2)
        self.grid.addWidget(self.payments_box, 1, 2, 1, 2)
        self.overdue_label, self.goods_label = QLabel(), QLabel()
        self.grid.addWidget(self.overdue_label, 2, 0, 1, 2)
        self.grid.addWidget(self.goods_label, 2, 2, 1, 2)
        self.overdue = self._table(4)
        self.overdue.cellDoubleClicked.connect(self._open_overdue)
        self.goods = self._table(3)
        self.grid.addWidget(self.overdue, 3, 0, 1, 2)
        self.grid.addWidget(self.goods, 3, 2, 1, 2)
        self.retranslate()

    @staticmethod
    def _table(columns: int) -> QTableWidget:
        t = QTableWidget(0, columns)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setStretchLastSection(True)
        t.setMinimumHeight(160)
        return t

    def retranslate(self) -> None:
        self.title.setText(tr("Sales dashboard"))
        self.period_label.setText(tr("Period:"))
        self.manager_label.setText(tr("Manager:"))
        retranslate_people(self.manager)
        chosen = self.period.currentIndex()
        self.period.clear()
        for label, start, end in periods(date.today()):
            self.period.addItem(label, (start, end))
        self.period.setCurrentIndex(max(0, chosen))
        self.overdue_label.setText(tr("Overdue invoices"))
        self.goods_label.setText(tr("Goods and services sold"))
        # The period chooses the invoices issued and the payments; what is awaited and overdue is as of today.
        self.tiles["issued"].setToolTip(tr("Invoices dated in the chosen period"))
        self.tiles["outstanding"].setToolTip(tr("What issued invoices of any date still wait for, as of today"))
        if self.data is not None:  # the figures' own words and money, in the language chosen now
            self.refresh()
        self.overdue.setHorizontalHeaderLabels([tr("Invoice"), tr("Customer"), tr("Pay by"), tr("To pay")])
        self.goods.setHorizontalHeaderLabels([tr("Name"), tr("Quantity"), tr("Amount")])

    def refresh(self) -> None:
        fill_people(self.manager, dashboard.managers(self.replica), people.names(self.replica))
        start, end = self.period.currentData() or periods(date.today())[0][1:]
        self.data = data = dashboard.figures(self.replica, start, end, self.manager.currentData())
        money = lambda amount: as_text(amount, self.lang) + " ₽"  # noqa: E731
        self.tiles["issued"].setText(f"{tr('Invoices issued')}\n{data.issued.count} · {money(data.issued.amount)}")
        self.tiles["paid"].setText(f"{tr('Paid')}\n{money(data.paid.amount)}")
        self.tiles["outstanding"].setText(
            f"{tr('Awaiting payment today')}\n{data.outstanding.count} · {money(data.outstanding.amount)}")
        overdue = sum((amount_of(r.fields.get("balance")) for r in data.overdue), ZERO)
        self.tiles["overdue"].setText(f"{tr('Overdue')}\n{len(data.overdue)} · {money(overdue)}")
        titles = self.replica.link_titles(data.overdue)
        self.overdue.setRowCount(len(data.overdue))
        for i, r in enumerate(data.overdue):
            due = self.replica.schema().kind("invoice").field("due")
            cells = [str(r.fields.get("number") or ""), titles.get(str(r.fields.get("organization") or ""), ""),
                     display(due, r.fields.get("due"), self.lang) if due else str(r.fields.get("due") or ""),
                     money(amount_of(r.fields.get("balance")))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.overdue.setItem(i, c, item)
        self.goods.setRowCount(len(data.top_goods))
        for i, (name, qty, amount) in enumerate(data.top_goods):
            for c, text in enumerate((name, f"{qty.normalize():f}", money(amount))):
                self.goods.setItem(i, c, QTableWidgetItem(text))
        self._charts(data)
        for table in (self.overdue, self.goods):
            table.resizeColumnsToContents()
            table.resizeRowsToContents()

    def _charts(self, data: dashboard.Figures) -> None:
        stage_fd = self.replica.schema().kind("deal").field("stage") if self.replica.schema().has_kind("deal") \
            else None
        stages = [(display(stage_fd, s, self.lang) if stage_fd else s) or "—" for s, _ in data.funnel]
        for box in (self.funnel_box, self.payments_box):
            layout = box.layout()
            while layout.count():
                w = layout.takeAt(0).widget()
                if w is not None:
                    w.deleteLater()
        if not CHARTS:
            self.funnel_box.layout().addWidget(QLabel("\n".join(
                f"{s}: {f.count} · {as_text(f.amount, self.lang)}" for s, (_, f) in zip(stages, data.funnel))))
            self.payments_box.layout().addWidget(QLabel("\n".join(
                f"{label}: {as_text(a, self.lang)}" for label, a in data.by_period)))
            return
        from client.ui.qt import QBarSeries, QBarSet, QHorizontalBarSeries
        funnel = QHorizontalBarSeries()
        deals = QBarSet(tr("Deals"))
        deals.append([float(f.count) for _, f in reversed(data.funnel)])
        funnel.append(deals)
        deals.clicked.connect(lambda i: self._stage_clicked(len(data.funnel) - 1 - i))
        funnel.setLabelsVisible(True)
        most = max((f.count for _, f in data.funnel), default=0)
        self.funnel_box.layout().addWidget(self._chart(tr("Deals by stage"), funnel, list(reversed(stages)),
                                                       horizontal=True, top=most))
        series = QBarSeries()
        paid = QBarSet(tr("Payments"))
        paid.append([float(a) for _, a in data.by_period])
        series.append(paid)
        self.payments_box.layout().addWidget(self._chart(tr("Payments received"), series,
                                                         [label for label, _ in data.by_period]))

    def _chart(self, title: str, series: Any, categories: list[str], horizontal: bool = False,
               top: int | None = None) -> QWidget:
        from client.ui.qt import QBarCategoryAxis, QChart, QChartView, QValueAxis
        chart = QChart()
        chart.setTitle(title)
        chart.addSeries(series)
        chart.legend().setVisible(False)
        axis = QBarCategoryAxis()
        axis.append(categories)
        # A week's days are its label ("02–08.11"): never cut to "02–08.…"; a quarter's weeks stand upright.
        axis.setTruncateLabels(horizontal)
        upright = not horizontal and len(categories) > 6
        if upright:
            axis.setLabelsAngle(-90)
        values = QValueAxis()
        values.setLabelFormat("%.0f")
        if top is not None:  # counts: whole numbers only, one tick each while they fit
            values.setRange(0, max(1, top))
            values.setTickCount(min(max(1, top), 5) + 1)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis)
        series.attachAxis(values)
        if top is None:  # money: round steps (0, 10 000, 20 000 …), not 11875
            values.applyNiceNumbers()
        view = QChartView(chart)
        view.setMinimumHeight(270 if upright else 230)  # room for "26.10–01.11" standing
        return view

    def _tile_clicked(self, key: str) -> None:
        if self.data is None:
            return
        if key == "overdue":
            self.show_records.emit("invoice", [r.id for r in self.data.overdue])
        elif key == "paid":
            self.show_records.emit("payment", list(self.data.paid.records))
        else:
            self.show_records.emit("invoice", list(getattr(self.data, key).records))

    def _stage_clicked(self, index: int) -> None:
        if self.data is not None and 0 <= index < len(self.data.funnel):
            self.show_records.emit("deal", list(self.data.funnel[index][1].records))

    def _open_overdue(self, row: int, _col: int) -> None:
        item = self.overdue.item(row, 0)
        if item is not None:
            self.open_record.emit(str(item.data(Qt.ItemDataRole.UserRole)))
