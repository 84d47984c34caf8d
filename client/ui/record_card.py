"""The card of one record: editors laid out by field type, the tables of records that live inside it (an
invoice's lines and payments), related records with a money summary, and history with restore."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Sequence

from client.core.error_words import in_words
from client.core.replica import Replica
from client.core.rights import rights_of
from client.core.talk import people
from client.ui.card_actions import CardActionsMixin
from client.ui.card_buttons import FieldButtonsMixin
from client.ui.card_comments import CommentsTab
from client.ui.card_conflicts import ConflictNotes
from client.ui.card_history import HistoryTab
from client.ui.card_related import RelatedTab
from client.ui.card_twins import may_save
from client.ui.field_editor import FieldEditor
from client.ui.files import MadeLine
from client.ui.i18n import tr
from client.ui.parts_table import PartsTable
from client.ui.qt import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from client.ui.records_model import display
from client.ui.widgets import ElidedLabel, confirm
from lan_server.records import FieldDef, Op, Record
from lan_server.records.store.text import fold

log = logging.getLogger(__name__)


class RecordCard(FieldButtonsMixin, CardActionsMixin, QWidget):
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
        self.title = ElidedLabel()  # a long name ends in "…" (whole in its tooltip) instead of being cut
        self.title.setObjectName("cardTitle")
        self.title.setStyleSheet("font-size: 16px; font-weight: 600;")
        layout.addWidget(self.title)
        # Why the shown record cannot be changed here (the role's rules, whose it is), above its fields.
        self.read_only_note = QLabel()
        self.read_only_note.setObjectName("readOnly")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setStyleSheet("background: #fff4d6; border: 1px solid #e8c66a; border-radius: 4px; "
                                          "padding: 4px 8px;")
        self.read_only_note.setVisible(False)
        layout.addWidget(self.read_only_note)
        self.conflicts = ConflictNotes()  # a colleague's change to a field being typed in, with a choice
        layout.addWidget(self.conflicts)
        self.read_only: str | None = None  # the reason, while the shown record is read-only
        self._new_defaults: dict[str, Any] = {}  # a new card's values as it was opened (a folder's, a filter's)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.form_host = QScrollArea()
        self.form_host.setWidgetResizable(True)
        self.tabs.addTab(self.form_host, "")
        self.related_tab = RelatedTab(replica)
        self.related_tab.open_record.connect(self.open_record)
        self.related, self.money_summary = self.related_tab.table, self.related_tab.money_summary
        self.tabs.addTab(self.related_tab, "")
        self.parts: list[PartsTable] = []
        self.history_tab = HistoryTab(replica)
        self.history_tab.restore_button.clicked.connect(self.restore_selected)
        self.history, self.history_source = self.history_tab.table, self.history_tab.source
        self.restore_button = self.history_tab.restore_button
        self.tabs.addTab(self.history_tab, "")
        self.comments_tab = CommentsTab(replica)  # colleagues' discussion of the record
        self.comments_tab.counted.connect(lambda _: self._name_discussion())
        self.tabs.addTab(self.comments_tab, "")
        self.tabs.currentChanged.connect(lambda i: self._ask_server_history() if i == 2 else None)
        self.made = MadeLine()  # the file an action made, and where
        layout.addWidget(self.made)
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
        self.open_files = True  # a document an action made opens in Word; tests turn this off
        self._marked: set[str] = set()  # fields whose edit the server refused, marked until the user acts
        self.last_opened: Path | None = None
        self._shape: tuple[Any, ...] = ()
        self._names_cache: dict[tuple[str, str], tuple[float, set[str]]] = {}
        self.retranslate()
        self.show_record(None)

    def retranslate(self) -> None:
        self.tabs.setTabText(0, tr("Details"))
        self.tabs.setTabText(1, tr("Related"))
        self.tabs.setTabText(2, tr("History"))
        self._name_discussion()
        self.comments_tab.retranslate()
        self.save_button.setText(tr("Save"))
        self.actions_button.setText(tr("Actions"))
        self.history_tab.retranslate()
        self.related_tab.retranslate()

    # ---- showing

    def _name_discussion(self) -> None:
        n = len(self.comments_tab.views)
        self.tabs.setTabText(self.tabs.indexOf(self.comments_tab), tr("Discussion") + (f" ({n})" if n else ""))

    def has_unsaved(self) -> bool:
        return any(e.dirty for e in self.editors.values())

    def leave(self) -> bool:
        """Before the card shows anything else: what was typed is saved (as switching rows does). When it cannot be
        (a value that is wrong), the user chooses: back to the card to correct it, the default, or dropping the
        changes. True when the card may show something else."""
        if not self.has_unsaved():
            return True
        self.error.clear()
        if self.save() is not None or not self.has_unsaved():  # saved, or let go for the same person's card
            return True
        if not self.error.text():  # the user already chose to go back to the card (an e-mail that is another's)
            return False
        if not confirm(self, tr("The card is not saved"),
                       tr("What you typed in the card cannot be saved:") + f"\n{self.error.text()}\n\n"
                       + tr("Go back to the card to correct it, or discard the changes?"), "",
                       tr("Discard the changes"), tr("Back to the card"), name="unsavedCard"):
            return False
        self.discard()
        return True

    def discard(self) -> None:
        """Drop what was typed: the stored record as it is (a new card: as it was opened)."""
        for editor in self.editors.values():
            editor.dirty = False
        if self.record is not None:
            self.show_record(self.record.id)
        elif self.kind is not None:
            self.show_new(self.kind, self._new_defaults)

    def may_replace(self, rec_id: str | None) -> bool:
        """Whether the card may show another record (or a new one): typing in it is saved or given up first."""
        if self.record is not None and self.record.id == rec_id:
            return True
        return self.leave()

    def show_new(self, kind: str, defaults: dict[str, Any] | None = None) -> bool:
        if not self.leave():
            return False
        self._new_defaults = dict(defaults or {})
        self.record = None
        self.kind = kind
        self.error.clear()
        self._build(kind)
        for key, editor in self.editors.items():
            editor.load((defaults or {}).get(key))
        self._set_read_only(None)
        kd = self.replica.schema().kind(kind)
        self.title.setText(tr("New record") + f" — {kd.label(self.lang)}")
        for part in self.parts:
            part.show_parent(None)
        self.related_tab.clear()
        self.history_tab.load(None, self.lang)
        self.comments_tab.load(None)
        self.setEnabled(True)
        self.tabs.setCurrentWidget(self.form_host)  # the fields to type in, not the tab the last record showed
        first = self.editors.get(kd.title_field)
        if first is not None:
            first.widget.setFocus()
        return True

    def show_record(self, rec_id: str | None) -> bool:
        """Show a record (None: none); False when the user went back to unsaved typing instead."""
        if not self.may_replace(rec_id):
            return False
        if self.record is None or self.record.id != rec_id:
            self._unmark()  # another record: the marks were about the one before
            self.made.forget()  # the file was the other record's
        record = self.replica.get(rec_id) if rec_id else None
        self.record = record
        self.error.clear()
        self.conflicts.clear()  # the values are loaded again: nothing typed is left to weigh against theirs
        if record is None:
            self.kind = None
            self.title.setText(tr("Select a record or press New"))
            self._build(None)
            self._set_read_only(None)
            self.setEnabled(False)
            self.actions_button.setVisible(False)
            self.comments_tab.load(None)
            return True
        self.setEnabled(True)
        self.kind = record.kind
        self._build(record.kind)
        for key, editor in self.editors.items():
            editor.load(record.fields.get(key))
        self._set_read_only(None if record.deleted else rights_of(self.replica).why_not_edit(record))
        self._update_title()
        for part in self.parts:
            part.show_parent(record.id)
        self._load_related()
        self._load_history()
        if self.tabs.currentIndex() == 2:
            self._ask_server_history()
        self.comments_tab.load(record)
        self._fill_actions()
        return True

    def _set_read_only(self, reason: str | None) -> None:
        """A record the user may not change opens read-only, saying why and whose it is (before any typing)."""
        self.read_only = reason
        self.read_only_note.setText(f"{tr('Read only')}: {reason}" if reason else "")
        self.read_only_note.setVisible(bool(reason))
        for editor in self.editors.values():
            editor.set_read_only(bool(reason))
        for part in self.parts:
            part.setEnabled(not reason)
        self.save_button.setEnabled(not reason)

    def shows_parts_of(self, kinds: set[str] | frozenset[str]) -> bool:
        return any(part.kind in kinds for part in self.parts)

    def _update_title(self) -> None:
        if self.record is None:
            return
        schema = self.replica.schema()
        kd = schema.kind(self.record.kind) if schema.has_kind(self.record.kind) else None
        title = schema.title(self.record.kind, self.record.fields, self.lang) if kd else self.record.id
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
                if action is not None:
                    # Tab goes from a field to its button (Позвонить, Написать), whatever the style's own habit
                    # with buttons and the order the widgets were made in.
                    action.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                    QWidget.setTabOrder(editor.widget, action)
            for key, (other, via) in schema.narrowed_links(kind).items():
                if key in self.editors and other in self.editors:
                    self.editors[key].narrow_by(self.editors[other], via)
        self.parts = []
        if kind and schema.has_kind(kind):
            for part_kind in schema.kind(kind).inline:
                link = next((f for k, f in schema.links_to(kind) if k == part_kind), None)
                if link is None or not schema.has_kind(part_kind):
                    continue
                part = PartsTable(self.replica, part_kind, link, self.lang, self.error.setText,
                                  ensure_parent=self._ensure_saved, changed=self._parts_changed)
                part.setMinimumHeight(170)
                self.parts.append(part)
                outer.insertWidget(outer.count() - 1, part)
        self.form_host.setWidget(host)

    def _parts_changed(self) -> None:
        """A line or payment changed: the totals follow; an invoice saved with its first line takes its number
        (from the server, off the window's thread; provisional offline)."""
        self.refresh()
        record = self.record
        if record is None or record.kind != "invoice" or record.fields.get("number"):
            return
        from client.core.numbers_now import number_when_lined
        from client.ui.tasks import tasks
        tasks().run(lambda: number_when_lined(self.replica, record.id),
                    on_done=lambda number: self.refresh() if number else None,
                    on_error=lambda e: self.error.setText(str(e)), owner=self, name="number an invoice")

    def _ensure_saved(self) -> str | None:
        """A row added to a new invoice: the invoice is saved first, so the row has something to belong to."""
        if self.record is not None:
            return self.record.id
        return self.save()

    def _user_names(self, fd: FieldDef) -> list[people.Person]:
        """Whom a user field's list offers, by name: the office's colleagues and the values already used in the
        field that name no one the office has or had (a former colleague is not offered; the record that holds
        one shows them by name). Counting those scans the section, so at most once a minute."""
        key = (fd.kind, fd.key)
        cached = self._names_cache.get(key)
        if cached is None or time.monotonic() - cached[0] > 60:
            cached = (time.monotonic(), {str(v) for v, _ in self.replica.group_counts(fd.kind, fd.key) if v})
            self._names_cache[key] = cached
        found = people.colleagues(self.replica)
        known = set(people.names(self.replica))
        found += [people.Person(login) for login in sorted(cached[1] - known)]
        return sorted(found, key=lambda p: fold(p.shown))

    def _edited(self) -> None:
        self.error.clear()
        self._unmark()

    def _load_related(self) -> None:
        self.related_tab.load(self.record, self.lang)

    def _load_history(self) -> None:
        self.history_tab.load(self.record, self.lang)

    def _ask_server_history(self) -> None:
        self.history_tab.ask_server(self.record, self.lang)

    # ---- editing

    def save(self) -> str | None:
        """Write the changed fields (or create the record); returns its id, or None when a value is wrong."""
        if self.kind is None:
            return None
        if self.read_only:
            self.error.setText(self.read_only)
            return None
        if self.record is None and not self.has_unsaved():  # only the folder's defaults: nothing typed yet
            self.error.setText(tr("Fill in at least one field"))
            return None
        values: dict[str, Any] = {}
        wrong: list[tuple[str, str]] = []  # every value that cannot be read, said at once
        for key, editor in self.editors.items():
            if (self.record is not None and not editor.dirty) or editor.fd.computed:
                continue
            try:
                value = editor.value()
            except ValueError as e:
                wrong.append((key, f"{editor.fd.label(self.lang)}: {e}"))
                continue
            if self.record is None and value in (None, "", False):
                continue
            if self.record is None or self.record.fields.get(key) != value:
                values[key] = value
        if wrong:
            self._mark_wrong(wrong)
            return None
        if self.record is None and not values:
            self.error.setText(tr("Fill in at least one field"))
            return None
        if not may_save(self, self.kind, self.record.id if self.record else None, values):
            return None  # the same e-mail or phone is another record's: the user chose to open it or look again
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
            self.error.setText(tr("Could not save; what you typed is kept. Try again.") + f" ({in_words(e)})")
            return None
        for editor in self.editors.values():
            editor.dirty = False  # written: the card shows the stored record now
        self.show_record(rec_id)
        self._say_checks(rec_id)
        self.saved.emit(rec_id)
        return rec_id

    def _say_checks(self, rec_id: str) -> None:
        """An ИНН, КПП or ОГРН that looks wrong is said under the card; it is saved as typed all the same."""
        from client.core.requisites_check import problems
        record = self.replica.get(rec_id)
        said = problems(record.kind, record.fields) if record is not None else {}
        if said:
            self.error.setText(tr("Saved; please check:") + " " + "; ".join(said.values()))

    def undo_last(self) -> str | None:
        rec_id = self.replica.undo_last()
        if rec_id is not None:
            self.show_record(rec_id)
        return rec_id

    def restore_selected(self) -> None:
        entry = self.history_tab.selected()
        if self.record is None or entry is None:
            return
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

    def _mark_wrong(self, wrong: list[tuple[str, str]]) -> None:
        """Each wrong value marked in its field and said below the card, all at once; the first gets the cursor."""
        self._unmark()
        for key, line in wrong:
            editor = self.editors[key]
            editor.widget.setStyleSheet("border: 2px solid #b00020;")
            editor.widget.setToolTip(line)
            self._marked.add(key)
        self.error.setText("\n".join(line for _key, line in wrong))
        self.editors[wrong[0][0]].widget.setFocus()

    def _unmark(self) -> None:
        for fld in self._marked:
            editor = self.editors.get(fld)
            if editor is not None:
                editor.widget.setStyleSheet("")
                editor.widget.setToolTip("")
        self._marked.clear()

    def refresh_from_remote(self, records: frozenset[str], ops: Sequence[Op] = ()) -> None:
        """A colleague changed this record: the fields the user is not typing in follow; a field being typed in
        says who changed it to what, with a choice (their value, or the typing saved over it knowingly)."""
        if self.record is None or self.record.id not in records:
            return
        before = dict(self.record.fields)
        self.refresh()
        fresh = self.record
        for key, editor in self.editors.items():
            if editor.dirty and fresh.fields.get(key) != before.get(key):
                who = next((op.user for op in reversed(ops) if op.rec == fresh.id and op.field == key and op.user),
                           "") or self._author_of(fresh.id, key)
                self._say_conflict(key, fresh.fields.get(key), who)

    def _author_of(self, rec_id: str, key: str) -> str:
        """Who wrote the field's current value (a change can arrive without its ops: a page of a catching-up pull)."""
        return next((h.user for h in self.replica.history(rec_id) if h.field == key and h.current), "")

    def _say_conflict(self, key: str, theirs: Any, who: str) -> None:
        editor = self.editors[key]
        fd = editor.fd
        titles = None
        if fd.type == "link" and theirs:
            linked = self.replica.get(str(theirs))
            if linked is not None:
                titles = {str(theirs): self.replica.schema().title(linked.kind, linked.fields)}
        names = people.names(self.replica)
        shown = display(fd, theirs, self.lang, titles, names) if theirs not in (None, "") else tr("(empty)")
        label = fd.label(self.lang)
        text = (tr("{who} changed «{field}» to «{value}» while you were typing.").format(
                    who=names.get(who, who), field=label, value=shown)
                if who and who != self.replica.user else
                tr("«{field}» was changed elsewhere to «{value}» while you were typing.").format(field=label,
                                                                                              value=shown))

        def take() -> None:
            if self.record is not None and key in self.editors:
                self.editors[key].load(self.record.fields.get(key))
        self.conflicts.say(key, text, take)

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
        self._set_read_only(None if fresh.deleted else rights_of(self.replica).why_not_edit(fresh))
        for part in self.parts:
            part.reload()
        self._update_title()
        self._load_related()
        self._load_history()
        if self.tabs.currentIndex() == 2:
            self._ask_server_history()
