"""The filter row's fields and the user's saved filters (which follow the user to each of their PCs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from client.ui.i18n import tr

if TYPE_CHECKING:
    from client.ui.window_state import WindowState as Window
else:
    Window = object


class FiltersMixin(Window):
    """Part of MainWindow: the filter bar's fields for the section, and saving, using, renaming, deleting filters."""

    replica: Any
    lang: str
    model: Any
    filter_bar: Any
    filter_value: Any
    saved_filters: Any
    search: Any

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
