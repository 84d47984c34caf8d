"""A colleague's change to a field the user is typing in, said in the card as it arrives: who changed it to what,
with a choice between their value and the typing (which is otherwise saved over theirs, now knowingly)."""

from __future__ import annotations

from typing import Any, Callable

from client.ui.i18n import tr
from client.ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

STYLE = "#cardConflicts { background: #fde8e4; border: 1px solid #e39a8c; border-radius: 4px; }"


class ConflictNotes(QFrame):
    """One line per field in conflict, each with "Take theirs" and "Keep mine"; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardConflicts")
        self.setStyleSheet(STYLE)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self.rows: dict[str, QWidget] = {}
        self.setVisible(False)

    def say(self, key: str, text: str, take: Callable[[], None]) -> None:
        """Show (or replace) the line about field `key`; `take` puts the colleague's value in the field."""
        self.drop(key)
        row = QWidget()
        row.setObjectName(f"conflict:{key}")
        # The words over the card's whole width and the two buttons under them: beside the buttons, a 430 px card
        # left the words a third of it, three lines high.
        v = QVBoxLayout(row)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        label = QLabel(text)
        label.setWordWrap(True)
        v.addWidget(label)
        h = QHBoxLayout()
        h.addStretch(1)
        v.addLayout(h)
        theirs = QPushButton(tr("Take theirs"))
        mine = QPushButton(tr("Keep mine"))
        theirs.setToolTip(tr("Put the colleague's value in the field; what you typed there is let go"))
        mine.setToolTip(tr("Keep what you typed: saving it replaces the colleague's value"))

        def take_it() -> None:
            take()
            self.drop(key)
        theirs.clicked.connect(take_it)
        mine.clicked.connect(lambda: self.drop(key))
        h.addWidget(theirs)
        h.addWidget(mine)
        self._layout.addWidget(row)
        self.rows[key] = row
        self.setVisible(True)

    def text_of(self, key: str) -> str:
        row = self.rows.get(key)
        label = row.findChild(QLabel) if row is not None else None
        return label.text() if label is not None else ""

    def button(self, key: str, which: str) -> Any:
        """The "theirs" or "mine" button of a line (for the keyboard and for tests)."""
        row = self.rows[key]
        buttons = row.findChildren(QPushButton)
        return buttons[0] if which == "theirs" else buttons[1]

    def drop(self, key: str) -> None:
        row = self.rows.pop(key, None)
        if row is not None:
            row.setParent(None)
            row.deleteLater()
        self.setVisible(bool(self.rows))

    def clear(self) -> None:
        for key in list(self.rows):
            self.drop(key)
