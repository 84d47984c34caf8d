"""Small widgets every dialog has: the line that says what happened, and the progress bar of a long task."""

from __future__ import annotations

from client.ui.qt import QBoxLayout, QLabel, QProgressBar


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
