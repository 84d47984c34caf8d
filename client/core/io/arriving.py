"""A big CSV's rows parsed in a thread of their own while its first rows are already being imported."""

from __future__ import annotations

import threading
from itertools import islice
from typing import Any, Callable, Iterator

# Rows parsed at a time: the csv module holds the interpreter for a slice (about 4 ms for 2,000 rows of 6 cells), so
# the import's thread and the writer get their turns between slices.
SLICE = 2000


class Widened(Exception):
    """A row below the first ones holds a value past the header's last column: read whole, the table would have had
    one more column, so an import that began on its first rows is taken back and the table is read whole."""


Shape = Callable[[list[str]], "list[Any] | None"]


class Arriving:
    """The rest of a table's rows, parsed from `rest` in a thread and added to `rows` and `numbers` (its rows and
    row_numbers) a slice at a time, each file row numbered from `line` + 1 and made by `shape` as from a whole sheet
    (None: not a row of the table). `until(n)` waits for n rows (or the end)."""

    def __init__(self, rest: Iterator[list[str]], rows: list[Any], numbers: list[int], line: int,
                 shape: Shape) -> None:
        self.rows, self.numbers = rows, numbers
        self.changed = threading.Condition()
        self.done = False
        self.stopped = False
        self.error: BaseException | None = None
        self.when_done: list[Callable[[], None]] = []
        self.thread = threading.Thread(target=self._read, args=(rest, line, shape),
                                       name="organizer-parse", daemon=True)
        self.thread.start()

    def _read(self, rest: Iterator[list[str]], line: int, shape: Shape) -> None:
        try:
            while True:
                if self.stopped:
                    raise RuntimeError("the file's reading was stopped before its end")
                part = list(islice(rest, SLICE))
                if not part:
                    break
                rows, numbers = [], []
                for cells in part:
                    line += 1
                    row = shape(cells)
                    if row is not None:
                        rows.append(row)
                        numbers.append(line)
                with self.changed:
                    self.numbers.extend(numbers)  # a row's number is there before the row
                    self.rows.extend(rows)
                    self.changed.notify_all()
        except BaseException as e:  # said to whoever waits for the rows
            self.error = e
        with self.changed:
            self.done = True
            self.changed.notify_all()
            # let go of them once said: one that names the table (its rows) would otherwise keep it in a cycle
            said, self.when_done = self.when_done if self.error is None else [], []
        for fn in said:
            fn()

    def until(self, n: int) -> int:
        """How many rows there are once there are `n` or the file is read (its error raised here)."""
        with self.changed:
            while len(self.rows) < n and not self.done and self.error is None:
                self.changed.wait(1.0)
        if self.error is not None:
            raise self.error
        return len(self.rows)

    def whole(self) -> bool:
        """Whether every row is in, without waiting."""
        return self.done and self.error is None

    def each(self, size: int) -> Iterator[list[Any]]:
        """Every row, in order, waiting for them `size` at a time."""
        n = 0
        while (have := self.until(n + size)) > n:
            yield from self.rows[n:have]
            n = have

    def then(self, fn: Callable[[], None]) -> None:
        """`fn` called once every row is in (here, if they are), not if the reading failed or was stopped."""
        with self.changed:
            if not self.done:
                self.when_done.append(fn)
                return
        if self.error is None:
            fn()

    def stop(self) -> None:
        self.stopped = True
        self.thread.join()
