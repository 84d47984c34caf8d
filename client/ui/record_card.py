"""The card of one record: editors laid out by field type, the tables of records that live inside it (an
invoice's lines and payments), related records with a money summary, and history with restore."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Sequence

from client.core.replica import Replica
from client.ui.field_editor import FieldEditor
from client.ui.i18n import tr
from client.ui.parts_table import PartsTable
from client.ui.photo_field import PhotoField
from client.ui.qt import (
    QAbstractItemView,
    QCalendarWidget,
    QColor,
    QDate,
    QDesktopServices,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QUrl,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from client.ui.records_model import display
from lan_server.records import FieldDef, Record
from lan_server.records.hlc import wall_ms

log = logging.getLogger(__name__)



class RecordCard(QWidget):
    saved = pyqtSignal(str)          # record id
    open_record = pyqtSignal(str)
    letters_for = pyqtSignal(str)    # "Document from a template" for this record

    def __init__(self, replica: Replica, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        self.record: Record | None = None
        self.kind: str | None = None
        self.editors: dict[str, FieldEditor] = {}
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setStyleSheet("font-size: 16px; font-weight: 600;")
        layout.addWidget(self.title)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.form_host = QScrollArea()
        self.form_host.setWidgetResizable(True)
        self.tabs.addTab(self.form_host, "")
        related_box = QWidget()
        rv = QVBoxLayout(related_box)
        rv.setContentsMargins(0, 0, 0, 0)
        self.money_summary = QLabel()  # an organization's invoiced, paid and owed
        self.money_summary.setWordWrap(True)
        rv.addWidget(self.money_summary)
        self.related = QTableWidget(0, 2)
        self.related.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.related.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.related.cellDoubleClicked.connect(self._open_related)
        self.related.verticalHeader().setVisible(False)
        self.related.horizontalHeader().setStretchLastSection(True)
        rv.addWidget(self.related)
        self.tabs.addTab(related_box, "")
        self.parts: list[PartsTable] = []
        history_box = QWidget()
        hv = QVBoxLayout(history_box)
        hv.setContentsMargins(0, 0, 0, 0)
        self.history_source = QLabel()  # from the server, or this PC's copy only (offline)
        self.history_source.setStyleSheet("color: #6b7280;")
        hv.addWidget(self.history_source)
        self.history = QTableWidget(0, 4)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().setVisible(False)
        hv.addWidget(self.history)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(self.restore_selected)
        hv.addWidget(self.restore_button)
        self.tabs.addTab(history_box, "")
        self.tabs.currentChanged.connect(lambda i: self._ask_server_history() if i == 2 else None)
        buttons = QHBoxLayout()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        buttons.addWidget(self.error, 1)
        # Plugins' card actions (client/api.py); shown when one applies to the record's section.
        self.actions_button = QPushButton()
        self.actions_menu = QMenu(self.actions_button)
        self.actions_button.setMenu(self.actions_menu)
        buttons.addWidget(self.actions_button)
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self._history_rows: list[Any] = []
        self.open_files = True  # a document an action made opens in Word; tests turn this off
        self._marked: set[str] = set()  # fields whose edit the server refused, marked until the user acts
        self.last_opened: Path | None = None
        self._shape: tuple[Any, ...] = ()
        self._names_cache: dict[tuple[str, str], tuple[float, list[str]]] = {}
        self.retranslate()
        self.show_record(None)

    def retranslate(self) -> None:
        self.tabs.setTabText(0, tr("Details"))
        self.tabs.setTabText(1, tr("Related"))
        self.tabs.setTabText(2, tr("History"))
        self.save_button.setText(tr("Save"))
        self.actions_button.setText(tr("Actions"))
        self.restore_button.setText(tr("Restore the selected value"))
        self.history.setHorizontalHeaderLabels([tr("When"), tr("Who"), tr("Field"), tr("Value")])
        self.related.setHorizontalHeaderLabels([tr("Section"), tr("Title")])

    # ---- showing

    def has_unsaved(self) -> bool:
        return any(e.dirty for e in self.editors.values())

    def show_new(self, kind: str, defaults: dict[str, Any] | None = None) -> None:
        self.record = None
        self.kind = kind
        self.error.clear()
        self._build(kind)
        for key, editor in self.editors.items():
            editor.load((defaults or {}).get(key))
        kd = self.replica.schema().kind(kind)
        self.title.setText(tr("New record") + f" — {kd.label(self.lang)}")
        for part in self.parts:
            part.show_parent(None)
        self.money_summary.clear()
        self.related.setRowCount(0)
        self.history.setRowCount(0)
        self.setEnabled(True)
        first = self.editors.get(kd.title_field)
        if first is not None:
            first.widget.setFocus()

    def show_record(self, rec_id: str | None) -> None:
        if self.record is None or self.record.id != rec_id:
            self._unmark()  # another record: the marks were about the one before
        record = self.replica.get(rec_id) if rec_id else None
        self.record = record
        self.error.clear()
        if record is None:
            self.kind = None
            self.title.setText(tr("Select a record or press New"))
            self._build(None)
            self.setEnabled(False)
            self.actions_button.setVisible(False)
            return
        self.setEnabled(True)
        self.kind = record.kind
        self._build(record.kind)
        for key, editor in self.editors.items():
            editor.load(record.fields.get(key))
        self._update_title()
        for part in self.parts:
            part.show_parent(record.id)
        self._load_related()
        self._load_history()
        if self.tabs.currentIndex() == 2:
            self._ask_server_history()
        self._fill_actions()

    def shows_parts_of(self, kinds: set[str] | frozenset[str]) -> bool:
        return any(part.kind in kinds for part in self.parts)

    def _fill_actions(self) -> None:
        from client.core.plugins import registry
        self.actions_menu.clear()
        found = [a for a in registry().card_actions if self.record is not None and a.applies_to(self.record.kind)]
        for action in found:
            self.actions_menu.addAction(action.label(self.lang)).triggered.connect(
                lambda _=False, a=action: self.run_action(a))
        if self.record is not None:  # any record can fill a Word template
            rec_id = self.record.id
            self.actions_menu.addAction(tr("Document from a template…")).triggered.connect(
                lambda _=False: self.letters_for.emit(rec_id))
        self.actions_button.setVisible(self.record is not None)

    def run_action(self, action: Any) -> None:
        """A card action on the shown record; what goes wrong is said in the card. An action that may wait (for
        the server, for Word) runs off the window's thread; a file it returns is opened."""
        if self.record is None:
            return
        record = self.record

        def done(result: Any) -> None:
            self.error.clear()
            if self.record is not None and self.record.id == record.id:
                self.show_record(record.id)
            if isinstance(result, Path):
                self.last_opened = result
                if self.open_files:
                    QDesktopServices.openUrl(QUrl.fromLocalFile(str(result)))

        def failed(e: BaseException) -> None:  # a plugin's error is a message, never a dead window
            log.error("card action %s failed: %s", action.label_en, e)
            self.error.setText(f"{action.label(self.lang)}: {e}")
        if getattr(action, "background", False):
            from client.ui.tasks import tasks
            self.error.setText(tr("Working…"))
            tasks().run(lambda: action.run(self.replica, record), on_done=done, on_error=failed, owner=self,
                        name=action.label_en)
            return
        try:
            result = action.run(self.replica, record)
        except Exception as e:
            log.exception("card action %s failed", action.label_en)
            failed(e)
            return
        done(result)

    def _update_title(self) -> None:
        if self.record is None:
            return
        schema = self.replica.schema()
        kd = schema.kind(self.record.kind) if schema.has_kind(self.record.kind) else None
        title = schema.title(self.record.kind, self.record.fields) if kd else self.record.id
        self.title.setText(title + (f"  ({tr('in the bin')})" if self.record.deleted else ""))

    def _build(self, kind: str | None) -> None:
        schema = self.replica.schema()
        fields = schema.kind(kind).visible_fields() if kind and schema.has_kind(kind) else []
        shape = (kind, self.lang, tuple((f.key, f.type, f.label_en, f.label_ru, repr(f.options)) for f in fields))
        if shape == self._shape and kind is not None:
            return  # same form: keep the widgets, and with them the keyboard focus; values are loaded again
        self._shape = shape
        self.editors.clear()
        host = QWidget()
        outer = QVBoxLayout(host)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # rows stay compact at the top instead of spreading over the panel
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        schema = self.replica.schema()
        if kind and schema.has_kind(kind):
            for fd in schema.kind(kind).visible_fields():
                editor = FieldEditor(fd, self.replica, self.lang, self._edited, self._user_names)
                self.editors[fd.key] = editor
                row: QWidget = editor.widget
                action = self._action_button(fd, editor)
                if action is not None:
                    box = QWidget()
                    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
                    h = QHBoxLayout(box)
                    h.setContentsMargins(0, 0, 0, 0)
                    h.addWidget(editor.widget, 1)
                    h.addWidget(action)
                    row = box
                form.addRow(fd.label(self.lang), row)
        self.parts = []
        if kind and schema.has_kind(kind):
            for part_kind in schema.kind(kind).inline:
                link = next((f for k, f in schema.links_to(kind) if k == part_kind), None)
                if link is None or not schema.has_kind(part_kind):
                    continue
                part = PartsTable(self.replica, part_kind, link, self.lang, self.error.setText,
                                  ensure_parent=self._ensure_saved, changed=self.refresh)
                part.setMinimumHeight(170)
                self.parts.append(part)
                outer.insertWidget(outer.count() - 1, part)
        self.form_host.setWidget(host)

    def _ensure_saved(self) -> str | None:
        """A row added to a new invoice: the invoice is saved first, so the row has something to belong to."""
        if self.record is not None:
            return self.record.id
        return self.save()

    def pick_repeat(self, editor: FieldEditor, *, show: bool = True) -> Any:
        """The repeat picker for a task's repeat; what is chosen goes into the card (saved with it)."""
        from client.ui.repeat_picker import RepeatPicker
        picker = RepeatPicker(editor.rule_text, self.lang, self)
        picker.accepted.connect(lambda: (editor.set_rule(picker.rule_text()), self._edited()))
        if show:
            picker.open()
        return picker

    def _action_button(self, fd: FieldDef, editor: FieldEditor) -> QPushButton | None:
        schemes = {"phone": ("tel:", tr("Call")), "email": ("mailto:", tr("Write")), "url": ("", tr("Open"))}
        if fd.type in schemes:
            prefix, label = schemes[fd.type]
            button = QPushButton(label)

            def go() -> None:
                w = editor.widget
                text = w.text().strip() if isinstance(w, QLineEdit) else ""
                if text:
                    target = text if not prefix else prefix + (text.replace(" ", "") if prefix == "tel:" else text)
                    if fd.type == "url" and "://" not in target:
                        target = "https://" + target
                    QDesktopServices.openUrl(QUrl(target))
            button.clicked.connect(go)
            return button
        if fd.options.get("rule") == "recurrence":
            button = QPushButton("…")
            button.setToolTip(tr("Choose how it repeats"))
            button.setFixedWidth(32)
            button.clicked.connect(lambda: self.pick_repeat(editor))
            return button
        if fd.type in ("date", "datetime"):
            # Text, not an emoji: office PCs often lack a font with the calendar glyph.
            button = QPushButton("…")
            button.setToolTip(tr("Pick a date"))
            button.setFixedWidth(32)
            button.clicked.connect(lambda: self.pick_date(editor))
            return button
        if isinstance(editor.widget, PhotoField):
            editor.widget.failed.connect(self.error.setText)
            return None
        if fd.type == "file":
            button = QPushButton(tr("Choose…"))

            def choose() -> None:
                path, _ = QFileDialog.getOpenFileName(self, fd.label(self.lang))
                if path and isinstance(editor.widget, QLineEdit):
                    editor.widget.setText(path)
                    editor.dirty = True
            button.clicked.connect(choose)
            return button
        return None

    def pick_date(self, editor: FieldEditor, *, show: bool = True) -> QDialog:
        """A calendar for a date field; the chosen day replaces the date and keeps a typed time."""
        w = editor.widget
        assert isinstance(w, QLineEdit)
        dialog = QDialog(self)
        dialog.setWindowTitle(editor.fd.label(self.lang))
        calendar = QCalendarWidget(dialog)
        calendar.setGridVisible(True)
        try:
            current = editor.value()
        except ValueError:
            current = None
        if current:
            calendar.setSelectedDate(QDate.fromString(str(current)[:10], "yyyy-MM-dd"))
        layout = QVBoxLayout(dialog)
        layout.addWidget(calendar)

        def chosen(day: QDate) -> None:
            text = day.toString("dd.MM.yyyy")
            if editor.fd.type == "datetime":
                time_part = str(current)[11:16] if current and len(str(current)) >= 16 else "09:00"
                text += " " + time_part
            w.setText(text)
            editor.dirty = True
            dialog.accept()
        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        dialog.calendar = calendar  # type: ignore[attr-defined]
        if show:
            dialog.open()
        return dialog

    def _user_names(self, fd: FieldDef) -> list[str]:
        """Names used in a user field, for its list. Counting them scans the section, so at most once a minute."""
        key = (fd.kind, fd.key)
        cached = self._names_cache.get(key)
        if cached is None or time.monotonic() - cached[0] > 60:
            names = {str(v) for v, _ in self.replica.group_counts(fd.kind, fd.key) if v}
            cached = (time.monotonic(), sorted(names | ({self.replica.user} - {""})))
            self._names_cache[key] = cached
        return cached[1]

    def _edited(self) -> None:
        self.error.clear()
        self._unmark()

    def _load_related(self) -> None:
        self.related.setRowCount(0)
        self.money_summary.clear()
        if self.record is None:
            return
        schema = self.replica.schema()
        rows: list[tuple[str, str, str]] = []
        for kind, link in schema.links_to(self.record.kind):
            if schema.kind(kind).part_of == self.record.kind:
                continue  # shown as a table in the card itself
            kd = schema.kind(kind)
            for r in self.replica.records(kind, where={link: self.record.id}, limit=200):
                rows.append((kd.label(self.lang), schema.title(kind, r.fields), r.id))
        if self.record.kind == "organization" and schema.has_kind("invoice"):
            from client.core.dashboard import customer_account
            account = customer_account(self.replica, self.record.id)
            if account.invoices:
                from client.core.money import as_text, money
                self.money_summary.setText(
                    f"{tr('Invoiced')}: {as_text(account.invoiced, self.lang)}   "
                    f"{tr('Paid')}: {as_text(account.paid, self.lang)}   "
                    f"{tr('Owed')}: {as_text(account.owed, self.lang)}")
                label = schema.kind("payment").label(self.lang) if schema.has_kind("payment") else ""
                for p in account.payments:
                    paid = as_text(money(p.fields.get("amount")), self.lang)
                    rows.append((label, f"{p.fields.get('date') or ''}  {paid}", p.id))
        self.related.setRowCount(len(rows))
        for i, (section, title, rec_id) in enumerate(rows):
            item = QTableWidgetItem(section)
            item.setData(Qt.ItemDataRole.UserRole, rec_id)
            self.related.setItem(i, 0, item)
            self.related.setItem(i, 1, QTableWidgetItem(title))

    def _open_related(self, row: int, _col: int) -> None:
        item = self.related.item(row, 0)
        if item is not None:
            self.open_record.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _load_history(self, from_server: list[Any] | None = None) -> None:
        """This PC's copy of the history at once; the server's (every value since the record was made, also
        those from before this PC joined) when the History tab is open and the server answers."""
        self.history.setRowCount(0)
        if self.record is None:
            self.history_source.clear()
            return
        schema = self.replica.schema()
        kd = schema.kind(self.record.kind) if schema.has_kind(self.record.kind) else None
        found = from_server if from_server is not None else self.replica.history(self.record.id)
        self.history_source.setText(tr("History from the office server") if from_server is not None else
                                    tr("History kept on this PC (the server's is shown when it answers)"))
        entries = [h for h in reversed(sorted(found, key=lambda h: h.hlc)) if not h.field.startswith("_")]
        self._history_rows = entries
        titles = self._link_titles(kd, [h.value for h in entries
                                        if kd and (fd := kd.field(h.field)) and fd.type == "link" and h.value])
        self.history.setRowCount(len(entries))
        for i, h in enumerate(entries):
            fd = kd.field(h.field) if kd else None
            when = time.strftime("%d.%m.%Y %H:%M", time.localtime(wall_ms(h.hlc) / 1000))
            value = display(fd, h.value, self.lang, titles) if fd else str(h.value)
            cells = [when, h.user or "?", fd.label(self.lang) if fd else h.field,
                     value + ("" if h.current else f"  ({tr('earlier')})")]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if not h.current:
                    item.setForeground(QColor("#6b7280"))  # earlier values read as such at a glance
                self.history.setItem(i, j, item)
        self.history.resizeColumnsToContents()
        self.history.horizontalHeader().setStretchLastSection(True)

    def _ask_server_history(self) -> None:
        if self.record is None or not self.replica.meta("token"):
            return
        from client.core.sync import server_history
        from client.ui.tasks import tasks
        rec_id = self.record.id

        def arrived(entries: list[Any] | None) -> None:
            if entries is not None and self.record is not None and self.record.id == rec_id:
                self._load_history(entries)
        tasks().run(lambda: server_history(self.replica, rec_id), on_done=arrived, owner=self, name="history")

    def _link_titles(self, kd: Any, ids: list[Any]) -> dict[str, str]:
        """Titles of linked records, so history shows «ООО Ромашка», not an id."""
        return {rec_id: title or rec_id[:8] for rec_id, title in self.replica.titles(ids).items()}

    # ---- editing

    def save(self) -> str | None:
        """Write the changed fields (or create the record); returns its id, or None when a value is wrong."""
        if self.kind is None:
            return None
        if self.record is None and not self.has_unsaved():  # only the folder's defaults: nothing typed yet
            self.error.setText(tr("Fill in at least one field"))
            return None
        values: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if (self.record is not None and not editor.dirty) or editor.fd.computed:
                continue
            try:
                value = editor.value()
            except ValueError as e:
                self.error.setText(f"{editor.fd.label(self.lang)}: {e}")
                editor.widget.setFocus()
                return None
            if self.record is None and value in (None, "", False):
                continue
            if self.record is None or self.record.fields.get(key) != value:
                values[key] = value
        if self.record is None and not values:
            self.error.setText(tr("Fill in at least one field"))
            return None
        try:
            with self.replica.acting_for(self):
                if self.record is None:
                    rec_id = self.replica.add(self.kind, values, undoable=True)
                else:
                    rec_id = self.record.id
                    if values:
                        self.replica.set(rec_id, values, undoable=True)
        except Exception as e:  # a full disk, a damaged file: say so, and keep everything typed in the card
            log.exception("saving a record failed")
            self.error.setText(tr("Could not save; what you typed is kept. Try again.") + f" ({e})")
            return None
        self.show_record(rec_id)
        self.saved.emit(rec_id)
        return rec_id

    def undo_last(self) -> str | None:
        rec_id = self.replica.undo_last()
        if rec_id is not None:
            self.show_record(rec_id)
        return rec_id

    def restore_selected(self) -> None:
        row = self.history.currentRow()
        if self.record is None or not 0 <= row < len(self._history_rows):
            return
        entry = self._history_rows[row]
        self.replica.set(self.record.id, {entry.field: entry.value}, undoable=True)
        self.show_record(self.record.id)

    def show_refused(self, refused: Sequence[tuple[str, str, str]]) -> None:
        """The server refused an edit of the shown record: say why, and mark the field until the user acts."""
        if self.record is None:
            return
        mine = [(fld, reason) for rec, fld, reason in refused if rec == self.record.id]
        if not mine:
            return
        from client.core.refusals import in_language
        kd = self.replica.schema().kind(self.record.kind)
        lines = []
        for fld, english in mine:
            reason = in_language(english, self.lang, self.replica.schema())
            fd = kd.field(fld)
            lines.append(f"{fd.label(self.lang) if fd else fld}: {reason}")
            editor = self.editors.get(fld)
            if editor is not None:
                editor.widget.setStyleSheet("border: 2px solid #b00020;")
                editor.widget.setToolTip(reason)
                self._marked.add(fld)
        self.error.setText(tr("The server refused the change; the earlier value is back.") + "\n" + "\n".join(lines))

    def _unmark(self) -> None:
        for fld in self._marked:
            editor = self.editors.get(fld)
            if editor is not None:
                editor.widget.setStyleSheet("")
                editor.widget.setToolTip("")
        self._marked.clear()

    def refresh_from_remote(self, records: frozenset[str]) -> None:
        """A colleague changed this record: update the fields the user is not typing in."""
        if self.record is not None and self.record.id in records:
            self.refresh()

    def refresh(self) -> None:
        """Show the stored record again, keeping what the user is typing: after a colleague's change, or when
        its parts changed (a line, a payment) and with them its computed totals."""
        if self.record is None:
            return
        fresh = self.replica.get(self.record.id)
        if fresh is None:
            return
        self.record = fresh
        for key, editor in self.editors.items():
            if not editor.dirty:  # computed fields are never typed, so they always follow
                editor.load(fresh.fields.get(key))
        for part in self.parts:
            part.reload()
        self._update_title()
        self._load_related()
        self._load_history()
        if self.tabs.currentIndex() == 2:
            self._ask_server_history()
