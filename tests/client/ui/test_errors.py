"""An error on any thread reaches the user and the log: never a dead window or a sync that stops silently."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from client.ui.errors import ErrorHooks


def test_errors_on_the_window_thread_and_on_others_are_told_and_logged(qtbot, tmp_path: Path) -> None:
    hooks = ErrorHooks(tmp_path, show=False).install()
    try:
        def broken() -> None:
            raise RuntimeError("сбой в фоновой задаче")
        worker = threading.Thread(target=broken, name="sync")
        worker.start()
        worker.join(5)
        qtbot.waitUntil(lambda: len(hooks.seen) == 1, timeout=3000)
        assert hooks.seen == ["RuntimeError: сбой в фоновой задаче"]
        try:
            raise ValueError("сбой в окне")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # what Qt calls for an error in a slot
        qtbot.waitUntil(lambda: len(hooks.seen) == 2, timeout=3000)
        log = (tmp_path / "organizer.log").read_text(encoding="utf-8")
        assert "in thread sync" in log and "сбой в фоновой задаче" in log and "Traceback" in log
        assert "сбой в окне" in log
    finally:
        hooks.uninstall()
    assert sys.excepthook is sys.__excepthook__ or sys.excepthook is not hooks._main_hook
