"""The lazy table of one section: rows come from paged queries, so 100,000 records cost one page at a time."""

from __future__ import annotations

from typing import Any, Mapping

from client.core.present import as_text
from client.core.replica import Replica
from client.core.selection import Shown
from client.core.talk import people
from client.ui.qt import QAbstractTableModel, QColor, QFont, QModelIndex, Qt
from client.ui.tasks import tasks
from lan_server.records import FieldDef, Record, derived

PAGE = 200
# A quick search counts this many rows before its first page shows; a word most records have is counted to the
# end meanwhile, and the rows come into the table when it is.
COUNT_FIRST = 1000
_NO_INDEX = QModelIndex()
_DONE_COLOR = QColor("#9ca3af")
_OVERDUE_COLOR = QColor("#b00020")



def display(fd: FieldDef, value: Any, lang: str, titles: dict[str, str] | None = None,
            people: Mapping[str, str] | None = None) -> str:
    """How a stored value reads in a table cell or a card (client/core/present.py); `people` names colleagues
    (client/core/talk/people.names)."""
    return as_text(fd, value, lang, titles, use="window", people=people)


class RecordsModel(QAbstractTableModel):
    def __init__(self, replica: Replica, kind: str, lang: str = "en") -> None:
        super().__init__()
        self.replica = replica
        self.lang = lang
        self.kind = kind
        self.search = ""
        self.where: dict[str, Any] = {}
        self.order: str | None = None
        self.descending = False
        self.deleted = False  # True shows the bin
        self._count: int | None = None
        self._counting = 0      # which search a count under way is for; a newer search leaves it unheard
        self._lazy = False      # the next count may be a first look (a search just typed)
        self._pages: dict[int, list[Record]] = {}
        self._titles: dict[str, str] = {}
        self._people: dict[str, str] | None = None  # login -> name, read once a refresh
        self._load_fields()

    # ---- configuration

    def _load_fields(self) -> None:
        schema = self.replica.schema()
        self.fields = schema.kind(self.kind).visible_fields() if schema.has_kind(self.kind) else []

    def set_kind(self, kind: str) -> None:
        self.beginResetModel()
        self.kind, self.search, self.where, self.order = kind, "", {}, None
        self._load_fields()
        self._forget()
        self.endResetModel()

    def set_search(self, text: str, where: dict[str, Any] | None = None) -> None:
        self.beginResetModel()
        self.search = text.strip()
        self.where = dict(where or {})
        self._forget()
        self._lazy = bool(self.search)
        self.endResetModel()

    def shown(self) -> Shown:
        """The records this table shows, for whatever acts on them (export today)."""
        return Shown(self.kind, self.search, dict(self.where), self.order, self.descending, self.deleted)

    def set_deleted(self, deleted: bool) -> None:
        self.beginResetModel()
        self.deleted = deleted
        self._forget()
        self.endResetModel()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.fields) - 1))
        self.refresh()

    def _forget(self) -> None:
        self._count = None
        self._counting += 1
        self._lazy = False
        self._pages.clear()
        self._titles.clear()
        self._people = None  # a colleague's name, or the language, may have changed

    def refresh(self, schema_changed: bool = False) -> None:
        """Data changed somewhere: drop cached pages; the view asks again only for the rows it shows."""
        if schema_changed:
            self.beginResetModel()
            self._load_fields()
            self._forget()
            self.endResetModel()
            return
        old = self._count
        self._pages.clear()
        self._titles.clear()
        self._people = None  # a colleague's name, or the language, may have changed
        self._count = None
        self._counting += 1  # counted again now, in full: a count still under way is out of date
        if old is not None and self.rowCount() != old:
            self.beginResetModel()
            self.endResetModel()
        elif old:
            self.dataChanged.emit(self.index(0, 0), self.index(old - 1, max(0, len(self.fields) - 1)))

    def update_in_place(self, changed: frozenset[str], fields: set[str]) -> bool:
        """A change that moves no row: refresh just the changed records' cells. False when it may move rows.

        Rows move when a change touches the sort key or the title (the default order), a filtered field, the
        bin state, or any field while a quick search is on (the search covers all fields), or when the number
        of rows changed (a record was added). Otherwise the loaded pages stay right: only the changed records'
        cells are read again, and a change to a record that is not loaded costs nothing.
        """
        kd = self.replica.schema().kind(self.kind) if self.replica.schema().has_kind(self.kind) else None
        moving = {"_deleted", self.order or "", kd.title_field if kd else "", *self.where}
        if self._count is None or self.search or fields & moving:
            return False
        if self.replica.count(self.kind, where=self.where or None, deleted=self.deleted) != self._count:
            return False
        loaded = {r.id: (page_no, i) for page_no, page in self._pages.items() for i, r in enumerate(page)
                  if r.id in changed}
        if not loaded:
            return True
        fresh = self.replica.get_many(list(loaded))
        for rec_id, (page_no, i) in loaded.items():
            rec = fresh.get(rec_id)
            if rec is None or rec.deleted != self.deleted:
                return False
            self._pages[page_no][i] = rec
        self._load_titles([fresh[r] for r in loaded])
        last = max(0, len(self.fields) - 1)
        for page_no, i in loaded.values():
            row = page_no * PAGE + i
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        return True

    # ---- Qt model interface

    def rowCount(self, parent: QModelIndex = _NO_INDEX) -> int:
        if parent.isValid():
            return 0
        if self._count is None:
            self._count = self._first_count()
        return self._count

    def _first_count(self) -> int:
        """The rows to show now: all of them, or for a search just typed that most records match, the first
        COUNT_FIRST while the rest are counted on a thread of their own (the first page need not wait)."""
        lazy, self._lazy = self._lazy, False
        self._names()
        args: dict[str, Any] = {"search": self.search or None, "where": self.where or None, "deleted": self.deleted}
        if not lazy:
            return self.replica.count(self.kind, **args)
        first = self.replica.count(self.kind, upto=COUNT_FIRST, **args)
        if first < COUNT_FIRST:
            return first
        self._page(0)  # before the count starts: the two would contend, and the first page is what shows
        self._counting += 1
        counting, kind = self._counting, self.kind
        tasks().run(lambda: self.replica.count(kind, **args), on_done=lambda n: self._counted(counting, n),
                    owner=self, name="count")
        return first

    def _counted(self, counting: int, total: int) -> None:
        if counting != self._counting or self._count is None or total <= self._count:
            return  # another search, or the list was read again meanwhile
        self.beginInsertRows(_NO_INDEX, self._count, total - 1)
        self._count = total
        self.endInsertRows()

    def columnCount(self, parent: QModelIndex = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.fields)

    def record_at(self, row: int) -> Record | None:
        if row < 0 or row >= self.rowCount():
            return None
        page_no = row // PAGE
        page = self._page(page_no)
        i = row - page_no * PAGE
        return page[i] if i < len(page) else None

    def _page(self, page_no: int) -> list[Record]:
        page = self._pages.get(page_no)
        if page is None:
            if len(self._pages) > 50:  # keep memory flat when someone scrolls through everything
                self._pages.clear()
            self._names()
            page = self.replica.records(self.kind, search=self.search or None, where=self.where or None,
                                        limit=PAGE, offset=page_no * PAGE, order=self.order,
                                        descending=self.descending, deleted=self.deleted)
            self._pages[page_no] = page
            self._load_titles(page)
        return page

    def _load_titles(self, page: list[Record]) -> None:
        links = {str(r.fields[f.key]) for r in page for f in self.fields if f.type == "link" and r.fields.get(f.key)}
        missing = [x for x in links if x not in self._titles]
        if not missing:
            return
        self._titles.update(self.replica.titles(missing))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                               Qt.ItemDataRole.UserRole, Qt.ItemDataRole.ForegroundRole,
                                               Qt.ItemDataRole.FontRole):
            return None
        record = self.record_at(index.row())
        if record is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            # A finished task reads as finished: grey and struck through, still in its place in the list; an
            # overdue one (its time passed, not done) and an overdue invoice stand out in red.
            if record.fields.get("done") is not True:
                late = derived.overdue(record)
                if late and role == Qt.ItemDataRole.ForegroundRole:
                    return _OVERDUE_COLOR
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return _DONE_COLOR
            font = QFont()
            font.setStrikeOut(True)
            return font
        fd = self.fields[index.column()]
        return display(fd, record.fields.get(fd.key), self.lang, self._titles,
                       self._names() if fd.type == "user" else None)

    def _names(self) -> dict[str, str]:
        """The colleagues' names, read once a refresh; the copy is told them too, so the list sorts, filters and
        searches a user field (Менеджер) by the names it shows."""
        if self._people is None:
            self._people = people.names(self.replica)
            self.replica.tell_names(self._people)
        return self._people

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.fields):
            return self.fields[section].label(self.lang)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.fields):
            return
        self.beginResetModel()
        fd = self.fields[column]
        kd = self.replica.schema().kind(self.kind)
        # The title column uses the indexed sort key; others sort by their stored value.
        self.order = None if fd.key == kd.title_field else fd.key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self._forget()
        self.endResetModel()

    def row_of(self, rec_id: str) -> int | None:
        """The row now showing `rec_id`, looking through the pages already loaded."""
        for page_no, page in self._pages.items():
            for i, r in enumerate(page):
                if r.id == rec_id:
                    return page_no * PAGE + i
        return None
