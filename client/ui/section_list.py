"""The list of sections on the left of the window: as tall as its rows need, so every section shows without
scrolling on a 1280×720 screen, the group folders below it taking what is left."""

from __future__ import annotations

from typing import Any

from client.ui.qt import QListWidget, QSize, QSizePolicy, QWidget


class SectionList(QListWidget):
    """A QListWidget whose preferred height is that of all its rows: the folders below take what is left, and when
    they are hidden (the dashboard, the planner) the list runs down to the bottom instead of floating mid-column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def rowsInserted(self, parent: Any, start: int, end: int) -> None:
        super().rowsInserted(parent, start, end)
        self.updateGeometry()  # a section added (or the list filled again): the layout asks the new height

    def reset(self) -> None:
        super().reset()
        self.updateGeometry()

    def needed_height(self) -> int:
        """The height that shows every row: the rows, the style sheet's padding and the frame."""
        rows = sum(self.sizeHintForRow(row) for row in range(self.count()))
        margins = self.contentsMargins()
        viewport = self.viewportMargins()
        return rows + margins.top() + margins.bottom() + viewport.top() + viewport.bottom() + 2 * self.spacing()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.needed_height())
