"""Brings replica changes and sync status from the sync thread onto the Qt thread as signals."""

from __future__ import annotations

from typing import Any

from client.core.replica import Change, Replica
from client.core.sync import SyncStatus
from client.ui.qt import QObject, pyqtSignal


class Bridge(QObject):
    changed = pyqtSignal(object)   # Change
    status = pyqtSignal(object)    # SyncStatus

    def __init__(self, replica: Replica, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Emitting from another thread queues the call onto this object's (the UI) thread.
        self._unlisten = replica.on_change(self._emit_change)

    def _emit_change(self, change: Change) -> None:
        self.changed.emit(change)

    def emit_status(self, status: SyncStatus) -> None:
        self.status.emit(status)

    def close(self, *args: Any) -> None:
        self._unlisten()
