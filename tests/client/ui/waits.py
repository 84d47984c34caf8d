"""Waiting on the window's queued work instead of sleeping: everything queued for the UI thread before now has
run once a marker queued now has run (the queue is first in, first out)."""

from __future__ import annotations

from typing import Any

from client.ui.tasks import tasks


def settled(qtbot: Any, timeout: int = 5000) -> bool:
    marker: list[int] = []
    tasks().on_main(lambda: marker.append(1))
    qtbot.waitUntil(lambda: bool(marker), timeout=timeout)
    return True
