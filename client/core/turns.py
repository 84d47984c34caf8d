"""Programs on one PC's copy take turns to write: the window, a command and an import each wait for the others'
transaction in progress, and a program that writes for long lets a waiting one go first, so nobody meets
"database is locked".

SQLite lets one transaction write at a time and makes the others retry blindly: a command adding a note while an
import wrote chunk after chunk retried between them, missed every gap and failed. Here a write first tries the lock
for a moment; a program that did not get it says so by holding the profile's `waiting` lock file, and a program
finishing a transaction gives way while someone holds it (looking every LOOK_S at most). Writes begin IMMEDIATE: a
transaction that read first and then wished to write could otherwise be refused at once, whatever the wait."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, ContextManager, Iterator

import peewee
from filelock import FileLock, Timeout

from client.core.errors import CopyBusy
from client.core.i18n import _

WAITING_FILE = "writers-waiting.lock"
QUICK_S = 0.25     # the first try for the write lock: the other program's transaction may end at once
WAIT_S = 120.0     # a turn waited for at most: the writer ahead lets us go at the end of its transaction
GIVE_WAY_S = 10.0  # how long a program that wrote waits for one that asked to go next
# How often a program writing transaction after transaction looks whether another asked to go next. Looking takes
# the lock file (~12 system calls, each letting the interpreter lock go and waiting to get it back behind the
# thread feeding the writer): after every one of an import's chunks it was a third of the writer's waits.
LOOK_S = 0.05


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" (or busy), as sqlite3 or peewee raise it."""
    return isinstance(error, (sqlite3.OperationalError, peewee.OperationalError)) and (
        "locked" in str(error) or "busy" in str(error))


class Turns:
    """One per copy and process, used by its writer thread only."""

    def __init__(self, profile: Path, *, busy_timeout: Callable[[float], None],
                 begin: Callable[[], ContextManager[Any]]) -> None:
        self._waiting = FileLock(str(profile / WAITING_FILE), thread_local=False)
        self._busy_timeout = busy_timeout  # sets how long SQLite itself retries the lock, in seconds
        self._begin = begin                # a write transaction: BEGIN IMMEDIATE ... COMMIT (or ROLLBACK)
        self._looked = 0.0                 # when this program last looked for one waiting (time.monotonic)
        self._timeout: float | None = None  # the busy timeout set last

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction, in turn; after it, a program waiting for its turn goes first."""
        with contextlib.ExitStack() as stack:
            waited = not self._try(stack, QUICK_S)
            if waited:
                try:
                    self._waiting.acquire(timeout=WAIT_S)
                except Timeout:
                    raise CopyBusy(_busy_message()) from None
                stack.callback(self._waiting.release)
                if not self._try(stack, WAIT_S):
                    raise CopyBusy(_busy_message())
            yield
        if not waited and time.monotonic() - self._looked >= LOOK_S:
            self._give_way()
            self._looked = time.monotonic()

    def _try(self, stack: contextlib.ExitStack, seconds: float) -> bool:
        if seconds != self._timeout:  # set only when it changes: a statement, and a turn of the interpreter lock
            self._busy_timeout(seconds)
            self._timeout = seconds
        try:
            stack.enter_context(self._begin())
        except (sqlite3.OperationalError, peewee.OperationalError) as e:
            if not is_locked(e):
                raise
            return False
        return True

    def _give_way(self) -> None:
        """If another program holds the waiting lock, it is waiting for the lock this one just let go: wait until
        it has written (it lets the waiting lock go then), so the next transaction here does not take it first."""
        try:
            self._waiting.acquire(timeout=0)
        except Timeout:
            try:
                self._waiting.acquire(timeout=GIVE_WAY_S)
            except Timeout:
                return
        self._waiting.release()


def _busy_message() -> str:
    return _("another program is writing to this PC's copy and did not finish within {seconds} s; try again "
             "later").format(seconds=f"{WAIT_S:.0f}")
