"""One field's editor in the card, by field type (line, multi-line text, yes/no, choice or link list, user
names, photo): it loads a value, parses what was typed and knows whether it changed."""

from __future__ import annotations

from typing import Any, Callable

from client.core.present import editable_text
from client.core.replica import Replica
from client.core.talk import people
from client.core.values import office_region, parse_value
from client.ui.i18n import tr
from client.ui.photo_field import PhotoField
from client.ui.qt import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from client.ui.records_model import display
from client.ui.widgets import WheelCombo
from lan_server.records import FieldDef


class FieldEditor:
    """One editor widget for one field, reading and writing the text form users type."""

    def __init__(self, fd: FieldDef, replica: Replica, lang: str, on_edit: Callable[[], None],
                 user_names: Callable[[FieldDef], list[people.Person]] | None = None) -> None:
        self.fd = fd
        self.user_names = user_names or (lambda _fd: people.colleagues(replica))
        self.lang = lang
        self.replica = replica
        self.dirty = False
        self.widget: QWidget
        self._choices: list[str] = []
        self.narrowed_by: tuple[FieldEditor, str] | None = None  # (the card's other link, the linked field to match)

        def edited(*_: Any) -> None:
            if not self._loading:
                self.dirty = True
                on_edit()
        self._loading = False
        self.rule_text = ""  # a repeat rule: chosen in the picker, shown in words (client/ui/repeat_picker.py)
        if fd.options.get("rule") == "recurrence":
            self.widget = QLineEdit()
            self.widget.setReadOnly(True)
        elif fd.computed:  # worked out from other records (an invoice's total): shown, never typed
            self.widget = QLineEdit()
            self.widget.setReadOnly(True)
            self.widget.setStyleSheet("background: transparent; border: none; font-weight: 600;")
        elif fd.type == "multiline":
            self.widget = QPlainTextEdit()
            self.widget.setMaximumHeight(90)
            self.widget.textChanged.connect(edited)
        elif fd.type == "bool":
            self.widget = QCheckBox()
            self.widget.stateChanged.connect(edited)
        elif fd.type in ("choice", "link"):
            self.widget = WheelCombo()
            self.widget.currentIndexChanged.connect(edited)
            if fd.type == "link":  # a name not in the list is typed in and made on save (a new organization)
                self.widget.setEditable(True)
                self.widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                self.widget.editTextChanged.connect(edited)
        elif fd.type == "image":
            self.widget = PhotoField()
            self.widget.changed.connect(edited)
        elif fd.type == "user":
            # Colleagues by name (the login is the item's data, and what is stored), and the logins already used in
            # this field; a name or login can be typed, and a value the list does not know is kept as typed.
            self.widget = WheelCombo()
            self.widget.setEditable(True)
            self.widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            self.widget.currentTextChanged.connect(edited)
        else:
            self.widget = QLineEdit()
            self.widget.textEdited.connect(edited)
            # A hint must not look like a value: an empty date shows the form to type, not a date in grey.
            hints = {"date": tr("dd.mm.yyyy"), "datetime": tr("dd.mm.yyyy hh:mm"), "phone": "+7 ...",
                     "email": "name@example.ru", "url": "https://"}
            if fd.type in hints:
                self.widget.setPlaceholderText(hints[fd.type])

    def set_read_only(self, read_only: bool) -> None:
        """Shown, selectable and copyable, but not changed: a record the user's role may not change."""
        w = self.widget
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            if not (self.fd.computed or self.fd.options.get("rule") == "recurrence"):
                w.setReadOnly(read_only)
        else:
            w.setEnabled(not read_only)

    def _fill_choices(self, current: Any) -> None:
        box = self.widget
        assert isinstance(box, QComboBox)
        box.clear()
        box.addItem("", None)
        if self.fd.type == "choice":
            values = list(self.fd.options.get("choices", []))
            for v in values:
                box.addItem(display(self.fd, v, self.lang), v)
        else:
            kind = self.fd.options.get("link_kind", "")
            schema = self.replica.schema()
            if schema.has_kind(kind):
                for r in self.replica.records(kind, where=self._narrowing(), limit=500):
                    box.addItem(schema.title(kind, r.fields, self.lang) or r.id[:8], r.id)
                if current and box.findData(current) < 0:  # chosen before: kept, even outside the narrowed list
                    linked = self.replica.get(str(current))
                    box.addItem(schema.title(kind, linked.fields, self.lang) if linked else str(current), current)
        if current is not None and box.findData(current) < 0:
            box.addItem(str(current), current)
        box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)

    def _narrowing(self) -> dict[str, Any] | None:
        """Only the records that belong to what the card's other link names (a deal's organization's contacts);
        all of them while that link is empty."""
        if self.narrowed_by is None:
            return None
        other, via = self.narrowed_by
        chosen = other.widget.currentData() if isinstance(other.widget, QComboBox) else None
        return {via: chosen} if chosen else None

    def narrow_by(self, other: FieldEditor, via: str) -> None:
        """Choose among the records whose `via` is what `other` holds, following it as the user changes it."""
        self.narrowed_by = (other, via)
        assert isinstance(other.widget, QComboBox)
        other.widget.currentIndexChanged.connect(self._renarrow)

    def _renarrow(self, *_: Any) -> None:
        box = self.widget
        assert isinstance(box, QComboBox)
        current, typed = box.currentData(), box.currentText()
        was, self._loading = self._loading, True  # the list changes, not the value: nothing is typed
        try:
            self._fill_choices(current)
            if current is None and typed:
                box.setEditText(typed)
        finally:
            self._loading = was

    def _fill_users(self, current: Any) -> None:
        box = self.widget
        assert isinstance(box, QComboBox)
        box.clear()
        for person in self.user_names(self.fd):
            box.addItem(person.shown, person.login)
        if current is not None and box.findData(current) < 0:  # a former colleague's, by name; any other as is
            box.addItem(people.names(self.replica).get(str(current), str(current)), current)
        box.setCurrentIndex(box.findData(current) if current is not None else -1)
        if current is None:
            box.setEditText("")

    def _user_value(self, box: QComboBox) -> Any:
        """The login of the colleague picked or typed (by name or login); other typing is kept as it is."""
        text = box.currentText().strip()
        index = box.currentIndex()
        if text and index >= 0 and box.itemText(index).strip() == text:
            return box.itemData(index)
        listed = [people.Person(str(box.itemData(i)), box.itemText(i)) for i in range(box.count())]
        return parse_value(self.fd, people.login_of(listed, text), office_region(self.replica))

    def load(self, value: Any) -> None:
        self._loading = True
        try:
            w = self.widget
            if isinstance(w, QPlainTextEdit):
                w.setPlainText("" if value is None else str(value))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, PhotoField):
                w.set_value(None if value is None else str(value))
            elif isinstance(w, QComboBox) and self.fd.type == "user":
                self._fill_users(value)
            elif isinstance(w, QComboBox):
                self._fill_choices(value)
            elif self.fd.options.get("rule") == "recurrence":
                assert isinstance(w, QLineEdit)
                self.rule_text = "" if value is None else str(value)
                w.setText(self.rule_words())
            elif self.fd.computed:
                assert isinstance(w, QLineEdit)
                w.setText(display(self.fd, value, self.lang))
            else:
                assert isinstance(w, QLineEdit)
                w.setText(editable_text(self.fd, value, self.lang))
            self.dirty = False
        finally:
            self._loading = False

    def _link_value(self, box: QComboBox) -> Any:
        """The chosen record; a typed name that no record has becomes a new record of the linked section."""
        text = box.currentText().strip()
        if not text:
            return None
        for i in range(box.count()):
            if box.itemData(i) is not None and box.itemText(i).casefold() == text.casefold():
                return box.itemData(i)
        kind = str(self.fd.options.get("link_kind", ""))
        schema = self.replica.schema()
        if not schema.has_kind(kind):
            raise ValueError(f"{text!r} is not in the list")
        made = self.replica.add(kind, {schema.kind(kind).title_field: text})
        box.addItem(text, made)
        return made

    def rule_words(self) -> str:
        from client.core import recurrence
        try:
            return recurrence.describe(recurrence.parse(self.rule_text), self.lang) if self.rule_text else ""
        except ValueError:
            return self.rule_text  # written by an older version: shown as it is, the picker replaces it

    def set_rule(self, text: str) -> None:
        """What the repeat picker chose."""
        assert isinstance(self.widget, QLineEdit)
        self.rule_text = text
        self.widget.setText(self.rule_words())
        self.dirty = True

    def value(self) -> Any:
        """The typed value, parsed by field type; raises ValueError with a message for the user."""
        w = self.widget
        if self.fd.options.get("rule") == "recurrence":
            return parse_value(self.fd, self.rule_text)
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, PhotoField):
            return w.value()
        if isinstance(w, QComboBox) and self.fd.type == "user":
            return self._user_value(w)
        if isinstance(w, QComboBox) and self.fd.type == "link":
            return self._link_value(w)
        if isinstance(w, QComboBox):
            return w.currentData()
        text = w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text() if isinstance(w, QLineEdit) else ""
        return parse_value(self.fd, text, office_region(self.replica))
