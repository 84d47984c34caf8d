"""The feed (Лента): what happened in the records the user follows, the latest first, as a table (when, who, which
record, what happened) with its filters; a double click opens the record, a right click stops following it."""

from __future__ import annotations

from client.core.replica import Change, Replica
from client.core.talk import feed, people
from client.core.talk.feed import FeedItem
from client.ui.card_comments import when_text
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPoint,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from lan_server.records import talk


class FeedView(QWidget):
    open_record = pyqtSignal(str)

    def __init__(self, replica: Replica, lang: str = "en") -> None:
        super().__init__()
        self.replica = replica
        self.lang = lang
        self.items: list[FeedItem] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        bar = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: 600;")
        bar.addWidget(self.title, 1)
        self.filter = QComboBox()
        self.filter.currentIndexChanged.connect(lambda _: self.refresh())
        bar.addWidget(self.filter)
        layout.addLayout(bar)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.hint)
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        self.table.setColumnWidth(2, 260)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._open(row))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.empty)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)  # a burst of changes redraws the feed once
        self._timer.timeout.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Feed"))
        self.hint.setText(tr("What happened in the records you follow: your own, assigned to you, those you "
                             "commented or were mentioned in. Double-click opens the record."))
        self.table.setHorizontalHeaderLabels([tr("When"), tr("Who"), tr("Record"), tr("What happened")])
        self.empty.setText(tr("Nothing here yet."))
        current = self.filter.currentData() or "all"
        self.filter.blockSignals(True)
        self.filter.clear()
        names = {"all": tr("Everything"), "comments": tr("Comments"), "changes": tr("Changes"),
                 "mine": tr("What I did")}
        for key in feed.FILTERS:
            self.filter.addItem(names[key], key)
        self.filter.setCurrentIndex(max(0, feed.FILTERS.index(current)))
        self.filter.blockSignals(False)

    def set_filter(self, which: str) -> None:
        self.filter.setCurrentIndex(feed.FILTERS.index(which))

    def rows(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and the curious)."""
        return [[self.table.item(r, c).text() for c in range(4)] for r in range(self.table.rowCount())]

    def refresh(self) -> None:
        which = str(self.filter.currentData() or "all")
        self.items = feed.items(self.replica, which)
        shown = people.names(self.replica)
        schema = self.replica.schema()
        self.table.setRowCount(len(self.items))
        for row, i in enumerate(self.items):
            section = schema.kind(i.kind).label(self.lang) if schema.has_kind(i.kind) else ""
            text = feed.describe(i, self.replica, self.lang)
            for login, name in shown.items():
                text = text.replace(f"@{login}", f"@{name}")
            if i.what == "comment":
                text = f"{tr('Comment')}: {text}"
            cells = [when_text(i.at), shown.get(i.user, i.user), f"{i.title or '—'}" + (f" ({section})" if section
                                                                                     else ""), text]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                item.setData(Qt.ItemDataRole.UserRole, i.record)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not self.items)

    def changed(self, change: Change) -> None:
        if self.isVisible() and (change.source == "remote" or change.kinds & talk.TALK_KINDS):
            self._timer.start()

    def _open(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.open_record.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _menu(self, pos: QPoint) -> None:
        item = self.table.itemAt(pos)
        rec = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not rec:
            return
        menu = QMenu(self)
        menu.addAction(tr("Open"), lambda: self.open_record.emit(str(rec)))
        menu.addAction(tr("Stop following this record"), lambda: self.unfollow(str(rec)))
        viewport = self.table.viewport()
        menu.exec(viewport.mapToGlobal(pos) if viewport is not None else pos)

    def unfollow(self, rec: str) -> None:
        feed.follow(self.replica, rec, False)
        self.refresh()
