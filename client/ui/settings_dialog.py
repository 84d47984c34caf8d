"""Settings for sections and fields: add, rename, reorder, hide, delete; choice lists. Everything syncs."""

from __future__ import annotations

from typing import Any, Mapping

from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from lan_server.records import FieldDef
from lan_server.records.schema import FIELD_TYPES, make_key

TYPE_LABELS = {
    "text": ("Text", "Текст"), "multiline": ("Long text", "Многострочный текст"), "number": ("Number", "Число"),
    "money": ("Money", "Сумма"), "date": ("Date", "Дата"), "datetime": ("Date and time", "Дата и время"),
    "bool": ("Yes/no", "Да/нет"), "choice": ("List of choices", "Список"), "phone": ("Phone", "Телефон"),
    "email": ("Email", "Эл. почта"), "url": ("Web address", "Веб-адрес"), "link": ("Link to a record", "Ссылка"),
    "user": ("User", "Пользователь"), "image": ("Picture", "Изображение"), "file": ("File", "Файл"),
}


def type_label(type_: str, lang: str) -> str:
    en, ru = TYPE_LABELS.get(type_, (type_, type_))
    return ru if lang == "ru" else en


def choice_options(old: Mapping[str, Any], text: str, lang: str) -> dict[str, Any]:
    """The options of a choice field after the user edited its list (one label per line, in `lang`).

    Existing choices keep their stored value (key) and their label in the other language, so records that
    hold them still read right; a new line becomes a new choice whose value is the text typed.
    """
    mine, other = ("labels_ru", "labels_en") if lang == "ru" else ("labels_en", "labels_ru")
    labels_mine = dict(old.get(mine) or {})
    labels_other = dict(old.get(other) or {})
    by_text = {str(v).casefold(): k for k, v in labels_mine.items()}
    by_text.update({str(k).casefold(): k for k in old.get("choices", [])})
    choices: list[str] = []
    for line in text.splitlines():
        label = line.strip()
        if not label:
            continue
        key = by_text.get(label.casefold(), label)
        if key in choices:
            continue
        choices.append(key)
        labels_mine[key] = label
        labels_other.setdefault(key, label)
    # Labels of removed choices stay: old records still show them by name.
    return {**old, "choices": choices, mine: labels_mine, other: labels_other}


class SettingsDialog(QDialog):
    def __init__(self, replica: Replica, kind: str, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        self.setWindowTitle(tr("Fields and sections"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Section:")))
        self.kinds = QComboBox()
        self.kinds.currentIndexChanged.connect(self._load_fields)
        top.addWidget(self.kinds, 1)
        self.section_label = QLineEdit()
        self.section_label.setPlaceholderText(tr("Section name"))
        top.addWidget(self.section_label, 1)
        self.rename_button = QPushButton(tr("Rename section"))
        self.rename_button.clicked.connect(self.rename_section)
        top.addWidget(self.rename_button)
        self.section_hidden = QCheckBox(tr("Hidden"))
        self.section_hidden.clicked.connect(self.toggle_section)
        top.addWidget(self.section_hidden)
        add_section = QPushButton(tr("New section…"))
        add_section.clicked.connect(self.add_section)
        top.addWidget(add_section)
        layout.addLayout(top)

        body = QHBoxLayout()
        self.fields = QListWidget()
        self.fields.currentItemChanged.connect(self._field_selected)
        body.addWidget(self.fields, 1)
        box = QGroupBox(tr("Field"))
        side = QVBoxLayout(box)
        form = QFormLayout()
        self.label_en = QLineEdit()
        self.label_ru = QLineEdit()
        self.type = QComboBox()
        for t in FIELD_TYPES:
            self.type.addItem(type_label(t, lang), t)
        self.choices = QPlainTextEdit()
        self.choices.setPlaceholderText(tr("for choice fields: one value per line"))
        self.choices.setMaximumHeight(110)
        self.type.currentIndexChanged.connect(lambda _: self.choices.setEnabled(self.type.currentData() == "choice"))
        self.choices.setEnabled(False)
        self.hidden = QCheckBox(tr("Hidden"))
        # The name in the window's own language is asked first; the other one may stay empty (it then shows the
        # same name to colleagues working in the other language).
        names = [(tr("Label (Russian)"), self.label_ru), (tr("Label (English)"), self.label_en)]
        if lang != "ru":
            names.reverse()
        for label, line in names:
            form.addRow(label, line)
        names[1][1].setPlaceholderText(tr("may stay empty"))
        form.addRow(tr("Type"), self.type)
        form.addRow(tr("Choices"), self.choices)
        form.addRow("", self.hidden)
        side.addLayout(form)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, text, slot) in enumerate((
                ("apply", tr("Apply changes"), self.apply_field), ("add", tr("Add field"), self.add_field),
                ("up", tr("Move up"), lambda: self.move_field(-1)),
                ("down", tr("Move down"), lambda: self.move_field(1)),
                ("delete", tr("Delete field"), self.delete_field))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            self.buttons[name] = b
            grid.addWidget(b, i // 2, i % 2)
        self.buttons["apply"].setDefault(True)
        side.addLayout(grid)
        side.addStretch(1)
        body.addWidget(box, 1)
        layout.addLayout(body)
        self.message = QLabel()
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        QWidget.setTabOrder(names[0][1], names[1][1])  # Tab goes as the rows read
        self._fill_kinds(kind)

    def _fill_kinds(self, select: str) -> None:
        self.kinds.blockSignals(True)
        self.kinds.clear()
        for kd in self.replica.schema().kinds(include_hidden=True):
            if not kd.internal:  # the program's own (read marks, comments, saved filters): not the user's to shape
                self.kinds.addItem(kd.label(self.lang), kd.key)
        self.kinds.setCurrentIndex(max(0, self.kinds.findData(select)))
        self.kinds.blockSignals(False)
        self._load_fields()

    def kind(self) -> str:
        return str(self.kinds.currentData())

    def _load_fields(self, *_: object) -> None:
        schema = self.replica.schema()
        kd = schema.kind(self.kind())
        self.section_label.setText(kd.label(self.lang))
        self.section_hidden.setChecked(kd.hidden)
        current = self.fields.currentItem().data(Qt.ItemDataRole.UserRole) if self.fields.currentItem() else None
        self.fields.clear()
        for fd in kd.fields:
            item = QListWidgetItem(f"{fd.label(self.lang)}  — {type_label(fd.type, self.lang)}"
                                   + (f"  ({tr('hidden')})" if fd.hidden else ""))
            item.setData(Qt.ItemDataRole.UserRole, fd.key)
            self.fields.addItem(item)
            if fd.key == current:
                self.fields.setCurrentItem(item)

    def _field_selected(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        if item is None:
            return
        fd = self.replica.schema().field(self.kind(), str(item.data(Qt.ItemDataRole.UserRole)))
        self.label_en.setText(fd.label_en)
        self.label_ru.setText(fd.label_ru)
        self.type.setCurrentIndex(max(0, self.type.findData(fd.type)))
        labels = fd.options.get("labels_ru" if self.lang == "ru" else "labels_en") or {}
        self.choices.setPlainText("\n".join(str(labels.get(c, c)) for c in fd.options.get("choices", [])))
        self.choices.setEnabled(fd.type == "choice")
        self.hidden.setChecked(fd.hidden)

    def _values(self, fd: FieldDef | None = None) -> dict[str, object]:
        en, ru = self.label_en.text().strip(), self.label_ru.text().strip()
        values: dict[str, object] = {"label_en": en or ru, "label_ru": ru or en,  # one name serves both languages
                                     "type": self.type.currentData(), "hidden": self.hidden.isChecked()}
        if self.type.currentData() == "choice":
            values["options"] = choice_options(fd.options if fd else {}, self.choices.toPlainText(), self.lang)
        return values

    def add_field(self) -> str | None:
        label = self.label_en.text().strip() or self.label_ru.text().strip()
        if not label:
            self.message.setText(tr("Type a label for the new field first"))
            return None
        kd = self.replica.schema().kind(self.kind())
        key = make_key(label, {f.key for f in kd.fields})
        order = max((f.order for f in kd.fields), default=0) + 1
        self.replica.set_field(self.kind(), key, {**self._values(), "order": order})
        self._load_fields()
        self.message.setText(tr("Field added; it appears on every PC."))
        return key

    def apply_field(self) -> None:
        item = self.fields.currentItem()
        if item is None:
            return
        key = str(item.data(Qt.ItemDataRole.UserRole))
        fd = self.replica.schema().field(self.kind(), key)
        values = self._values(fd)
        if not values["label_en"] and not values["label_ru"]:
            self.message.setText(tr("A field needs a label"))
            return
        self.replica.set_field(self.kind(), key, values)
        self.message.setText(tr("Saved; every PC shows it."))
        self._load_fields()

    def move_field(self, step: int) -> None:
        item = self.fields.currentItem()
        if item is None:
            return
        fields = self.replica.schema().kind(self.kind()).fields
        keys = [f.key for f in fields]
        i = keys.index(str(item.data(Qt.ItemDataRole.UserRole)))
        j = i + step
        if not 0 <= j < len(keys):
            return
        keys[i], keys[j] = keys[j], keys[i]
        for order, key in enumerate(keys):
            self.replica.set_field(self.kind(), key, {"order": order})
        self._load_fields()

    def delete_field(self) -> None:
        item = self.fields.currentItem()
        if item is None:
            return
        question = tr("Delete this field on every PC? Its values stay in the history of each record.")
        answer = QMessageBox.question(self, tr("Delete field"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        # Deleting hides the definition everywhere; values stay in the records and history.
        self.replica.delete_field(self.kind(), str(item.data(Qt.ItemDataRole.UserRole)))
        self._load_fields()

    def rename_section(self) -> None:
        text = self.section_label.text().strip()
        if text:
            self.replica.set_kind(self.kind(), {"label_ru" if self.lang == "ru" else "label_en": text})
            self._fill_kinds(self.kind())

    def toggle_section(self) -> None:
        self.replica.set_kind(self.kind(), {"hidden": self.section_hidden.isChecked()})

    def add_section(self) -> None:
        from client.ui.qt import QInputDialog
        name, ok = QInputDialog.getText(self, tr("New section…"), tr("Name:"))
        if ok and name.strip():
            key = make_key(name, {k.key for k in self.replica.schema().kinds(include_hidden=True)})
            self.replica.set_kind(key, {"label_en": name.strip(), "label_ru": name.strip(), "title_field": "title"})
            self.replica.set_field(key, "title", {"label_en": "Title", "label_ru": "Название", "type": "text",
                                                  "order": 0})
            self.replica.set_field(key, "note", {"label_en": "Note", "label_ru": "Примечание", "type": "multiline",
                                                 "order": 1})
            self._fill_kinds(key)
