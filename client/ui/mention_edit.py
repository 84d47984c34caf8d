"""A text box for comments and messages: @ and the first letters of a colleague's name offer them in a list (as
one types, by login, first name or surname); Ctrl+Enter sends; a picture pasted from the clipboard is handed on."""

from __future__ import annotations

import re
from typing import Any, Callable

from client.core.talk import people
from client.core.talk.people import Person
from client.ui.qt import QImage, QKeySequence, QListWidget, QListWidgetItem, QPlainTextEdit, QPoint, Qt, pyqtSignal

_TYPED = re.compile(r"(?<![\w@])@([\w.-]*)$")  # an @mention being typed, up to the cursor


class MentionEdit(QPlainTextEdit):
    send = pyqtSignal()
    picture = pyqtSignal(object)  # a QImage pasted from the clipboard

    def __init__(self, colleagues: Callable[[], list[Person]]) -> None:
        super().__init__()
        self.colleagues = colleagues
        self.setTabChangesFocus(True)
        self.setMaximumHeight(90)
        self.popup = QListWidget(self)
        self.popup.setWindowFlags(Qt.WindowType.ToolTip)  # floats over the window, never takes the focus
        self.popup.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.popup.itemClicked.connect(self._chosen)
        self.popup.hide()
        self.textChanged.connect(self._offer)

    # ---- completion

    def _typed(self) -> re.Match[str] | None:
        cursor = self.textCursor()
        before = self.toPlainText()[:cursor.position()]
        return _TYPED.search(before.split("\n")[-1])

    def _offer(self) -> None:
        typed = self._typed()
        found = people.complete(self.colleagues(), typed.group(1)) if typed is not None else []
        self.popup.clear()
        if not found:
            self.popup.hide()
            return
        for p in found:
            item = QListWidgetItem(f"{p.full_name}  ({p.login})" if p.full_name else p.login)
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.popup.addItem(item)
        self.popup.setCurrentRow(0)
        self.popup.resize(max(240, self.popup.sizeHintForColumn(0) + 24),
                          min(8, len(found)) * (self.popup.sizeHintForRow(0) + 2) + 6)
        rect = self.cursorRect()
        at = self.viewport().mapToGlobal(QPoint(rect.left(), rect.bottom() + 4))
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:  # kept on the screen: the card is at its right edge
            x = max(screen.left(), min(at.x(), screen.right() - self.popup.width()))
            y = at.y() if at.y() + self.popup.height() <= screen.bottom() else \
                self.viewport().mapToGlobal(QPoint(0, rect.top())).y() - self.popup.height() - 4
            at = QPoint(x, y)
        self.popup.move(at)
        self.popup.show()

    def offered(self) -> list[str]:
        """The logins the list offers now (empty when it is hidden)."""
        if not self.popup.isVisible():
            return []
        return [self.popup.item(i).data(Qt.ItemDataRole.UserRole).login for i in range(self.popup.count())]

    def _chosen(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.popup.currentItem()
        typed = self._typed()
        if item is None or typed is None:
            self.popup.hide()
            return
        person: Person = item.data(Qt.ItemDataRole.UserRole)
        # A name of one or two words reads as the person (people.resolve makes it the login on sending).
        words = person.full_name.split()
        name = " ".join(words) if 1 <= len(words) <= 2 else person.login
        cursor = self.textCursor()
        for _ in range(len(typed.group(0))):
            cursor.deletePreviousChar()
        cursor.insertText(f"@{name} ")
        self.setTextCursor(cursor)
        self.popup.hide()

    # ---- keys

    def keyPressEvent(self, event: Any) -> None:
        key = event.key()
        if self.popup.isVisible():
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.popup.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.popup.setCurrentRow(max(0, min(self.popup.count() - 1, row)))
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
                self._chosen()
                return
            if key == Qt.Key.Key_Escape:
                self.popup.hide()
                return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.send.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: Any) -> None:
        self.popup.hide()
        super().focusOutEvent(event)

    def canInsertFromMimeData(self, source: Any) -> bool:
        return bool(source.hasImage()) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: Any) -> None:
        if source.hasImage():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.picture.emit(image)
                return
        super().insertFromMimeData(source)

    @staticmethod
    def send_keys() -> str:
        return QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
