"""One window per PC's copy: a second start on the same copy brings the first window to the front and ends.

Two windows on one copy wrote it at once and each showed only its own changes. The first window holds a lock file
in the copy's folder for as long as it runs and listens on a local socket named after the folder (a named pipe on
Windows); a second start that cannot take the lock tells the first to show itself."""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from client.ui.qt import QLocalServer, QLocalSocket, QObject

LOCK_FILE = "window.lock"
SHOW = b"show\n"
ANSWER_S = 5.0  # how long a second start waits for the first window to listen (it may be starting too)


def socket_name(profile: Path) -> str:
    """The local socket of the window on this copy: one name per folder, the same for every program."""
    return "lan-organizer-" + hashlib.sha256(str(profile.resolve()).encode()).hexdigest()[:20]


class OneWindow(QObject):
    def __init__(self, profile: Path) -> None:
        super().__init__()
        self.profile = profile
        self._lock = FileLock(str(profile / LOCK_FILE), thread_local=False)
        self._server: QLocalServer | None = None

    def first(self) -> bool:
        """True when no other window runs on this copy (this one is now the window); otherwise the other window
        is asked to come to the front, and False."""
        self.profile.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
            return True
        except Timeout:
            _show_the_other(socket_name(self.profile))
            return False

    def listen(self, show: Callable[[], None]) -> None:
        """Call `show` whenever another start on this copy asks (the first window only)."""
        name = socket_name(self.profile)
        QLocalServer.removeServer(name)  # a socket file left by a window that crashed (this one holds the lock)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(lambda: self._answer(show))
        self._server.listen(name)

    def _answer(self, show: Callable[[], None]) -> None:
        assert self._server is not None
        while (conn := self._server.nextPendingConnection()) is not None:
            conn.disconnected.connect(conn.deleteLater)
            conn.readyRead.connect(lambda c=conn: show() if c.readAll().data().startswith(SHOW) else None)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.release()


def _show_the_other(name: str) -> None:
    if sys.platform == "win32":  # this start is in the foreground: it may hand that to the other window
        import ctypes
        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
    deadline = time.monotonic() + ANSWER_S
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(500):
            socket.write(SHOW)
            socket.waitForBytesWritten(1000)
            socket.disconnectFromServer()
            return
        if time.monotonic() >= deadline:
            return  # the other window is not answering: nothing more this start can do
        time.sleep(0.2)  # it holds the lock and is still starting
