"""The main window: sections, quick search and filter, the lazy table, the card, and the sync status."""

from __future__ import annotations

from typing import Any

from client.core.replica import Change, Replica
from client.core.rights import owner_names, rights_of
from client.core.sync import SyncStatus, release_gap
from client.ui import i18n
from client.ui.bin_heading import BinHeading
from client.ui.bridge import Bridge
from client.ui.calendar_view import CalendarView
from client.ui.dashboard_view import DashboardView
from client.ui.deal_board import DealBoard
from client.ui.filter_bar import FilterBar
from client.ui.folders import Folders
from client.ui.i18n import tr
from client.ui.lost_notice import LostEditsBar
from client.ui.menu_actions import MenuActionsMixin
from client.ui.qt import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGuiApplication,
    QHBoxLayout,
    QKeySequence,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QShortcut,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from client.ui.record_card import RecordCard
from client.ui.records_model import PAGE, RecordsModel
from client.ui.section_list import SectionList
from client.ui.status_panel import StatusPanel
from client.ui.window_actions import ActionsMixin
from client.ui.window_columns import ColumnsMixin
from client.ui.window_dialogs import DialogsMixin
from client.ui.window_filters import FiltersMixin
from client.ui.window_pages import PagesMixin
from client.ui.window_talk import TalkMixin
from lan_server.records import derived, new_id
from lan_server.records.defaults import new_record_defaults
from lan_server.records.ties import TIE


def fitting_size(width: int, height: int) -> tuple[int, int]:
    """The window's first size, no bigger than the screen less its task bar: a 1366×768 laptop sees the status bar."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return width, height
    free = screen.availableGeometry()
    frame = 40  # the title bar and borders the window manager adds around the window
    return min(width, free.width()), min(height, free.height() - frame)


SALES_KINDS = frozenset({"invoice", "invoice_line", "payment", "deal", "requisites"})

STYLE = """
QMainWindow { background: #f6f7f9; }
QListWidget#sections { background: #1f2a37; color: #e5e7eb; border: none; font-size: 14px; padding-top: 8px; }
QListWidget#sections::item { padding: 6px 14px; }
QListWidget#sections::item:selected { background: #2f6feb; color: white; border-radius: 4px; }
QTableView { background: white; alternate-background-color: #f3f6fa; gridline-color: #e5e7eb;
             selection-background-color: #cfe0ff; selection-color: #111827; }
QHeaderView::section { background: #eef1f5; padding: 5px; border: none; border-right: 1px solid #dde2e8;
                       font-weight: 600; }
QLineEdit#search { padding: 6px 8px; border: 1px solid #cfd6df; border-radius: 6px; background: white; }
QToolBar { background: white; border-bottom: 1px solid #e5e7eb; spacing: 6px; padding: 4px; }
QStatusBar { background: white; border-top: 1px solid #e5e7eb; }
QToolButton#chip { background: #e0ecff; border: 1px solid #b6cdf5; border-radius: 10px; padding: 2px 8px; }
"""


class MainWindow(ActionsMixin, MenuActionsMixin, PagesMixin, ColumnsMixin, FiltersMixin, DialogsMixin, TalkMixin,
                 QMainWindow):
    """The window: it lays out its parts and keeps them in step with the data; each part's behaviour is in its
    own module (window_actions, window_pages, window_columns, window_filters, window_dialogs)."""

    def __init__(self, replica: Replica, *, lang: str = "en", engine: Any = None) -> None:
        super().__init__()
        self.replica = replica
        self.lang = lang
        self.engine = engine
        self.company_menu: Any = None  # File > Company (client/ui/company_menu.py), set by the start-up
        self.discovery_interfaces: list[str] | None = None  # where a login looks for servers (--discovery-interface)
        self.bridge = Bridge(replica, self)
        self.bridge.changed.connect(self._on_change)
        self.bridge.status.connect(self._on_status)
        self.setStyleSheet(STYLE)
        self.resize(*fitting_size(1280, 780))

        self.sections = SectionList()
        self.sections.setObjectName("sections")
        self.sections.currentItemChanged.connect(self._section_changed)

        self.folders = Folders(replica, lambda: self.apply_search())
        self.group_by, self.groups = self.folders.group_by, self.folders.tree

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)  # search as you type, once the typing pauses
        self._search_timer.timeout.connect(self.apply_search)
        self.filter_bar = FilterBar(replica, lang)
        self.filter_bar.changed.connect(self.apply_search)
        self.filter_bar.field.currentIndexChanged.connect(self._filter_field_changed)
        self.filter_bar.op.currentIndexChanged.connect(lambda _: self.apply_search())
        self.filter_field = self.filter_bar.field
        self.filter_value = self.filter_bar.value
        self.saved_filters = QComboBox()
        self.saved_filters.activated.connect(self._use_saved_filter)
        self.saved_filters.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.saved_filters.customContextMenuRequested.connect(self._saved_filter_menu)
        self.saved_filters.setToolTip(tr("Right click to rename or delete the chosen filter"))

        first_kind = replica.schema().sections()[0].key
        self.model = RecordsModel(replica, first_kind, lang)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _: self.open_card())

        self.card = RecordCard(replica, lang)
        self.card.saved.connect(self._saved)
        self.card.open_record.connect(self.open_record)
        self.card.letters_for.connect(self.letters_for)
        self.card.setMinimumWidth(340)

        list_page = QWidget()
        cv = QVBoxLayout(list_page)
        cv.setContentsMargins(10, 10, 10, 10)
        self.bin_heading = BinHeading()
        self.bin_heading.back.clicked.connect(lambda: self.act_bin.setChecked(False))
        cv.addWidget(self.bin_heading)
        bar = QHBoxLayout()
        self.search.setMinimumWidth(240)  # room for the hint, in Russian too
        self.saved_filters.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.saved_filters)
        cv.addLayout(bar)
        cv.addWidget(self.filter_bar)
        self.board = DealBoard(replica, lang)
        self.board.open_record.connect(self.open_record)
        self.board.hide()
        cv.addWidget(self.table)
        cv.addWidget(self.board, 1)
        # The home screen of an office that sells: the dashboard, first in the sections list.
        self.dashboard = DashboardView(replica, lang)
        self.dashboard.show_records.connect(self.show_records)
        self.dashboard.open_record.connect(self.open_record)
        self.calendar = CalendarView(replica, lang)
        self.calendar.open_record.connect(self.open_record)
        self.pages = QStackedWidget()
        self.pages.addWidget(list_page)
        self.pages.addWidget(self.dashboard)
        self.pages.addWidget(self.calendar)
        self._make_talk_pages()
        center = self.pages
        self._dashboard_timer = QTimer(self)
        self._dashboard_timer.setSingleShot(True)
        self._dashboard_timer.setInterval(300)  # a burst of changes redraws the figures once
        self._dashboard_timer.timeout.connect(self._refresh_views)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.setSpacing(4)
        lv.addWidget(self.sections)  # as tall as its rows: every section shows at 1280×720
        lv.addWidget(self.group_by)
        lv.addWidget(self.groups, 1)
        left.setFixedWidth(210)
        self.sections.setFixedWidth(210)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(center)
        splitter.addWidget(self.card)
        # The list takes what the screen gives or takes; the card keeps its 430 px (at 1280×720 a shared shrink
        # left it 380 px and an e-mail scrolled in its line).
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 0)
        splitter.setSizes([210, 720, 430])
        for pane in range(3):  # a pane never collapses to nothing (it came back only by dragging an unmarked handle)
            splitter.setCollapsible(pane, False)
        # Above every page: an edit made offline that lost to a later one from another PC (client/ui/lost_notice.py).
        self.lost_bar = LostEditsBar(replica, lang)
        host = QWidget()
        hv = QVBoxLayout(host)
        hv.setContentsMargins(0, 0, 0, 0)
        hv.setSpacing(0)
        hv.addWidget(self.lost_bar)
        hv.addWidget(splitter, 1)
        self.setCentralWidget(host)
        self.splitter = splitter
        self._panes_before: list[int] | None = None
        geometry = i18n.settings().value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.resize(*fitting_size(self.width(), self.height()))  # saved on a bigger screen than this one
        panes = i18n.settings().value("window/panes")
        if panes is not None:
            splitter.restoreState(panes)
            for pane in range(3):  # a state saved while a pane was collapsed (by earlier versions) is not taken
                splitter.setCollapsible(pane, False)
            if min(splitter.sizes()) == 0:
                splitter.setSizes([210, 720, 430])
        self._columns_kind = first_kind
        self._arranging = False
        self._restore_columns()
        header.sectionMoved.connect(lambda *_: self._save_columns())
        header.sectionResized.connect(lambda *_: self._columns_timer.start())
        self._columns_timer = QTimer(self)
        self._columns_timer.setSingleShot(True)
        self._columns_timer.setInterval(500)  # a drag resizes many times; remember the last width once
        self._columns_timer.timeout.connect(self._save_columns)
        # Enter on a row opens its card for typing; Esc in the card goes back to the list (typing is kept).
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.open_card, context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.card, self.close_card,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        status_bar = self.statusBar()
        assert status_bar is not None  # a main window makes its status bar on first ask
        self.status_panel = StatusPanel(status_bar)
        self.state_label, self.outbox_label = self.status_panel.state, self.status_panel.outbox
        self.server_label = self.status_panel.server
        self.status_panel.login.clicked.connect(self.login_again)
        self._make_actions()
        self._make_tools_menu()
        self.retranslate()
        self.fill_sections()
        if replica.count("invoice") or replica.count("deal"):
            self.sections.setCurrentRow(0)  # an office that sells opens on its dashboard
        self._on_status(self._current_status())

    def _current_status(self) -> SyncStatus:
        if self.engine is not None:
            return self.engine.status
        return SyncStatus(server=str(self.replica.meta("server") or ""), outbox=self.replica.outbox_size(),
                          last_seq=self.replica.last_seq)

    def retranslate(self) -> None:
        # The company's name once there are several, so nobody types into the wrong one.
        several = self.replica.meta("company") or int(self.replica.meta("server_companies") or 1) > 1
        company = str(self.replica.meta("server_name") or "") if several else ""
        self.setWindowTitle(" — ".join(p for p in (tr("Office organizer"), company, self.replica.user) if p))
        if self.company_menu is not None:
            self.company_menu.retranslate()
        self.search.setPlaceholderText(tr("Quick search: type any part of a name, phone, city…"))
        self._retranslate_actions()
        self._retranslate_tools_menu()
        self.dashboard.retranslate()
        self.board.retranslate()
        self.calendar.retranslate()
        self.feed_view.retranslate()
        self.messages_view.retranslate()
        self._apply_role()
        self.card.retranslate()
        self.lost_bar.retranslate(self.lang)
        self.folders.set_section(self.model.kind, self.model.fields, self.lang)
        self._fill_filter_fields()
        self._fill_saved_filters()
        self._show_bin_heading()

    # ---- behaviour

    def open_card(self) -> None:
        """Enter or double-click: start typing in the card of the current row."""
        if self.card.record is None:
            return
        editor = next(iter(self.card.editors.values()), None)
        if editor is not None:
            editor.widget.setFocus()

    def close_card(self) -> None:
        """Esc: back to the list. Typing stays in the card and is saved when another row is chosen."""
        if self.card.record is None and not self.card.has_unsaved():
            self.card.show_record(None)  # an untouched new record is simply dropped
        self.table.setFocus()

    def current_kind(self) -> str:
        return self.model.kind

    def apply_search(self) -> None:
        where = dict(self.folders.where)
        try:
            where.update(self.filter_bar.where())
        except ValueError as e:  # the list stays as it was; the typed value stays for correcting
            self.statusBar().showMessage(str(e), 8000)
            return
        if self.card.has_unsaved():
            self.card.save()  # searching is going away from the card; a wrong value stays there, said
        selected = self.card.record.id if self.card.record else None
        self.model.set_search(self.search.text(), where)
        if selected:
            self._reselect(selected)

    def _row_changed(self, current: Any, _previous: Any) -> None:
        record = self.model.record_at(current.row()) if current.isValid() else None
        if record is not None and (self.card.record is None or self.card.record.id != record.id):
            if not self.card.show_record(record.id) and self.card.record is not None:
                self._reselect(self.card.record.id)  # back to the card the user is typing in

    def new_record(self) -> None:
        if not self.card.leave():
            return
        self.table.clearSelection()
        # A record made inside a folder or a filter belongs there (olga's folder: manager = olga), so it
        # does not vanish from the list the moment it is saved.
        try:
            where = {**self.folders.where, **self.filter_bar.where()}
        except ValueError:
            where = dict(self.folders.where)
        kind = self.model.kind
        starts = new_record_defaults(self.replica.schema().kind(kind), self.replica.user)
        self.card.show_new(kind, {**starts, **{k: v for k, v in where.items() if v is not None}})

    def delete_record(self) -> None:
        record = self.card.record
        if record is None:
            return
        if not rights_of(self.replica).may_delete(record):
            QMessageBox.information(self, tr("Delete"), tr("Your role may not delete this record.") + "\n"
                                    + tr("Owner") + f": {owner_names(record) or '—'}")
            return
        answer = QMessageBox.question(self, tr("Delete"), tr("Move this record to the bin? It can be restored."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.replica.delete(record.id, undoable=True)
        self.card.discard()  # typing in a record that went to the bin goes with it
        self.card.show_record(None)

    def show_bin(self, on: bool) -> None:
        if not self.card.show_record(None):
            self.act_bin.blockSignals(True)
            self.act_bin.setChecked(not on)
            self.act_bin.blockSignals(False)
            return
        self.model.set_deleted(on)
        # In the bin several records can be chosen (Ctrl+A, Shift, Ctrl) and restored at once.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if on
                                    else QAbstractItemView.SelectionMode.SingleSelection)
        self.act_restore.setVisible(on)
        self.act_new.setEnabled(not on)
        self._show_bin_heading()

    def _show_bin_heading(self) -> None:
        if not self.model.deleted:
            self.bin_heading.hide()
            return
        self.bin_heading.show_for(self.replica.schema().kind(self.model.kind).label(self.lang), self.model.rowCount())

    def restore_record(self) -> None:
        """Every record selected in the bin comes back (the card's one when none is); one Undo sends them back."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        records = [r for r in (self.model.record_at(row) for row in rows) if r is not None and r.deleted]
        if not records and self.card.record is not None and self.card.record.deleted:
            records = [self.card.record]
        if not records:
            return
        batch = f"restore:{new_id()}"
        self.replica.transaction(lambda: [self.replica.undelete(r.id, batch=batch, undoable=n == 0)
                                          for n, r in enumerate(records)])
        self.card.show_record(None)
        self._show_bin_heading()
        self.statusBar().showMessage(tr("Restored from the bin: {n}").replace("{n}", str(len(records))), 8000)

    def undo(self) -> None:
        """Undo: the typing in the card first (the card stays open, a new one too), else the last saved edit."""
        if self.card.has_unsaved():
            self.card.discard()
            self.statusBar().showMessage(tr("The typing in the card was undone"), 5000)
            return
        rec_id = self.card.undo_last()
        if rec_id:
            self._reselect(rec_id)

    def _saved(self, rec_id: str) -> None:
        self._reselect(rec_id)

    def open_record(self, rec_id: str) -> None:
        record = self.replica.get(rec_id)
        if record is None or not self.card.may_replace(rec_id):
            return
        self.select_kind(record.kind)
        self.card.show_record(rec_id)
        self._reselect(rec_id)

    def _reselect(self, rec_id: str, near: int | None = None) -> None:
        """Keep the same record selected after the rows moved (a save, a colleague's change, a search).

        `near` is the row it had: an edit elsewhere rarely moves it far, and that page is on screen anyway,
        so it is looked at first; scanning from the top is the fallback.
        """
        if near is None and self.table.currentIndex().isValid():
            near = self.table.currentIndex().row()
        self.model.rowCount()
        row = self.model.row_of(rec_id)
        if row is None and near is not None and near >= 0:
            for r in (near, near - PAGE, near + PAGE):
                if 0 <= r < self.model.rowCount():
                    self.model.record_at(r)
                    row = self.model.row_of(rec_id)
                    if row is not None:
                        break
        if row is None:
            # Look through the first pages: a just-saved record usually sorts near where it was.
            for r in range(0, min(self.model.rowCount(), 2000), 200):
                self.model.record_at(r)
                row = self.model.row_of(rec_id)
                if row is not None:
                    break
        if row is not None:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
            self.table.scrollTo(self.model.index(row, 0))

    def _on_change(self, change: Change) -> None:
        if change.schema_changed:
            self.fill_sections()
            self._save_columns()
            self.model.refresh(schema_changed=True)
            self._restore_columns()
            self._fill_filter_fields()
            if self.card.record is not None and not self.card.has_unsaved():
                self.card.show_record(self.card.record.id)
        elif (self.model.kind in change.kinds or not change.kinds
              or change.kinds & derived.DEPENDS.get(self.model.kind, frozenset())):
            selected = self.card.record.id if self.card.record else None
            near = self.table.currentIndex().row()  # before the refresh: a reset forgets it
            fields = {key for op in change.ops if op.kind == self.model.kind for key in op.values()}
            if not change.ops or not self.model.update_in_place(change.records, fields):
                self.model.refresh()
            self.folders.changed()
            if selected:
                self._reselect(selected, near)
            if self.model.deleted:
                self._show_bin_heading()
        if change.source == "remote" or change.origin is not self.card:
            # A colleague's change, or one made here outside the card (a reminder's "Done", the board, the
            # planner): the open card shows it at once; what the user is typing stays.
            self.card.refresh_from_remote(change.records, change.ops)
        if TIE in change.kinds and self.card.record is not None:
            self.card.related_tab.reload()  # a tie made or removed here, on a colleague's PC or refused
        if change.refused:
            self.card.show_refused(change.refused)
            from client.core.refusals import in_language
            reason = in_language(change.refused[0][2], self.lang, self.replica.schema())
            self.statusBar().showMessage(tr("The server refused a change") + (f": {reason}" if reason else ""), 15000)
        if change.lost:
            self.lost_bar.add(change.lost)
        if self.card.shows_parts_of(change.kinds) or (
                self.card.kind is not None and change.kinds & derived.DEPENDS.get(self.card.kind, frozenset())):
            self.card.refresh()
        if "requisites" in change.kinds:
            self.card.requisites_changed()
        if change.kinds & (SALES_KINDS | {"task", "event"}) or not change.kinds:
            self._dashboard_timer.start()
        if "saved_filter" in change.kinds and change.origin is not self:
            self._fill_saved_filters()  # saved on this user's other PC
        self._talk_changed(change)
        self.status_panel.show_outbox(self.replica.outbox_size())

    def _on_status(self, status: SyncStatus) -> None:
        self.status_panel.show(status, self.replica.clock_offset_ms, release_gap(self.replica))

    def set_language(self, lang: str) -> None:
        if not self.card.leave():  # the card is built again in the new language
            self._retranslate_actions()
            return
        app = QApplication.instance()
        if app is not None:
            i18n.install(app, lang)  # type: ignore[arg-type]
        i18n.save_language(lang)
        self.lang = lang
        self.model.set_language(lang)
        self.card.lang = lang
        self.dashboard.lang = self.board.lang = self.calendar.lang = self.feed_view.lang = lang
        self.fill_sections()
        self.retranslate()
        self._on_status(self._current_status())  # the status bar's words too, not at the next change of state
        if self.card.record is not None:
            self.card.show_record(self.card.record.id)

    def closeEvent(self, event: Any) -> None:
        # Closing saves the card without a question (a question here would also hold up a logout or a shutdown);
        # a value that cannot be saved keeps the window open, the card saying what is wrong.
        if self.card.has_unsaved() and self.card.save() is None and self.card.has_unsaved():
            self.statusBar().showMessage(tr("The card has a value that cannot be saved: correct it, or undo the "
                                            "typing (Ctrl+Z), then close"), 15000)
            event.ignore()
            return
        self._save_columns()
        i18n.settings().setValue("window/geometry", self.saveGeometry())
        self._fit_card(False)  # the user's own arrangement is what is remembered
        i18n.settings().setValue("window/panes", self.splitter.saveState())
        self.bridge.close()
        super().closeEvent(event)
