"""What the main window's parts share, typed once: the widgets and actions MainWindow makes, and the methods one
part offers the others. The parts (window_actions, window_pages, window_dialogs, window_filters,
window_columns, menu_actions) take it as their base for the type checker only; at run time they are plain
mixins of MainWindow."""

from __future__ import annotations

from typing import Any

from client.core.replica import Replica
from client.ui.calendar_view import CalendarView
from client.ui.dashboard_view import DashboardView
from client.ui.deal_board import DealBoard
from client.ui.filter_bar import FilterBar
from client.ui.folders import Folders
from client.ui.qt import (
    QAction,
    QComboBox,
    QListWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTimer,
    QToolBar,
)
from client.ui.record_card import RecordCard
from client.ui.records_model import RecordsModel


class WindowState(QMainWindow):
    replica: Replica
    lang: str
    engine: Any
    sections: QListWidget
    folders: Folders
    group_by: QComboBox
    groups: Any
    search: Any
    filter_bar: FilterBar
    filter_field: QComboBox
    filter_value: Any
    saved_filters: QComboBox
    model: RecordsModel
    table: QTableView
    card: RecordCard
    board: DealBoard
    dashboard: DashboardView
    calendar: CalendarView
    feed_view: Any       # client/ui/feed_view.py, made by window_talk
    messages_view: Any   # client/ui/messages_view.py, made by window_talk
    pages: QStackedWidget
    _panes_before: list[int] | None
    _search_timer: QTimer
    _columns_timer: QTimer
    splitter: QSplitter
    toolbar: QToolBar
    menu_file: QMenu
    menu_edit: QMenu
    menu_settings: QMenu
    menu_lang: QMenu
    menu_help: QMenu
    act_lang: dict[str, QAction]
    act_about: QAction
    act_backups: QAction
    act_bin: QAction
    act_board: QAction
    act_delete: QAction
    act_export: QAction
    act_find: QAction
    act_import: QAction
    act_letters: QAction
    act_login: QAction
    act_mail_settings: QAction
    act_mailing: QAction
    act_new: QAction
    act_pdf: QAction
    act_price_list: QAction
    act_print: QAction
    act_print_card: QAction
    act_quit: QAction
    act_requisites: QAction
    act_restore: QAction
    act_save: QAction
    act_save_filter: QAction
    act_settings: QAction
    act_sync: QAction
    act_today: QAction
    act_undo: QAction
    act_users: QAction

    # offered by MainWindow itself
    def retranslate(self) -> None: ...
    def apply_search(self) -> None: ...
    def current_kind(self) -> str:
        raise NotImplementedError

    def new_record(self) -> None: ...
    def delete_record(self) -> None: ...
    def restore_record(self) -> None: ...
    def undo(self) -> None: ...
    def show_bin(self, on: bool) -> None: ...
    def open_record(self, rec_id: str) -> None: ...
    def set_language(self, lang: str) -> None: ...
    # offered by one part to the others
    def _apply_role(self) -> None: ...
    def _save_columns(self) -> None: ...
    def _restore_columns(self) -> None: ...
    def _fill_filter_fields(self, keep: bool = True) -> None: ...
    def _fill_saved_filters(self) -> None: ...
    def show_board(self, on: bool) -> None: ...
    def login_again(self) -> None: ...
    def open_users(self) -> None: ...
    def open_today(self) -> None: ...
    def print_preview(self) -> Any: ...
    def save_pdf(self, path: Any = None) -> Any: ...
    def print_card(self) -> None: ...
    def open_letters(self, shown: Any = None) -> Any: ...
    def open_mailing(self) -> Any: ...
    def open_backups(self) -> Any: ...
    def open_mail_settings(self) -> Any: ...
    def open_price_list(self) -> None: ...
    def open_requisites(self) -> None: ...
    def open_forms(self) -> None: ...
    def list_pdf(self) -> Any: ...
    def open_settings(self) -> None: ...
    def open_import(self) -> None: ...
    def open_export(self) -> None: ...
    def open_phones(self) -> Any: ...
    def open_browser_address(self) -> Any: ...
    def _add_talk_sections(self) -> None: ...
    def _talk_page(self, key: str) -> Any: ...
    def show_unread(self) -> None: ...
    def save_filter(self) -> None: ...
