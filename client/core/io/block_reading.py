"""An import's table read a block of rows at a time, a column at a time: here, or in a second process for a big one."""

from __future__ import annotations

import gc
import logging
import re
import threading
from concurrent.futures import Future
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Callable, Mapping

from client.core.i18n import language, set_language
from client.core.io.row_keys import Own, own_keys
from client.core.io.table import Table
from client.core.values import ColumnReader

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger(__name__)

_GUARDED = re.compile(r"^'[=+\-@]")
# Rows from which a second process reads the columns: its start (a new interpreter, ~0.2 s of processor on another
# core) costs less than what it takes off the import's own thread (~0.7 s per 100,000 rows of 6 columns).
PROCESS_ROWS = 30_000
PROCESS_HEAD = 10_000  # rows read here while the second process starts
# A file from which the import command starts the second process before reading it (~15,000 rows and more): the
# process starts while the file is parsed, so only the first block is read here.
PROCESS_BYTES = 1_000_000
AHEAD = 4  # blocks given to the second process before the import's first rows, the rest once it reads them

# What a block's reading gives: each column's values (an Unreadable where a cell cannot be read), whether every
# cell could be read, and then each row's {field: value}, {organization's field: value} and own keys among the
# section's records (row_keys.own_keys) (else empty lists).
Block = tuple[dict[int, list[Any]], bool, list[dict[str, Any]], list[dict[str, Any]], list[Own]]
Pairs = list[tuple[int, str]]


def unguarded(cell: Any) -> Any:
    """A value our own export protected against formula injection ('=...) without its apostrophe."""
    return cell[1:] if cell.__class__ is str and cell[:1] == "'" and _GUARDED.match(cell) else cell


def column_reader(fd: Any, region: str) -> Callable[[list[Any]], list[Any]]:
    """What reads a column's cells (each unguarded), a block after another, as its field's values
    (values.ColumnReader; an Unreadable where a cell cannot be read); a link column holds names, looked up by the
    import's row loop."""
    if fd.type == "link":
        return lambda cells: [str(c).strip() if c else None for c in cells]
    return ColumnReader(fd, region)


def cells(rows: list[list[Any]], i: int, apostrophes: bool) -> list[Any]:
    """Column `i` of a block of rows (None past a short row's end), each cell unguarded unless the table has no
    apostrophe to take."""
    if apostrophes:
        return [unguarded(r[i]) if i < len(r) else None for r in rows]
    return list(map(itemgetter(i), rows)) if i < min(map(len, rows)) else [r[i] if i < len(r) else None for r in rows]


def filled(read: Mapping[int, list[Any]], pairs: Pairs) -> list[dict[str, Any]]:
    """A block's rows as {field: value} from its columns' values (`read`, none unreadable), an empty cell left out,
    as the row loop would fill them one cell after another (a field two columns fill: the later filled one)."""
    names = [key for _i, key in pairs]
    return [dict(zip(names, values)) if None not in values and "" not in values else
            {name: value for name, value in zip(names, values) if value is not None and value != ""}
            for values in zip(*(read[i] for i, _key in pairs))]


class _Reader:
    """The columns of one import, read a block after another (what each column learnt carries over)."""

    def __init__(self, fields: Mapping[int, Any], region: str, keys: Pairs, org_keys: Pairs) -> None:
        self.columns = {i: column_reader(fd, region) for i, fd in fields.items()}
        self.readers = [c for c in self.columns.values() if isinstance(c, ColumnReader)]  # a link reads every name
        self.keys, self.org_keys = keys, org_keys

    def __call__(self, block: Mapping[int, list[Any]]) -> Block:
        """`block`: each column's cells (cells())."""
        before = sum(r.unreadable for r in self.readers)
        read = {i: column(block[i]) for i, column in self.columns.items()}
        # a block whose every cell could be read (most): its rows' values made a column at a time
        if sum(r.unreadable for r in self.readers) != before:
            return read, False, [], [], []
        rows = filled(read, self.keys)
        return read, True, rows, filled(read, self.org_keys) if self.org_keys else [], list(map(own_keys, rows))


_in_child: _Reader | None = None  # the second process's reader of the import under way


def _start_child(fields: Mapping[int, Any], region: str, keys: Pairs, org_keys: Pairs, lang: str) -> None:
    global _in_child
    gc.disable()  # a process that only reads blocks: their values are freed by their counts, no cycle among them
    set_language(lang)  # a cell's reason is said in the user's language, as the import's own process says it
    _in_child = _Reader(fields, region, keys, org_keys)


def _read_in_child(block: Mapping[int, list[Any]]) -> Block:
    assert _in_child is not None, "the import's columns are told first"
    return _in_child(block)


def _ready() -> None:
    """The second process's first call: by the time it returns, the process has imported what reading needs."""


def _pool() -> ProcessPoolExecutor:
    import multiprocessing  # only for a big import
    from concurrent.futures import ProcessPoolExecutor
    # spawn everywhere, as on Windows (the frozen program calls multiprocessing.freeze_support first)
    return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))


class SecondProcess:
    """A process that reads an import's blocks: started at once (its first call makes it import what reading a
    block needs); `let_go()` stops it while the import goes on, `close()` waits until it is gone."""

    def __init__(self) -> None:
        self.pool = _pool()
        self.stopping: threading.Thread | None = None
        self.pool.submit(_ready)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self.pool.submit(fn, *args)

    def let_go(self) -> None:
        if self.stopping is None:
            self.stopping = threading.Thread(target=self.pool.shutdown, kwargs={"cancel_futures": True},
                                             name="organizer-read-stop")
            self.stopping.start()

    def close(self) -> None:
        self.let_go()
        assert self.stopping is not None
        self.stopping.join()


def early_process() -> SecondProcess | None:
    """A second process started before a big file is read, for Blocks to take over (None if it cannot start)."""
    try:
        return SecondProcess()
    except Exception:
        log.warning("an import's second process could not start: its columns are read here", exc_info=True)
        return None


class Blocks:
    """A table's blocks of rows, read in order: `read(start)` for the block of rows from `start`. With
    PROCESS_ROWS rows or more a second process reads the blocks after the first PROCESS_HEAD rows (read here while
    it starts; only the first block when `process`, started earlier, is given); should it fail, the blocks it has
    not given are read here too, and they are the same (reading a cell depends only on the cell, its field, the
    office's country and the language). `close()` stops it (`process` too, when given)."""

    def __init__(self, table: Table, fields: Mapping[int, Any], region: str, keys: Pairs, org_keys: Pairs,
                 size: int, process: SecondProcess | None = None) -> None:
        self.table, self.size = table, size
        self.coming = table.coming
        self.args = (fields, region, keys, org_keys)
        self.here = _Reader(*self.args)
        self.process = process
        self.futures: dict[int, Future[Block]] = {}  # the blocks given to the process, by their first row
        self.giving = False  # whether blocks go to the process
        self.started: Future[None] | None = None  # the process has the import's columns once this is done
        self.head = size if process is not None else -(-PROCESS_HEAD // size) * size  # the first blocks, read here
        self.next = self.head  # the first row of the next block to give it
        # A table still arriving is a big file's (PROCESS_BYTES), whose process has started: it reads the blocks
        # as they come (waiting to count PROCESS_ROWS would leave them to this thread meanwhile).
        if len(table.rows) >= PROCESS_ROWS or (self.coming is not None and process is not None):
            self._in_second_process()
        elif process is not None:
            process.let_go()

    def _block(self, start: int) -> dict[int, list[Any]]:
        rows = self.table.rows[start:start + self.size]
        return {i: cells(rows, i, self.table.apostrophes) for i in self.args[0]}

    def _in_second_process(self) -> None:
        try:
            if self.process is None:
                self.process = SecondProcess()
            self.started = self.process.submit(_start_child, *self.args, language())
            self.giving = True
            self._give(AHEAD)
        except Exception:
            log.warning("an import's second process could not start: its columns are read here", exc_info=True)
            self.close()

    def _give(self, blocks: int | None) -> None:
        """The next `blocks` blocks (None: all) whose rows are in to the second process: a few first, so the first
        rows are not kept waiting while every block is sent, then the rest (each block given on its own would wake
        its threads every time)."""
        have = len(self.table.rows)
        whole = self.coming is None or self.coming.done  # read before the blocks: then every row is in
        while self.giving and self.process is not None and self.next < have and (
                self.next + self.size <= have or whole) and (blocks is None or blocks > 0):
            self.futures[self.next] = self.process.submit(_read_in_child, self._block(self.next))
            self.next += self.size
            if blocks is not None:
                blocks -= 1

    def _all_given(self) -> bool:
        return (self.coming is None or self.coming.whole()) and self.next >= len(self.table.rows)

    def read(self, start: int) -> Block:
        if self.coming is not None:
            self.coming.until(start + self.size)
            if self.giving:  # the blocks whose rows have come meanwhile
                self._give(None if start >= self.head else max(0, AHEAD - len(self.futures)))
        future = self.futures.pop(start, None)
        if future is not None:
            try:
                self._give(None)
                if future.done() or self.started is None or self.started.done():
                    block = future.result()
                else:  # still starting (its imports): read here, as it would, rather than wait for it
                    future.cancel()
                    return self.here(self._block(start))
            except Exception:
                log.warning("an import's second process stopped: the rest is read here", exc_info=True)
                self.close()
            else:
                if not self.futures and self.process is not None and self._all_given():
                    self.process.let_go()  # the last block is back: it stops while the import writes
                return block
        return self.here(self._block(start))

    def close(self) -> None:
        self.futures, self.giving = {}, False
        if self.process is not None:
            self.process.close()
            self.process = None
