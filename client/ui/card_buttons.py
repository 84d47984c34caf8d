"""The button beside a field in the card: call a phone, write an e-mail, open a site, choose a file, pick a date
from a calendar, choose how a task repeats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from client.ui.field_editor import FieldEditor
from client.ui.files import documents_folder
from client.ui.i18n import tr
from client.ui.photo_field import PhotoField
from client.ui.qt import (
    QCalendarWidget,
    QDate,
    QDesktopServices,
    QDialog,
    QFileDialog,
    QLineEdit,
    QPushButton,
    QUrl,
    QVBoxLayout,
)
from lan_server.records import FieldDef

if TYPE_CHECKING:
    from client.ui.qt import QWidget as Card  # the record card this is part of
else:
    Card = object


class FieldButtonsMixin(Card):
    """Part of RecordCard: a field's button and the pickers it opens."""

    lang: str
    error: Any

    if TYPE_CHECKING:
        def _edited(self) -> None: ...

    def pick_repeat(self, editor: FieldEditor, *, show: bool = True) -> Any:
        """The repeat picker for a task's repeat; what is chosen goes into the card (saved with it)."""
        from client.ui.repeat_picker import RepeatPicker
        picker = RepeatPicker(editor.rule_text, self.lang, self)
        def chosen() -> None:
            editor.set_rule(picker.rule_text())
            self._edited()
        picker.accepted.connect(chosen)
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
                path, _ = QFileDialog.getOpenFileName(self, fd.label(self.lang), str(documents_folder()))
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
