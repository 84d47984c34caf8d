"""Small widgets every dialog has: the line that says what happened, the progress bar of a long task, the
"Everyone / a name" choice of whose records to show, and a drop-down the mouse wheel passes over."""

from __future__ import annotations

from typing import Any

from client.ui.i18n import tr
from client.ui.qt import QBoxLayout, QComboBox, QLabel, QProgressBar, Qt


def message_line(layout: QBoxLayout, color: str = "") -> QLabel:
    """A wrapping label added to `layout`, for what the dialog has to say (red for errors)."""
    label = QLabel()
    label.setWordWrap(True)
    if color:
        label.setStyleSheet(f"color: {color};")
    layout.addWidget(label)
    return label


def progress_bar(layout: QBoxLayout) -> QProgressBar:
    """A progress bar added to `layout`, hidden until a task runs."""
    bar = QProgressBar()
    bar.setVisible(False)
    layout.addWidget(bar)
    return bar


def fill_people(box: QComboBox, names: list[str]) -> None:
    """"Everyone" and each name, keeping the one chosen before when it is still there."""
    chosen = box.currentData()
    box.clear()
    box.addItem(tr("Everyone"), None)
    for name in names:
        box.addItem(name, name)
    box.setCurrentIndex(max(0, box.findData(chosen)))


def retranslate_people(box: QComboBox) -> None:
    """The "Everyone" entry in the language just chosen."""
    if box.count():
        box.setItemText(0, tr("Everyone"))


class WheelCombo(QComboBox):
    """A drop-down that the mouse wheel changes only once it has focus (clicked or tabbed into): scrolling a card
    over it scrolls the card, instead of quietly changing the value (an invoice's deal was emptied so)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not the wheel's focus: a scroll must not take it

    def wheelEvent(self, event: Any) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the card's scroll area
