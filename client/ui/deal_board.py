"""The deals pipeline: a column per stage with the sum of its deals; a deal dragged to another column moves
to that stage (an ordinary edit, so every PC's board follows). Filtered by manager."""

from __future__ import annotations

from typing import Any

from client.core.replica import Replica
from client.core.talk import people
from client.ui.drop_column import DropColumn
from client.ui.i18n import tr
from client.ui.qt import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from client.ui.records_model import display
from client.ui.widgets import fill_people, retranslate_people
from lan_server.records.money import ZERO, as_text, money


class StageList(DropColumn):
    """One stage's column; what is dropped on it from another column moves to its stage."""

    def __init__(self, board: DealBoard, stage: str) -> None:
        super().__init__(lambda ids: board.move_to(ids, stage), board.open_record.emit, open_on_click=True)
        self.stage = stage
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QListWidget { background: #f3f5f8; border: none; }"
                           "QListWidget::item { background: white; border: 1px solid #d0d7de; border-radius: 4px;"
                           " margin: 3px; padding: 5px; color: #1f2328; }"
                           "QListWidget::item:selected { border: 2px solid #2f6feb; }")


class DealBoard(QWidget):
    open_record = pyqtSignal(str)

    def __init__(self, replica: Replica, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.manager_label = QLabel()
        self.manager = QComboBox()
        self.manager.activated.connect(lambda _: self.refresh())
        bar.addWidget(self.manager_label)
        bar.addWidget(self.manager)
        bar.addStretch(1)
        outer.addLayout(bar)
        self.columns_box = QHBoxLayout()
        outer.addLayout(self.columns_box, 1)
        self.lists: dict[str, StageList] = {}
        self.headers: dict[str, QLabel] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.manager_label.setText(tr("Manager:"))
        retranslate_people(self.manager)

    def _stages(self) -> tuple[Any, list[str]]:
        fd = self.replica.schema().kind("deal").field("stage")
        return fd, list(fd.options.get("choices", [])) if fd else []

    def _build(self, stages: list[str]) -> None:
        if list(self.lists) == stages:
            return
        while self.columns_box.count():
            w = self.columns_box.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.lists, self.headers = {}, {}
        for stage in stages:
            column = QWidget()
            v = QVBoxLayout(column)
            v.setContentsMargins(2, 2, 2, 2)
            header = QLabel()
            header.setStyleSheet("font-weight: 600;")
            header.setWordWrap(True)
            self.headers[stage] = header
            self.lists[stage] = StageList(self, stage)
            v.addWidget(header)
            v.addWidget(self.lists[stage], 1)
            self.columns_box.addWidget(column, 1)

    def refresh(self) -> None:
        fill_people(self.manager, [str(v) for v, _ in self.replica.group_counts("deal", "assignee") if v],
                    people.names(self.replica))
        fd, stages = self._stages()
        self._build(stages)
        manager = self.manager.currentData()
        deals = [d for d in self.replica.records("deal") if manager is None or d.fields.get("assignee") == manager]
        titles = self.replica.link_titles(deals)
        for stage, lst in self.lists.items():
            lst.clear()
            mine = [d for d in deals if d.fields.get("stage") == stage or (stage == stages[0]
                                                                              and not d.fields.get("stage"))]
            total = sum((money(d.fields.get("amount")) for d in mine), ZERO)
            self.headers[stage].setText(f"{display(fd, stage, self.lang)}\n{len(mine)} · {as_text(total, self.lang)}")
            for d in mine:
                org = titles.get(str(d.fields.get("organization") or ""), "")
                text = f"{d.fields.get('title') or '—'}\n{as_text(money(d.fields.get('amount')), self.lang)}" + \
                    (f" · {org}" if org else "")
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                lst.addItem(item)

    def move_to(self, deal_ids: list[str], stage: str) -> None:
        with self.replica.acting_for(self):
            for deal_id in deal_ids:
                self.replica.set(deal_id, {"stage": stage}, undoable=True)
        self.refresh()
