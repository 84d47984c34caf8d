"""A column of records that takes records dragged from its sibling columns (the deals board's stages, the
planner's days): what is dropped is handed to `on_drop(ids)`, and the owner redraws from what is stored."""

from __future__ import annotations

from typing import Any, Callable

from client.ui.qt import QAbstractItemView, QListWidget, Qt


class DropColumn(QListWidget):
    def __init__(self, on_drop: Callable[[list[str]], None], on_open: Callable[[str], None], *,
                 open_on_click: bool = False) -> None:
        super().__init__()
        self.on_drop = on_drop
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        signal = self.itemClicked if open_on_click else self.itemDoubleClicked
        signal.connect(lambda item: on_open(str(item.data(Qt.ItemDataRole.UserRole))))

    def dropEvent(self, event: Any) -> None:
        source = event.source()
        if isinstance(source, DropColumn) and source is not self:
            ids = [str(item.data(Qt.ItemDataRole.UserRole)) for item in source.selectedItems()]
            event.setDropAction(Qt.DropAction.IgnoreAction)  # the owner redraws from what is stored
            event.accept()
            self.on_drop(ids)
        else:
            event.ignore()
