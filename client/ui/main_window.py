"""The main window: sections, quick search and filter, the lazy table, the card, and the sync status."""

from __future__ import annotations

import importlib.util
import json
from typing import Any

from client.core import derived
from client.core.replica import Change, Replica
from client.core.rights import may_export
from client.core.sync import SyncStatus, release_gap
from client.ui import i18n
from client.ui.bridge import Bridge
from client.ui.calendar_view import CalendarView
from client.ui.dashboard_view import DashboardView
from client.ui.deal_board import DealBoard
from client.ui.filter_bar import FilterBar
from client.ui.folders import Folders
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QAction,
    QApplication,
    QComboBox,
    QGuiApplication,
    QHBoxLayout,
    QKeySequence,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QShortcut,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableView,
    QTimer,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from client.ui.record_card import RecordCard
from client.ui.records_model import PAGE, RecordsModel
from client.ui.status_panel import StatusPanel
from lan_server.records.store import ID_KEY


def fitting_size(width: int, height: int) -> tuple[int, int]:
    """The window's first size, no bigger than the screen less its task bar: a 1366×768 laptop sees the status bar."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return width, height
    free = screen.availableGeometry()
    frame = 40  # the title bar and borders the window manager adds around the window
    return min(width, free.width()), min(height, free.height() - frame)


def default_hidden(fields: list[Any], columns: tuple[str, ...] = (), shown: int = 6) -> list[int]:
    """Columns hidden until the user asks for them, so a new install has no horizontal scroll bar: those the
    section does not name in its `columns`; for a section without them (one the office made), long texts,
    pictures and files, and any beyond the first `shown`."""
    if columns:
        return [col for col, fd in enumerate(fields) if fd.key not in columns]
    out, visible = [], 0
    for col, fd in enumerate(fields):
        if fd.type in ("multiline", "image", "file") or visible >= shown:
            out.append(col)
        else:
            visible += 1
    return out


DASHBOARD = "@dashboard"  # the sections list's entry for the home screen
CALENDAR = "@calendar"    # and for the planner (a week of tasks and events)
SALES_KINDS = frozenset({"invoice", "invoice_line", "payment", "deal", "requisites"})

STYLE = """
QMainWindow { background: #f6f7f9; }
QListWidget#sections { background: #1f2a37; color: #e5e7eb; border: none; font-size: 14px; padding-top: 8px; }
QListWidget#sections::item { padding: 9px 14px; }
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


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


class MainWindow(QMainWindow):
    def __init__(self, replica: Replica, *, lang: str = "en", engine: Any = None) -> None:
        super().__init__()
        self.replica = replica
        self.lang = lang
        self.engine = engine
        self.bridge = Bridge(replica, self)
        self.bridge.changed.connect(self._on_change)
        self.bridge.status.connect(self._on_status)
        self.setStyleSheet(STYLE)
        self.resize(*fitting_size(1280, 780))

        self.sections = QListWidget()
        self.sections.setObjectName("sections")
        self.sections.setFixedWidth(190)
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
        center = self.pages
        self._dashboard_timer = QTimer(self)
        self._dashboard_timer.setSingleShot(True)
        self._dashboard_timer.setInterval(300)  # a burst of changes redraws the figures once
        self._dashboard_timer.timeout.connect(self._refresh_views)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.setSpacing(4)
        lv.addWidget(self.sections, 3)
        lv.addWidget(self.group_by)
        lv.addWidget(self.groups, 2)
        left.setFixedWidth(210)
        self.sections.setFixedWidth(210)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(center)
        splitter.addWidget(self.card)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([210, 720, 430])
        splitter.setCollapsible(0, False)
        self.setCentralWidget(splitter)
        self.splitter = splitter
        self._panes_before: list[int] | None = None
        geometry = i18n.settings().value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.resize(*fitting_size(self.width(), self.height()))  # saved on a bigger screen than this one
        panes = i18n.settings().value("window/panes")
        if panes is not None:
            splitter.restoreState(panes)
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

        self.status_panel = StatusPanel(self.statusBar())
        self.state_label, self.outbox_label = self.status_panel.state, self.status_panel.outbox
        self.server_label = self.status_panel.server
        self._make_actions()
        self.retranslate()
        self.fill_sections()
        if replica.count("invoice") or replica.count("deal"):
            self.sections.setCurrentRow(0)  # an office that sells opens on its dashboard
        self._on_status(engine.status if engine is not None else SyncStatus(
            server=str(replica.meta("server") or ""), outbox=replica.outbox_size(), last_seq=replica.last_seq))

    # ---- actions and menus

    def _make_actions(self) -> None:
        self.act_new = QAction(self)
        self.act_new.setShortcut(QKeySequence.StandardKey.New)
        self.act_new.triggered.connect(self.new_record)
        self.act_save = QAction(self)
        self.act_save.setShortcut(QKeySequence.StandardKey.Save)
        self.act_save.triggered.connect(self.card.save)
        self.act_delete = QAction(self)
        self.act_delete.setShortcut(QKeySequence.StandardKey.Delete)
        self.act_delete.triggered.connect(self.delete_record)
        self.act_find = QAction(self)
        self.act_find.setShortcut(QKeySequence.StandardKey.Find)
        self.act_find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.act_undo = QAction(self)
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.triggered.connect(self.undo)
        self.act_settings = QAction(self)
        self.act_settings.triggered.connect(self.open_settings)
        self.act_sync = QAction(self)
        self.act_sync.triggered.connect(lambda: self.engine.sync_now() if self.engine else None)
        self.act_login = QAction(self)
        self.act_login.triggered.connect(self.login_again)
        self.act_quit = QAction(self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        self.act_save_filter = QAction(self)
        self.act_save_filter.triggered.connect(self.save_filter)
        self.act_lang = {code: QAction(name, self, checkable=True) for code, name in i18n.LANGUAGES.items()}
        for code, act in self.act_lang.items():
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
        self.act_bin = QAction(self, checkable=True)
        self.act_bin.toggled.connect(self.show_bin)
        self.act_restore = QAction(self)
        self.act_restore.triggered.connect(self.restore_record)
        self.act_restore.setVisible(False)
        self.act_today = QAction(self)
        self.act_today.setShortcut(QKeySequence("Ctrl+T"))
        self.act_today.triggered.connect(self.open_today)
        self.act_import = QAction(self)
        self.act_import.triggered.connect(self.open_import)
        self.act_export = QAction(self)
        self.act_export.triggered.connect(self.open_export)
        self.act_board = QAction(self, checkable=True)
        self.act_board.toggled.connect(self.show_board)
        self.act_board.setVisible(False)
        self.act_print = QAction(self)
        self.act_print.setShortcut(QKeySequence.StandardKey.Print)
        self.act_print.triggered.connect(self.print_preview)
        self.act_pdf = QAction(self)
        self.act_pdf.triggered.connect(self.save_pdf)
        self.act_print_card = QAction(self)
        self.act_print_card.triggered.connect(self.print_card)
        self.act_letters = QAction(self)
        self.act_letters.triggered.connect(self.open_letters)
        self.act_mailing = QAction(self)
        self.act_mailing.triggered.connect(self.open_mailing)
        self.act_mail_settings = QAction(self)
        self.act_mail_settings.triggered.connect(self.open_mail_settings)
        self.act_backups = QAction(self)
        self.act_backups.triggered.connect(self.open_backups)
        self.act_price_list = QAction(self)
        self.act_price_list.triggered.connect(self.open_price_list)
        self.act_requisites = QAction(self)
        self.act_requisites.triggered.connect(self.open_requisites)
        self.act_import.setVisible(_has("client.ui.import_dialog"))
        self.act_export.setVisible(_has("client.ui.export_dialog"))

        self.toolbar = QToolBar()
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.act_new, self.act_save, self.act_delete, self.act_undo, self.act_today, self.act_sync,
                    self.act_board):
            self.toolbar.addAction(act)
        self.addToolBar(self.toolbar)
        self.menu_file = self.menuBar().addMenu("")
        for act in (self.act_import, self.act_export, self.act_letters, self.act_mailing, self.act_price_list,
                    self.act_print,
                    self.act_pdf,
                    self.act_print_card, self.act_sync, self.act_login, self.act_quit):
            self.menu_file.addAction(act)
        self.menu_edit = self.menuBar().addMenu("")
        for act in (self.act_new, self.act_save, self.act_delete, self.act_undo, self.act_find, self.act_save_filter,
                    self.act_bin, self.act_restore):
            self.menu_edit.addAction(act)
        self.toolbar.addAction(self.act_restore)
        self.menu_settings = self.menuBar().addMenu("")
        self.menu_settings.addAction(self.act_settings)
        self.act_users = QAction(self)
        self.act_users.triggered.connect(self.open_users)
        self.menu_settings.addAction(self.act_users)
        self.menu_settings.addAction(self.act_requisites)
        self.menu_settings.addAction(self.act_mail_settings)
        self.menu_settings.addAction(self.act_backups)
        self.menu_lang = self.menu_settings.addMenu("")
        for act in self.act_lang.values():
            self.menu_lang.addAction(act)
        self.act_about = QAction(self)
        self.act_about.triggered.connect(self.show_about)
        self.menu_help = self.menuBar().addMenu("")
        self.menu_help.addAction(self.act_about)

    def about_text(self) -> str:
        from lan_server import __version__
        server = str(self.replica.meta("server_name") or self.replica.meta("server") or "")
        return (f"{tr('Office organizer')} {__version__}\n\n{tr('Office server')}: {server or '—'}\n"
                f"{tr('Data of this PC')}: {self.replica.profile}")

    def show_about(self) -> None:
        QMessageBox.about(self, tr("About the organizer"), self.about_text())

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Office organizer") + (f" — {self.replica.user}" if self.replica.user else ""))
        self.search.setPlaceholderText(tr("Quick search: type any part of a name, phone, city…"))
        self.act_new.setText(tr("New"))
        self.act_save.setText(tr("Save"))
        self.act_delete.setText(tr("Delete"))
        self.act_find.setText(tr("Find"))
        self.act_undo.setText(tr("Undo"))
        self.act_settings.setText(tr("Fields and sections…"))
        self.act_sync.setText(tr("Sync now"))
        self.act_quit.setText(tr("Quit"))
        self.act_login.setText(tr("Log in again…"))
        self.act_import.setText(tr("Import…"))
        self.act_export.setText(tr("Export…"))
        self.act_save_filter.setText(tr("Save this filter…"))
        self.act_today.setText(tr("Today"))
        self.act_bin.setText(tr("Show the bin"))
        self.act_restore.setText(tr("Restore from the bin"))
        self.act_users.setText(tr("Users…"))
        self.act_board.setText(tr("Board"))
        self.act_price_list.setText(tr("Price list…"))
        self.act_print.setText(tr("Print the list…"))
        self.act_letters.setText(tr("Letters from a template…"))
        self.act_mailing.setText(tr("Mailing…"))
        self.act_mail_settings.setText(tr("Mail server…"))
        self.act_backups.setText(tr("Backups…"))
        self.act_pdf.setText(tr("Save the list as PDF…"))
        self.act_print_card.setText(tr("Print the card…"))
        self.act_price_list.setVisible(self.replica.schema().has_kind("product"))
        self.act_requisites.setText(tr("Company requisites…"))
        self.dashboard.retranslate()
        self.board.retranslate()
        self.calendar.retranslate()
        self._apply_role()
        self.menu_file.setTitle(tr("&File"))
        self.menu_edit.setTitle(tr("&Edit"))
        self.menu_settings.setTitle(tr("&Settings"))
        self.menu_lang.setTitle(tr("Language"))
        self.menu_help.setTitle(tr("&Help"))
        self.act_about.setText(tr("About the organizer"))
        for code, act in self.act_lang.items():
            act.setChecked(code == self.lang)
        self.card.retranslate()
        self.folders.set_section(self.model.kind, self.model.fields, self.lang)
        self._fill_filter_fields()
        self._fill_saved_filters()

    def fill_sections(self) -> None:
        current = self.model.kind
        self.sections.blockSignals(True)
        self.sections.clear()
        if self.replica.schema().has_kind("invoice"):
            item = QListWidgetItem(tr("Dashboard"))
            item.setData(Qt.ItemDataRole.UserRole, DASHBOARD)
            self.sections.addItem(item)
            if self.pages.currentWidget() is self.dashboard:
                self.sections.setCurrentItem(item)
        item = QListWidgetItem(tr("Planner"))
        item.setData(Qt.ItemDataRole.UserRole, CALENDAR)
        self.sections.addItem(item)
        if self.pages.currentWidget() is self.calendar:
            self.sections.setCurrentItem(item)
        for kd in self.replica.schema().sections():
            item = QListWidgetItem(kd.label(self.lang))
            item.setData(Qt.ItemDataRole.UserRole, kd.key)
            self.sections.addItem(item)
            if kd.key == current and self.pages.currentIndex() == 0:
                self.sections.setCurrentItem(item)
        self.sections.blockSignals(False)
        if self.sections.currentItem() is None and self.sections.count():
            first = next((i for i in range(self.sections.count())
                          if self.sections.item(i).data(Qt.ItemDataRole.UserRole) not in (DASHBOARD, CALENDAR)), 0)
            self.sections.setCurrentRow(first)

    def _fill_filter_fields(self, keep: bool = True) -> None:
        self.filter_bar.lang = self.lang
        self.filter_bar.set_fields(self.model.kind, self.model.fields, keep=keep)
        self.filter_bar.retranslate()

    def _filter_field_changed(self, _index: int) -> None:
        # Choosing another field with a value typed re-filters at once; "is empty" needs no value.
        if self.filter_value.text().strip() or self.filter_bar.op.currentData() != "is":
            self.apply_search()

    def _fill_saved_filters(self) -> None:
        """The user's saved filters of this section (they follow the user to each of their PCs)."""
        from client.core import saved_filters
        if self.replica.meta("saved_filters"):
            saved_filters.move_from_this_pc(self.replica)
        self.saved_filters.clear()
        self.saved_filters.addItem(tr("Saved filters"), None)
        for saved in saved_filters.mine(self.replica, self.model.kind):
            self.saved_filters.addItem(saved.name, saved)

    def _saved_filter_menu(self, pos: Any) -> None:
        """Right click on a saved filter: rename or delete it."""
        from client.ui.qt import QMenu
        saved = self.saved_filters.currentData()
        if saved is None:
            return
        menu = QMenu(self)
        menu.addAction(tr("Rename…")).triggered.connect(lambda: self.rename_saved_filter(saved.rec))
        menu.addAction(tr("Delete")).triggered.connect(lambda: self.delete_saved_filter(saved.rec))
        menu.exec(self.saved_filters.mapToGlobal(pos))

    def rename_saved_filter(self, rec: str, name: str | None = None) -> None:
        from client.core import saved_filters
        from client.ui.qt import QInputDialog
        if name is None:
            name, ok = QInputDialog.getText(self, tr("Rename…"), tr("Name:"))
            if not ok:
                return
        if name.strip():
            saved_filters.rename(self.replica, rec, name.strip())
            self._fill_saved_filters()

    def delete_saved_filter(self, rec: str) -> None:
        from client.core import saved_filters
        saved_filters.delete(self.replica, rec)
        self._fill_saved_filters()

    # ---- behaviour

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        title = self.replica.schema().kind(self.model.kind).title_field
        for col, fd in enumerate(self.model.fields):
            wide = fd.key == title or fd.type in ("email", "link")
            header.resizeSection(col, 210 if wide else 130)

    def _save_columns(self) -> None:
        """Remember each column's place, width and visibility by field key, per section."""
        if self._arranging:
            return
        header = self.table.horizontalHeader()
        state = {fd.key: [header.visualIndex(col), header.sectionSize(col), header.isSectionHidden(col)]
                 for col, fd in enumerate(self.model.fields)}
        i18n.settings().setValue(f"columns/{self._columns_kind}", json.dumps(state))

    def _restore_columns(self) -> None:
        """Default widths, then what the user arranged last time (fields added since keep their defaults)."""
        self._columns_kind = self.model.kind
        header = self.table.horizontalHeader()
        self._arranging = True  # the view must still hear the header; only our saving pauses
        try:
            for col in range(header.count()):  # undo the previous section's arrangement
                header.setSectionHidden(col, False)
                header.moveSection(header.visualIndex(col), col)
            self._size_columns()
            try:
                state = json.loads(i18n.settings().value(f"columns/{self.model.kind}", "", type=str) or "{}")
            except ValueError:
                state = {}
            cols = {fd.key: col for col, fd in enumerate(self.model.fields)}
            if not state:  # a new install: the columns that fit, the rest a right click away
                for col in default_hidden(self.model.fields, self.replica.schema().kind(self.model.kind).columns):
                    header.setSectionHidden(col, True)
            placed = sorted((v[0], cols[k], v) for k, v in state.items() if k in cols and isinstance(v, list))
            for _, col, (_visual, width, hidden) in placed:
                header.moveSection(header.visualIndex(col), min(_visual, header.count() - 1))
                header.resizeSection(col, max(30, int(width)))
                header.setSectionHidden(col, bool(hidden))
        finally:
            self._arranging = False

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

    def _section_changed(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is None:
            return
        kind = str(item.data(Qt.ItemDataRole.UserRole))
        on_dashboard = kind == DASHBOARD
        for pane in (self.card, self.group_by, self.groups):  # the dashboard and planner: no card, no folders
            pane.setVisible(kind not in (DASHBOARD, CALENDAR))
        if on_dashboard or kind == CALENDAR:
            view = self.dashboard if on_dashboard else self.calendar
            self.pages.setCurrentWidget(view)
            view.refresh()
            self.card.show_record(None)
            self._show_board_action()
            return
        shown_before = self.pages.currentWidget()
        self.pages.setCurrentIndex(0)
        if shown_before is self.dashboard and kind == self.model.kind:
            self.apply_search()  # back from the dashboard: the list as its filters say, not a click-through
        if kind != self.model.kind:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self._save_columns()
            self.model.set_kind(kind)
            self._restore_columns()
            self.act_bin.setChecked(False)
            self._fill_filter_fields(keep=False)
            self._fill_saved_filters()
            self.folders.set_section(self.model.kind, self.model.fields, self.lang)
            self._apply_role()  # the rights differ per section (export)
            self.card.show_record(None)
            self._fit_card(bool(self.replica.schema().kind(kind).inline))
        self._show_board_action()

    def _fit_card(self, wide: bool) -> None:
        """A card with tables inside (an invoice's lines) gets room for them; leaving it gives the room back."""
        if wide and self._panes_before is None:
            self._panes_before = self.splitter.sizes()
            left, middle, right = self._panes_before
            self.splitter.setSizes([left, (middle + right) * 2 // 5, (middle + right) * 3 // 5])
        elif not wide and self._panes_before is not None:
            self.splitter.setSizes(self._panes_before)
            self._panes_before = None

    def _show_board_action(self) -> None:
        on_deals = self.pages.currentIndex() == 0 and self.model.kind == "deal"
        self.act_board.setVisible(on_deals)
        if not on_deals and self.act_board.isChecked():
            self.act_board.setChecked(False)

    def show_board(self, on: bool) -> None:
        """Deals as a pipeline board (a column per stage) instead of the table."""
        self.table.setVisible(not on)
        for w in (self.search, self.saved_filters, self.filter_bar):  # the board shows every deal by stage
            w.setVisible(not on)
        self.board.setVisible(on)
        if on:
            self.board.refresh()

    def show_records(self, kind: str, ids: list[str]) -> None:
        """The records behind a dashboard figure, in their section's list."""
        self.select_kind(kind)
        self.model.set_search("", {ID_KEY: ids})
        self.statusBar().showMessage(tr("Shown: the records of the dashboard figure ({n})").replace(
            "{n}", str(len(ids))), 8000)

    def _refresh_views(self) -> None:
        if self.pages.currentWidget() is self.dashboard:
            self.dashboard.refresh()
        if self.pages.currentWidget() is self.calendar:
            self.calendar.refresh()
        if self.board.isVisible():
            self.board.refresh()

    def select_kind(self, kind: str) -> None:
        for i in range(self.sections.count()):
            if self.sections.item(i).data(Qt.ItemDataRole.UserRole) == kind:
                self.sections.setCurrentRow(i)
                return

    def apply_search(self) -> None:
        where = dict(self.folders.where)
        try:
            where.update(self.filter_bar.where())
        except ValueError as e:  # the list stays as it was; the typed value stays for correcting
            self.statusBar().showMessage(str(e), 8000)
            return
        selected = self.card.record.id if self.card.record else None
        self.model.set_search(self.search.text(), where)
        if selected:
            self._reselect(selected)

    def save_filter(self) -> None:
        from client.ui.qt import QInputDialog
        name, ok = QInputDialog.getText(self, tr("Save this filter…"), tr("Name:"))
        if ok and name.strip():
            from client.core import saved_filters
            saved_filters.save(self.replica, name.strip(), self.model.kind,
                               {"search": self.search.text(), **self.filter_bar.spec()})
            self._fill_saved_filters()

    def _use_saved_filter(self, index: int) -> None:
        saved = self.saved_filters.itemData(index)
        if not saved:
            return
        spec = saved.spec
        self.search.blockSignals(True)
        self.search.setText(spec.get("search", ""))
        self.search.blockSignals(False)
        for w in (self.filter_bar.field, self.filter_bar.op):
            w.blockSignals(True)
        self.filter_bar.load_spec(spec)
        for w in (self.filter_bar.field, self.filter_bar.op):
            w.blockSignals(False)
        self.filter_value.setEnabled(self.filter_bar.op.currentData() != "empty")
        self.apply_search()

    def _row_changed(self, current: Any, _previous: Any) -> None:
        record = self.model.record_at(current.row()) if current.isValid() else None
        if record is not None and (self.card.record is None or self.card.record.id != record.id):
            if self.card.has_unsaved():
                self.card.save()
            self.card.show_record(record.id)

    def new_record(self) -> None:
        if self.card.has_unsaved():
            self.card.save()
        self.table.clearSelection()
        # A record made inside a folder or a filter belongs there (olga's folder: manager = olga), so it
        # does not vanish from the list the moment it is saved.
        try:
            where = {**self.folders.where, **self.filter_bar.where()}
        except ValueError:
            where = dict(self.folders.where)
        self.card.show_new(self.model.kind, {k: v for k, v in where.items() if v is not None})

    def delete_record(self) -> None:
        record = self.card.record
        if record is None:
            return
        answer = QMessageBox.question(self, tr("Delete"), tr("Move this record to the bin? It can be restored."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.replica.delete(record.id, undoable=True)
        self.card.show_record(None)

    def show_bin(self, on: bool) -> None:
        self.model.set_deleted(on)
        self.card.show_record(None)
        self.act_restore.setVisible(on)
        self.act_new.setEnabled(not on)

    def restore_record(self) -> None:
        record = self.card.record
        if record is not None and record.deleted:
            self.replica.undelete(record.id, undoable=True)
            self.card.show_record(None)

    def undo(self) -> None:
        rec_id = self.card.undo_last()
        if rec_id:
            self._reselect(rec_id)

    def _saved(self, rec_id: str) -> None:
        self._reselect(rec_id)

    def open_record(self, rec_id: str) -> None:
        record = self.replica.get(rec_id)
        if record is None:
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
            fields = {op.field for op in change.ops if op.kind == self.model.kind}
            if not change.ops or not self.model.update_in_place(change.records, fields):
                self.model.refresh()
            self.folders.changed()
            if selected:
                self._reselect(selected, near)
        if change.source == "remote" or change.origin is not self.card:
            # A colleague's change, or one made here outside the card (a reminder's "Done", the board, the
            # planner): the open card shows it at once; what the user is typing stays.
            self.card.refresh_from_remote(change.records)
        if change.refused:
            self.card.show_refused(change.refused)
            from client.core.refusals import in_language
            reason = in_language(change.refused[0][2], self.lang, self.replica.schema())
            self.statusBar().showMessage(tr("The server refused a change") + (f": {reason}" if reason else ""), 15000)
        if self.card.shows_parts_of(change.kinds) or (
                self.card.kind is not None and change.kinds & derived.DEPENDS.get(self.card.kind, frozenset())):
            self.card.refresh()
        if change.kinds & (SALES_KINDS | {"task", "event"}) or not change.kinds:
            self._dashboard_timer.start()
        if "saved_filter" in change.kinds and change.origin is not self:
            self._fill_saved_filters()  # saved on this user's other PC
        self.status_panel.show_outbox(self.replica.outbox_size())

    def _on_status(self, status: SyncStatus) -> None:
        self.status_panel.show(status, self.replica.clock_offset_ms, release_gap(self.replica))

    def _column_menu(self, pos: Any) -> None:
        from client.ui.qt import QMenu
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for col, fd in enumerate(self.model.fields):
            act = menu.addAction(fd.label(self.lang))
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(col))
            act.toggled.connect(lambda on, c=col: self.show_column(c, on))
        menu.exec(header.mapToGlobal(pos))

    def show_column(self, col: int, on: bool) -> None:
        header = self.table.horizontalHeader()
        if not on and header.count() - header.hiddenSectionCount() <= 1:
            return  # the last visible column stays, or the header (and this menu) would vanish
        header.setSectionHidden(col, not on)
        self._save_columns()

    def set_language(self, lang: str) -> None:
        app = QApplication.instance()
        if app is not None:
            i18n.install(app, lang)  # type: ignore[arg-type]
        i18n.save_language(lang)
        self.lang = lang
        self.model.set_language(lang)
        self.card.lang = lang
        self.dashboard.lang = self.board.lang = self.calendar.lang = lang
        self.fill_sections()
        self.retranslate()
        if self.card.record is not None:
            self.card.show_record(self.card.record.id)

    def _apply_role(self) -> None:
        """Hide what the logged-in user may not do (the server refuses it anyway)."""
        role = self.replica.meta("role") or "admin"  # a PC that never logged in works on its own data
        writer = role != "viewer"
        for act in (self.act_new, self.act_save, self.act_delete, self.act_undo):
            act.setVisible(writer)
        self.card.save_button.setVisible(writer)
        self.act_settings.setVisible(role == "admin")
        self.act_export.setVisible(_has("client.ui.export_dialog") and may_export(self.replica, self.model.kind))
        self.act_users.setVisible(role == "admin" and bool(self.replica.meta("token")))
        self.act_requisites.setVisible(role == "admin")
        self.act_backups.setVisible(role == "admin" and bool(self.replica.meta("token")))

    def login_again(self) -> None:
        """After a password change or a revoked login: log in (the data on this PC stays)."""
        from client.ui.login_dialog import LoginDialog
        if LoginDialog(self.replica, self).exec() == LoginDialog.DialogCode.Accepted:
            self._apply_role()
            self.retranslate()
            if self.engine is not None:
                self.engine.sync_now()

    def open_users(self) -> None:
        from client.ui.admin_dialog import open_admin_dialog
        open_admin_dialog(self, self.replica)

    def open_today(self) -> None:
        from client.ui.today_view import TodayView
        view = TodayView(self.replica, self)
        view.open_record.connect(self.open_record)
        view.show()

    # ---- printing: exactly what the list shows (its filters, its visible columns in their order)

    def list_html(self) -> str:
        from client.core.printout import list_html
        from client.ui.printing import visible_columns
        columns = visible_columns(self.table.horizontalHeader(), self.model.fields)
        return list_html(self.replica, self.model.shown(), columns, self.lang)

    def print_preview(self) -> Any:
        from client.ui.printing import preview
        dialog = preview(self, self.list_html(), self.replica.schema().kind(self.model.kind).label(self.lang))
        if self.isVisible():
            dialog.exec()
        return dialog

    def save_pdf(self, path: Any = None) -> Any:
        from pathlib import Path

        from client.ui.printing import save_pdf
        from client.ui.qt import QFileDialog
        if not path:
            name, _ = QFileDialog.getSaveFileName(self, tr("Save the list as PDF…"),
                                                  f"{self.replica.schema().kind(self.model.kind).label(self.lang)}.pdf",
                                                  "PDF (*.pdf)")
            if not name:
                return None
            path = Path(name).with_suffix(".pdf")
        try:
            return save_pdf(self.list_html(), Path(path))
        except OSError as e:
            QMessageBox.warning(self, tr("Save the list as PDF…"), str(e))
            return None

    def print_card(self) -> None:
        from client.core.printout import card_html
        from client.ui.printing import preview
        if self.card.record is not None:
            preview(self, card_html(self.replica, self.card.record, self.lang),
                    self.replica.schema().title(self.card.record.kind, self.card.record.fields)).exec()

    def open_letters(self, shown: Any = None) -> Any:
        """Letters for exactly what the list shows (or, from a card, for that one record)."""
        from client.ui.letters_dialog import open_letters_dialog
        return open_letters_dialog(self, self.replica, shown or self.model.shown())

    def open_mailing(self) -> Any:
        """A mailing to exactly what the list shows."""
        from client.ui.mailing_dialog import open_mailing_dialog
        return open_mailing_dialog(self, self.replica, self.model.shown())

    def open_backups(self) -> Any:
        from client.ui.backups_dialog import BackupsDialog
        dialog = BackupsDialog(self.replica, self.lang, self)
        dialog.show()
        return dialog

    def open_mail_settings(self) -> Any:
        from client.ui.mailing_dialog import MailSettingsDialog
        dialog = MailSettingsDialog(self.replica, self)
        dialog.show()
        return dialog

    def letters_for(self, rec_id: str) -> Any:
        from client.core.selection import Shown
        record = self.replica.get(rec_id)
        return self.open_letters(Shown(record.kind, where={ID_KEY: [rec_id]})) if record else None

    def open_price_list(self) -> None:
        from client.ui.price_list_dialog import PriceListDialog
        PriceListDialog(self.replica, self.lang, self).exec()

    def open_requisites(self) -> None:
        from client.ui.requisites_dialog import RequisitesDialog
        RequisitesDialog(self.replica, self.lang, self).exec()

    def open_settings(self) -> None:
        from client.ui.settings_dialog import SettingsDialog
        SettingsDialog(self.replica, self.model.kind, self.lang, self).exec()

    def open_import(self) -> None:
        from client.ui import import_dialog  # type: ignore[attr-defined]
        import_dialog.open_import_dialog(self, self.replica)

    def open_export(self) -> None:
        if not may_export(self.replica, self.model.kind):  # a shortcut while the menu entry is hidden
            return
        from client.ui import export_dialog  # type: ignore[attr-defined]
        export_dialog.open_export_dialog(self, self.replica, self.model.shown())

    def closeEvent(self, event: Any) -> None:
        if self.card.has_unsaved():
            self.card.save()
        self._save_columns()
        i18n.settings().setValue("window/geometry", self.saveGeometry())
        self._fit_card(False)  # the user's own arrangement is what is remembered
        i18n.settings().setValue("window/panes", self.splitter.saveState())
        self.bridge.close()
        super().closeEvent(event)
