"""The sections list and the pages it switches between: a section's list (or the deals board), the dashboard and
the planner."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from client.ui.i18n import tr
from client.ui.qt import QListWidgetItem, Qt
from client.ui.window_talk import TALK_PAGES
from lan_server.records.store import ID_KEY

if TYPE_CHECKING:
    from client.ui.window_state import WindowState as Window
else:
    Window = object

DASHBOARD = "@dashboard"  # the sections list's entry for the home screen
CALENDAR = "@calendar"    # and for the planner (a week of tasks and events)
VIEWS = (DASHBOARD, CALENDAR, *TALK_PAGES)  # entries that show a page of their own, not a section's list


class PagesMixin(Window):
    """Part of MainWindow: which section or view is shown, and the room the card gets."""

    replica: Any
    lang: str
    model: Any
    pages: Any
    sections: Any
    card: Any

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
        self._add_talk_sections()
        for kd in self.replica.schema().sections():
            item = QListWidgetItem(kd.label(self.lang))
            item.setData(Qt.ItemDataRole.UserRole, kd.key)
            self.sections.addItem(item)
            if kd.key == current and self.pages.currentIndex() == 0:
                self.sections.setCurrentItem(item)
        self.sections.blockSignals(False)
        if self.sections.currentItem() is None and self.sections.count():
            first = next((i for i in range(self.sections.count())
                          if self.sections.item(i).data(Qt.ItemDataRole.UserRole) not in VIEWS), 0)
            self.sections.setCurrentRow(first)

    def _section_changed(self, item: QListWidgetItem | None, prev: Any = None) -> None:
        if item is None:
            return
        if not self.card.leave():  # back to the card the user is typing in, in its own section
            self.sections.blockSignals(True)
            self.sections.setCurrentItem(prev)
            self.sections.blockSignals(False)
            return
        kind = str(item.data(Qt.ItemDataRole.UserRole))
        on_dashboard = kind == DASHBOARD
        self.card.setVisible(kind not in VIEWS)  # the dashboard, planner, feed, messages: no card, no folders
        self.folders.set_shown(kind not in VIEWS)
        if kind in VIEWS:
            view = self.dashboard if on_dashboard else self.calendar if kind == CALENDAR else self._talk_page(kind)
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
        if self.card.has_unsaved():
            self.card.save()
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
