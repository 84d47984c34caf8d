"""The list's columns: which show on a new install, and each section's arrangement the user made, remembered."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from client.ui import i18n
from client.ui.widgets import fit_headers

if TYPE_CHECKING:
    from client.ui.window_state import WindowState as Window
else:
    Window = object


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


class ColumnsMixin(Window):
    """Part of MainWindow: place, width and visibility of the table's columns, per section, by field key."""

    replica: Any
    lang: str
    table: Any
    model: Any
    _arranging: bool
    _columns_kind: str
    _title_key: str = ""

    def _default_width(self, col: int) -> int:
        """A column's width before the user sets one: wide for the section's title, e-mails and links (the title
        is read from the schema when the columns are restored: saving, also while the window closes, reads only
        the header and the model's fields)."""
        fd = self.model.fields[col] if 0 <= col < len(self.model.fields) else None
        wide = fd is not None and (fd.key == self._title_key or fd.type in ("email", "link"))
        return 210 if wide else 130

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        self._title_key = self.replica.schema().kind(self.model.kind).title_field
        for col in range(len(self.model.fields)):
            header.resizeSection(col, self._default_width(col))

    def _last_shown(self) -> int | None:
        """The rightmost column shown: it stretches to the list's edge, so its width is the window's, not the
        user's choice."""
        header = self.table.horizontalHeader()
        shown = [(header.visualIndex(col), col) for col in range(header.count()) if not header.isSectionHidden(col)]
        return max(shown)[1] if shown else None

    def _save_columns(self) -> None:
        """Remember each column's place, width and visibility by field key, per section (the stretched last
        column its own width: a width stretched in a wide window, remembered, left it wider than a narrower list,
        its heading off the edge)."""
        if self._arranging:
            return
        header = self.table.horizontalHeader()
        last = self._last_shown()
        state = {fd.key: [header.visualIndex(col),
                          self._default_width(col) if col == last else header.sectionSize(col),
                          header.isSectionHidden(col)]
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
            # The last column stretches from its own width to the list's edge, and shrinks back with the list
            # (a stretched width remembered by an earlier version is not taken).
            if (last := self._last_shown()) is not None:
                header.resizeSection(last, self._default_width(last))
            # Headings readable, also over widths remembered by earlier versions (which saved the defaults).
            fit_headers(header)
        finally:
            self._arranging = False

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
