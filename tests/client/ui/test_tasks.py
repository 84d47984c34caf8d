"""The one task runner: work off the UI thread, results back on it, nothing delivered to a closed dialog."""

from __future__ import annotations

import threading

from client.ui.qt import QCoreApplication, QDialog, QEvent
from client.ui.tasks import tasks
from tests.client.ui.waits import settled


def test_results_errors_and_progress_come_back_on_the_ui_thread(qtbot) -> None:
    ui = threading.current_thread()
    seen: list[tuple[str, object, bool]] = []
    dialog = QDialog()
    qtbot.addWidget(dialog)

    def work() -> int:
        report = tasks().progress(lambda n: seen.append(("progress", n, threading.current_thread() is ui)), dialog)
        report(1)
        assert threading.current_thread() is not ui
        return 42
    tasks().run(work, on_done=lambda v: seen.append(("done", v, threading.current_thread() is ui)), owner=dialog)
    qtbot.waitUntil(lambda: any(s[0] == "done" for s in seen), timeout=5000)
    tasks().run(lambda: 1 / 0, on_error=lambda e: seen.append(("error", type(e).__name__,
                                                                 threading.current_thread() is ui)))
    qtbot.waitUntil(lambda: any(s[0] == "error" for s in seen), timeout=5000)
    assert seen == [("progress", 1, True), ("done", 42, True), ("error", "ZeroDivisionError", True)]


def test_a_dialog_closed_mid_task_gets_no_callback(qtbot) -> None:
    release = threading.Event()
    called: list[int] = []
    dialog = QDialog()
    future = tasks().run(lambda: release.wait(5), on_done=lambda _v: called.append(1), owner=dialog)
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    assert future.result(5) is True
    for thread in [t for t in threading.enumerate() if t.name == "organizer-task"]:
        thread.join(5)  # its callback is queued for the UI thread by now
    looked = settled(qtbot)
    assert looked and called == []
