"""The one writer thread: jobs run in order on it, a write inside a write runs at once, errors reach the caller,
close finishes the queue and runs the clean-up on the writer's own thread."""

from __future__ import annotations

import threading

import pytest

from client.core.writer import Writer


def test_jobs_run_in_order_on_one_thread_and_errors_reach_the_caller() -> None:
    threads: list[str] = []
    done: list[int] = []
    closed = threading.Event()
    writer = Writer("test-writer", on_exit=lambda: (threads.append(threading.current_thread().name), closed.set()))
    try:
        futures = [writer.submit(lambda n=n: (done.append(n), threads.append(threading.current_thread().name))[0])
                   for n in range(20)]
        for future in futures:
            future.result(timeout=10)
        assert done == list(range(20)) and set(threads) == {"test-writer"}
        # a write inside a write joins it instead of waiting for itself
        assert writer.run(lambda: writer.run(lambda: writer.on_writer)) is True
        with pytest.raises(ZeroDivisionError):
            writer.run(lambda: 1 / 0)
        assert writer.run(lambda: "still serving") == "still serving"
    finally:
        writer.close()
    assert closed.is_set() and threads[-1] == "test-writer"  # the clean-up ran on the writer
    with pytest.raises(RuntimeError):
        writer.submit(lambda: None)
