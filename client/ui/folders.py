"""Group folders beside the table: a folder per manager, group, city or choice value, with live counts;
choosing one narrows the table to it."""

from __future__ import annotations

from typing import Any, Callable

from client.core.replica import Replica
from client.core.talk import people
from client.ui.i18n import tr
from client.ui.qt import QComboBox, Qt, QTimer, QTreeWidget, QTreeWidgetItem
from client.ui.records_model import display
from lan_server.records import FieldDef
from lan_server.records.store.text import fold

GROUPABLE = ("group", "manager", "assignee", "city", "type", "result", "priority", "organization")


class Folders:
    """The "Groups:" list and its folder tree; `where` is the chosen folder as a field condition."""

    def __init__(self, replica: Replica, on_choice: Callable[[], None]) -> None:
        self.replica = replica
        self.on_choice = on_choice  # the window applies `where` to the table
        self.kind = ""
        self.fields: list[FieldDef] = []
        self.lang = "en"
        self.where: dict[str, Any] = {}
        self.shown = True  # a section's list is on screen (not the planner, the dashboard, the feed)
        self.group_by = QComboBox()
        self.group_by.currentIndexChanged.connect(lambda _: self.fill())
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setObjectName("groups")
        self.tree.currentItemChanged.connect(self._chosen)
        self._timer = QTimer(self.tree)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)  # counts scan the section: once per burst of changes
        self._timer.timeout.connect(self.refresh_counts)

    def set_shown(self, on: bool) -> None:
        """Shown beside a section's list only: a page of its own (the planner) has no folders, whatever fills
        them later (a change arriving, the language)."""
        self.shown = on
        self.group_by.setVisible(on)
        self.tree.setVisible(on and self.group_by.currentData() is not None)

    def set_section(self, kind: str, fields: list[FieldDef], lang: str) -> None:
        """Offer the fields of this section to group by, keep the choice where it still fits, and fill."""
        self.kind, self.fields, self.lang = kind, fields, lang
        self.group_by.blockSignals(True)
        current = self.group_by.currentData()
        self.group_by.clear()
        self.group_by.addItem(tr("Groups: none"), None)
        for fd in fields:
            if fd.key in GROUPABLE or fd.type in ("choice", "user"):
                self.group_by.addItem(f"{tr('Groups')}: {fd.label(lang)}", fd.key)
        index = self.group_by.findData(current) if current is not None else -1
        if index < 0:  # the usual folders: each manager's, or the group, else the city
            index = next((i for key in ("manager", "assignee", "group", "city")
                          if (i := self.group_by.findData(key)) > 0), 0)
        self.group_by.setCurrentIndex(index)
        self.group_by.blockSignals(False)
        self.fill()

    def fill(self) -> None:
        key = self.group_by.currentData()
        self.tree.blockSignals(True)
        self.tree.clear()
        self.where = {}
        self.tree.blockSignals(False)
        self.tree.setVisible(self.shown and key is not None)
        if key is None:
            self.on_choice()
            return
        fd = self.replica.schema().field(self.kind, key)
        counts = self.replica.group_counts(self.kind, key)
        titles = self.replica.titles(r for r, _ in counts if r) if fd.type == "link" else {}
        names = None
        if fd.type == "user":  # each manager's folder by name, А to Я (the login stays the folder's value)
            names = people.names(self.replica)
            counts = sorted(counts, key=lambda c: (c[0] is None, fold(names.get(str(c[0]), str(c[0])))))
        root = QTreeWidgetItem([f"{tr('All')} ({sum(n for _, n in counts)})"])
        root.setData(0, Qt.ItemDataRole.UserRole, ("all", None))
        self.tree.addTopLevelItem(root)
        for value, n in counts:
            text = display(fd, value, self.lang, titles, names) if value is not None else tr("(empty)")
            item = QTreeWidgetItem([f"{text or tr('(empty)')} ({n})"])
            item.setData(0, Qt.ItemDataRole.UserRole, ("value", value))
            root.addChild(item)
        root.setExpanded(True)

    def changed(self) -> None:
        """Records changed: count again soon (once per burst)."""
        self._timer.start()

    def refresh_counts(self) -> None:
        """Counts follow colleagues' changes; the chosen folder stays chosen."""
        if self.group_by.currentData() is None:
            return
        chosen = self.where
        self.fill()
        if chosen:
            root = self.tree.topLevelItem(0)
            for i in range(root.childCount() if root else 0):
                child = root.child(i)
                if child.data(0, Qt.ItemDataRole.UserRole)[1] == next(iter(chosen.values())):
                    self.tree.blockSignals(True)
                    self.tree.setCurrentItem(child)
                    self.tree.blockSignals(False)
                    self.where = chosen
                    break

    def _chosen(self, item: QTreeWidgetItem | None, _prev: Any = None) -> None:
        key = self.group_by.currentData()
        if item is None or key is None:
            return
        what, value = item.data(0, Qt.ItemDataRole.UserRole)
        self.where = {} if what == "all" else {key: value}
        self.on_choice()
