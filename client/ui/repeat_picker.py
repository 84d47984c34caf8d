"""The repeat of a task, chosen, not typed: none, daily, on weekdays, weekly on chosen days, monthly on a day or
the last day, yearly; every N; until a date or N times; said in words as it is chosen ("каждый пн и чт")."""

from __future__ import annotations

from datetime import date

from client.core import recurrence
from client.core.recurrence import DAYS, DAYS_RU, Rule
from client.ui.i18n import tr
from client.ui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

FREQUENCIES = ("none", "daily", "weekdays", "weekly", "monthly", "yearly")


class RepeatPicker(QDialog):
    def __init__(self, rule_text: str, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setWindowTitle(tr("Repeat"))
        self.setMinimumSize(480, 280)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.freq = QComboBox()
        for key, label in zip(FREQUENCIES, (tr("Does not repeat"), tr("Every day"), tr("On weekdays (Mon–Fri)"),
                                            tr("Every week"), tr("Every month"), tr("Every year"))):
            self.freq.addItem(label, key)
        form.addRow(tr("Repeat:"), self.freq)
        self.every = QSpinBox()
        self.every.setRange(1, 99)
        form.addRow(tr("Every N-th:"), self.every)
        days = QWidget()
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        self.days = [QCheckBox(name) for name in (DAYS_RU if lang == "ru" else DAYS)]
        for check in self.days:
            row.addWidget(check)
        self.days_row = days
        form.addRow(tr("On:"), days)
        self.monthday = QSpinBox()
        self.monthday.setRange(1, 31)
        self.last_day = QCheckBox(tr("the last day of the month"))
        month = QWidget()
        mrow = QHBoxLayout(month)
        mrow.setContentsMargins(0, 0, 0, 0)
        mrow.addWidget(self.monthday)
        mrow.addWidget(self.last_day)
        self.month_row = month
        form.addRow(tr("Day of month:"), month)
        self.end = QComboBox()
        for key, label in (("never", tr("never")), ("until", tr("on a date")), ("count", tr("after N times"))):
            self.end.addItem(label, key)
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("dd.MM.yyyy")
        self.count = QSpinBox()
        self.count.setRange(1, 999)
        end = QWidget()
        erow = QHBoxLayout(end)
        erow.setContentsMargins(0, 0, 0, 0)
        for w in (self.end, self.until, self.count):
            erow.addWidget(w)
        form.addRow(tr("Ends:"), end)
        self.words = QLabel()
        self.words.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.words)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load(rule_text)
        for signal in (self.freq.currentIndexChanged, self.every.valueChanged, self.monthday.valueChanged,
                       self.end.currentIndexChanged, self.count.valueChanged, self.until.dateChanged):
            signal.connect(lambda *_: self._update())
        for check in (*self.days, self.last_day):
            check.toggled.connect(lambda *_: self._update())
        self._update()

    def load(self, text: str) -> None:
        try:
            rule = recurrence.parse(text)
        except ValueError:
            rule = None
        self.until.setDate(QDate.currentDate().addMonths(3))
        self.monthday.setValue(date.today().day)
        if rule is None:
            self.freq.setCurrentIndex(0)
            return
        key = "weekdays" if rule.freq == "weekly" and rule.weekdays == (0, 1, 2, 3, 4) else rule.freq
        self.freq.setCurrentIndex(FREQUENCIES.index(key))
        self.every.setValue(rule.interval)
        for i, check in enumerate(self.days):
            check.setChecked(i in rule.weekdays)
        if rule.monthday:
            self.monthday.setValue(rule.monthday)
            self.last_day.setChecked(rule.monthday == 31)
        if rule.until:
            self.end.setCurrentIndex(1)
            self.until.setDate(QDate(rule.until.year, rule.until.month, rule.until.day))
        elif rule.count:
            self.end.setCurrentIndex(2)
            self.count.setValue(rule.count)

    def rule(self) -> Rule | None:
        freq = self.freq.currentData()
        if freq == "none":
            return None
        end = self.end.currentData()
        d = self.until.date()
        until = date(d.year(), d.month(), d.day()) if end == "until" else None
        count = self.count.value() if end == "count" else None
        if freq == "weekdays":
            return Rule("weekly", 1, (0, 1, 2, 3, 4), until=until, count=count)
        days = tuple(i for i, c in enumerate(self.days) if c.isChecked()) if freq == "weekly" else ()
        monthday = (31 if self.last_day.isChecked() else self.monthday.value()) if freq == "monthly" else None
        return Rule(str(freq), self.every.value(), days, monthday, until, count)

    def rule_text(self) -> str:
        return recurrence.to_text(self.rule())

    def _update(self) -> None:
        freq = self.freq.currentData()
        self.every.setEnabled(freq not in ("none", "weekdays"))
        self.days_row.setEnabled(freq == "weekly")
        self.month_row.setEnabled(freq == "monthly")
        self.monthday.setEnabled(freq == "monthly" and not self.last_day.isChecked())
        self.until.setVisible(self.end.currentData() == "until")
        self.count.setVisible(self.end.currentData() == "count")
        self.end.setEnabled(freq != "none")
        self.words.setText(recurrence.describe(self.rule(), self.lang))
