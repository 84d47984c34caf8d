"""One thread that performs every write to a PC's copy, in the order asked, so writers never lock each other out."""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from typing import Any, Callable, TypeVar

from lan_server.records.store.database import hand_over_quickly

log = logging.getLogger(__name__)
T = TypeVar("T")

_Job = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any], "Future[Any]"]


class Writer:
    """A queue served by one daemon thread; `run` waits for the job, `submit` hands back a Future.

    SQLite allows one writing transaction at a time per file: with every write of the process on this
    thread, a card save queues behind at most one import chunk instead of failing with "database is
    locked" after the busy timeout (the design's "one writer per PC", as the server's database thread).
    """

    def __init__(self, name: str, *, on_exit: Callable[[], None] | None = None) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        hand_over_quickly()
        self._on_exit = on_exit
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    @property
    def on_writer(self) -> bool:
        return threading.current_thread() is self._thread

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        if self.on_writer:  # a write inside a write: run it now, in the caller's transaction
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as e:  # noqa: BLE001 - handed to whoever waits on the future
                future.set_exception(e)
            return future
        if self._closed:
            raise RuntimeError("this PC's copy is closed")
        self._jobs.put((fn, args, kwargs, future))
        return future

    def queue(self, fn: Callable[..., Any], *args: Any) -> None:
        """Queue a job behind those waiting, also from the writer itself (a job that goes on in steps, letting
        other writes in between); nobody waits for it, and it is dropped once the writer is closed."""
        if not self._closed:
            self._jobs.put((fn, args, {}, Future()))

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.on_writer:
            return fn(*args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    def close(self, timeout: float = 30.0) -> None:
        """Finish the queued writes, then stop; the writer's own clean-up runs on its thread."""
        if self._closed:
            return
        self._closed = True
        self._jobs.put(None)
        if not self.on_writer:
            self._thread.join(timeout)

    def _serve(self) -> None:
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                fn, args, kwargs, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(fn(*args, **kwargs))
                except BaseException as e:  # noqa: BLE001 - the waiting caller re-raises it
                    future.set_exception(e)
        finally:
            if self._on_exit is not None:
                try:
                    self._on_exit()
                except Exception:
                    log.exception("closing the writer failed")
