"""One runner for the window's background work: run off the UI thread, come back on it (as Anki's taskman)."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from typing import Any, Callable, TypeVar

from client.ui.qt import QObject, isdeleted, pyqtSignal

log = logging.getLogger(__name__)
T = TypeVar("T")


class TaskRunner(QObject):
    """`run(work, on_done=..., on_error=...)`: `work` runs on a thread of its own; the callbacks run on the UI
    thread, and not at all once `owner` (the dialog that asked) is gone, so closing it mid-task is safe."""

    _main = pyqtSignal(object)  # a callable to run on the UI thread

    def __init__(self) -> None:
        super().__init__()
        self._main.connect(lambda fn: fn())

    def on_main(self, fn: Callable[[], Any], owner: QObject | None = None) -> None:
        """Run `fn` on the UI thread (callable from any thread); skipped if `owner` was deleted meanwhile."""
        self._main.emit(lambda: None if owner is not None and isdeleted(owner) else fn())

    def progress(self, fn: Callable[..., Any], owner: QObject | None = None) -> Callable[..., None]:
        """A function for a worker to report through: each call runs `fn(*args)` on the UI thread."""
        return lambda *args: self.on_main(lambda: fn(*args), owner)

    def run(self, work: Callable[[], T], *, on_done: Callable[[T], Any] | None = None,
            on_error: Callable[[Exception], Any] | None = None, owner: QObject | None = None,
            name: str = "task") -> Future[T]:
        future: Future[T] = Future()

        def body() -> None:
            try:
                future.set_result(work())
            except Exception as e:  # handed to on_error on the UI thread, never lost
                if on_error is None:
                    log.exception("background task %s failed", name)
                future.set_exception(e)
            self.on_main(lambda: self._finish(future, on_done, on_error), owner)
        # A daemon thread: a task still waiting for a server when the window quits does not hold the quit.
        threading.Thread(target=body, name=f"organizer-{name}", daemon=True).start()
        return future

    @staticmethod
    def _finish(future: Future[T], on_done: Callable[[T], Any] | None,
                on_error: Callable[[Exception], Any] | None) -> None:
        error = future.exception()
        if error is None:
            if on_done is not None:
                on_done(future.result())
        elif on_error is not None and isinstance(error, Exception):
            on_error(error)


_runner: TaskRunner | None = None


def tasks() -> TaskRunner:
    """The application's runner (made on first use, on the UI thread)."""
    global _runner
    if _runner is None or isdeleted(_runner):
        _runner = TaskRunner()
    return _runner
