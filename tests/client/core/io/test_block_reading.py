"""A big import's columns are read by a second process while the import writes: the same values, cells left out
(their reasons in the user's language) and records as when they are read in the import's own process, also when
that process stops half way."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable

import pytest

from client.core.i18n import language, set_language
from client.core.io import block_reading, importer
from client.core.io.table import Table
from client.core.replica import Replica
from tests.client.core.io.test_column_reading import _cells, _imported

HEADERS = ["ФИО", "Телефон", "Эл. почта", "Город", "Дата рождения", "Организация", "Комментарий"]
MAPPING = {0: "name", 1: "phone", 2: "email", 3: "city", 4: "birthday", 5: "organization"}


class Counted(ProcessPoolExecutor):
    """The second process, with the blocks it was given counted."""
    made: list[Counted] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.given = 0
        Counted.made.append(self)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        self.given += fn is block_reading._read_in_child
        return super().submit(fn, *args, **kwargs)


def imported(folder: Path, progress: Callable[[int, int], None] | None = None) -> tuple[Any, dict[str, Any]]:
    rows = _cells(3000)
    rows[5] = list(HEADERS)  # the header again, and a total row: skipped as ever
    rows[2222] = ["Итого", None, None, None, None, None, None]
    table = Table(name="clients", headers=HEADERS, rows=rows, header_row=1, keep_rest_in_note=True)
    replica = Replica(folder)
    try:
        report = importer.run_import(replica, table, "contact", MAPPING, region="RU", progress=progress)
        return report, _imported(replica)
    finally:
        replica.close()


def what(report: Any) -> Any:
    return (report.created, report.skipped, report.problems, report.totals_skipped, report.headers_skipped,
            [(c.row, c.column, c.value, c.reason, c.in_note) for c in report.left_out], report.checks)


@pytest.fixture
def in_russian_by_500(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(importer, "BLOCK", 500)  # 3,000 rows: six blocks
    was = language()
    set_language("ru")
    yield
    set_language(was)


def test_a_big_import_read_by_a_second_process_leaves_what_reading_it_here_leaves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_russian_by_500: None) -> None:
    here, here_records = imported(tmp_path / "here")  # 3,000 rows: fewer than PROCESS_ROWS
    monkeypatch.setattr(block_reading, "PROCESS_ROWS", 1000)
    monkeypatch.setattr(block_reading, "PROCESS_HEAD", 700)  # blocks of 500: the first two read here
    monkeypatch.setattr(block_reading, "_pool", lambda: Counted(1, mp_context=multiprocessing.get_context("spawn")))
    Counted.made = []
    there, there_records = imported(tmp_path / "there")
    assert what(there) == what(here) and there_records == here_records
    assert len(here.left_out) > 1000 and any("не дата" in c.reason for c in here.left_out)  # said in Russian
    pool = [p for p in Counted.made if p.given]
    assert len(pool) == 1 and pool[0].given == 4  # rows 1,000-2,999 read there
    assert not pool[0]._processes  # stopped at the end


def test_when_the_second_process_stops_the_blocks_it_did_not_give_are_read_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_russian_by_500: None,
        caplog: pytest.LogCaptureFixture) -> None:
    here, here_records = imported(tmp_path / "here")
    monkeypatch.setattr(block_reading, "PROCESS_ROWS", 1000)
    monkeypatch.setattr(block_reading, "PROCESS_HEAD", 500)
    monkeypatch.setattr(block_reading, "_pool", lambda: Counted(1, mp_context=multiprocessing.get_context("spawn")))
    Counted.made = []

    def kill(done: int, _total: int) -> None:
        if done == 0:  # while the first rows are read here, the process dies (as one killed by the user does)
            for process in list(Counted.made[-1]._processes.values()):
                process.kill()
                process.join(10)
    there, there_records = imported(tmp_path / "there", kill)
    assert what(there) == what(here) and there_records == here_records
    assert Counted.made[-1].given == 5 and not Counted.made[-1]._processes
    assert "an import's second process stopped: the rest is read here" in caplog.text
