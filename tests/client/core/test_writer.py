"""The one writer thread: jobs run in order on it, a write inside a write runs at once, errors reach the caller,
close finishes the queue and runs the clean-up on the writer's own thread."""

from __future__ import annotations

import sys
import threading

import pytest

from client.core.writer import Writer
from lan_server.records.store.database import SWITCH_S


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


def test_a_program_with_a_writer_lets_it_take_the_interpreter_lock_back_within_a_millisecond() -> None:
    """The writer's statements run without the lock and it takes the lock back after each: with Python's 5 ms switch
    an import's thread ran a whole chunk while the writer waited, and the two ran in turn (CSV 100,000 rows: the
    import's thread waited for the writer 2.4-2.7 s in all, 1.7-1.9 s at 1 ms; test_bench_import_merge.py)."""
    sys.setswitchinterval(0.005)
    writer = Writer("test-writer")
    try:
        assert sys.getswitchinterval() <= SWITCH_S == 0.001
        sys.setswitchinterval(0.0005)  # a program that asked for less keeps it
        Writer("another").close()
        assert sys.getswitchinterval() == pytest.approx(0.0005)
    finally:
        writer.close()
        sys.setswitchinterval(SWITCH_S)
