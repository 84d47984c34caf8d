"""An error on any thread reaches the user as a message and the log file, never a dead window or a sync that
stopped without a word: hooks for sys.excepthook and threading.excepthook, and the log in the profile."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from client.core.error_words import in_words
from client.core.errors import LOG_FILE, log_file_handler
from client.ui.i18n import tr
from client.ui.qt import QMessageBox, QObject, pyqtSignal

log = logging.getLogger("organizer")


class _Reporter(QObject):
    """Carries an error from any thread to the window's thread, where a message box may be shown."""

    happened = pyqtSignal(str)


class ErrorHooks:
    def __init__(self, profile: Path, *, show: bool = True) -> None:
        self.log_path = profile / LOG_FILE
        self.show = show  # tests look at `seen` instead of clicking a box away
        self.seen: list[str] = []
        self._reporter = _Reporter()
        self._reporter.happened.connect(self._tell)
        self._previous: tuple[Any, Any] = (sys.excepthook, threading.excepthook)
        self._handler: logging.Handler | None = None

    def install(self) -> ErrorHooks:
        self._handler = log_file_handler(self.log_path.parent)
        logging.getLogger().addHandler(self._handler)
        sys.excepthook = self._main_hook
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous
        if self._handler is not None:
            logging.getLogger().removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    def _main_hook(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        self._report(kind, error, tb, "")

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        self._report(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback, name)

    def _report(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None, thread: str) -> None:
        log.error("unexpected error%s:\n%s", f" in thread {thread}" if thread else "",
                  "".join(traceback.format_exception(kind, error, tb)))
        # A system's error in words; any other unexpected one by its kind too, for whoever reads it out to support.
        self._reporter.happened.emit(in_words(error) if isinstance(error, OSError) else f"{kind.__name__}: {error}")

    def _tell(self, text: str) -> None:
        self.seen.append(text)
        if self.show:
            QMessageBox.warning(None, tr("Something went wrong"),
                                tr("The program keeps working and nothing you typed is lost.") + f"\n\n{text}\n\n"
                                + tr("Details are in the log:") + f" {self.log_path}")
