"""A big import's columns are read by a second process while the import writes: the same values, cells left out
(their reasons in the user's language) and records as when they are read in the import's own process, also when
that process stops half way."""

from __future__ import annotations

import gc
import io
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable

import pytest

from client import cli
from client.core.i18n import language, set_language
from client.core.io import block_reading, importer, readers
from client.core.io.table import Table
from client.core.replica import Replica
from tests.benchmarks.test_bench_import_merge import HEAD, row
from tests.client.core.io.test_column_reading import _cells, _imported

HEADERS = ["ФИО", "Телефон", "Эл. почта", "Город", "Дата рождения", "Организация", "Комментарий"]
MAPPING = {0: "name", 1: "phone", 2: "email", 3: "city", 4: "birthday", 5: "organization"}


class Counted(ProcessPoolExecutor):
    """The second process, with the blocks it was given counted and its process kept (to see it gone)."""
    made: list[Counted] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.given = 0
        self.children: list[Any] = []
        Counted.made.append(self)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        self.given += fn is block_reading._read_in_child
        try:
            return super().submit(fn, *args, **kwargs)
        finally:
            self.children = self.children or list((self._processes or {}).values())

    def gone(self) -> bool:
        return bool(self.children) and not any(p.is_alive() for p in self.children)


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
    assert pool[0].gone()  # stopped at the end


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
    assert Counted.made[-1].given == 5 and Counted.made[-1].gone()
    assert "an import's second process stopped: the rest is read here" in caplog.text


def command_import(profile: Path, path: Path) -> dict[str, Any]:
    out = io.StringIO()
    assert cli.main(["--profile", str(profile), "import", str(path), "--offline"], out=out, err=io.StringIO()) == 0
    assert "3000 records were added" in out.getvalue(), out.getvalue()
    replica = Replica(profile)
    try:
        return _imported(replica)
    finally:
        replica.close()


@pytest.mark.parametrize("rows_for_process", [1000, 5000])
def test_the_command_starts_the_second_process_before_it_reads_a_big_file_and_stops_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_russian_by_500: None, rows_for_process: int) -> None:
    path = tmp_path / "clients.csv"
    with open(path, "w", encoding="cp1251", newline="") as fh:
        fh.writelines(";".join(cells) + "\r\n" for cells in [HEAD, *(row(i) for i in range(3000))])
    here = command_import(tmp_path / "here", path)  # a small file: read here
    monkeypatch.setattr(block_reading, "PROCESS_BYTES", path.stat().st_size)  # big enough to start it early
    monkeypatch.setattr(block_reading, "PROCESS_ROWS", rows_for_process)
    monkeypatch.setattr(readers, "HEAD_ROWS", 5000)  # read whole before it is imported (test_arriving: as it comes)
    monkeypatch.setattr(block_reading, "_pool", lambda: Counted(1, mp_context=multiprocessing.get_context("spawn")))
    when: list[int] = []  # processes there were when the import began
    monkeypatch.setattr(importer, "run_import", lambda *a, was=importer.run_import, **k: (
        when.append(len(Counted.made)), was(*a, **k))[1])
    Counted.made = []
    assert command_import(tmp_path / "there", path) == here
    assert when == [1] and len(Counted.made) == 1  # started before the file was read, taken over by the import
    # 3,000 rows of 500: the first block read here, the other five there (when the table is big enough for it)
    assert Counted.made[0].given == (5 if rows_for_process <= 3000 else 0)
    assert Counted.made[0].gone()  # stopped at the end


def test_an_import_runs_with_the_cycle_collector_paused_and_turns_it_back_on_also_when_cancelled(
        tmp_path: Path) -> None:
    on: list[bool] = []
    imported(tmp_path / "done", lambda _done, _total: on.append(gc.isenabled()))
    assert on and not any(on) and gc.isenabled()
    table = Table(name="clients", headers=HEADERS, rows=_cells(300), header_row=1)
    replica = Replica(tmp_path / "cancelled")
    try:
        with pytest.raises(importer.Cancelled):
            importer.run_import(replica, table, "contact", MAPPING, region="RU", cancelled=lambda: not gc.isenabled())
        assert gc.isenabled() and replica.count("contact") == 0
    finally:
        replica.close()


def test_a_cancelled_import_says_so_in_the_users_language(tmp_path: Path, in_russian_by_500: None) -> None:
    table = Table(name="clients", headers=HEADERS, rows=_cells(300), header_row=1)
    replica = Replica(tmp_path / "pc")
    try:
        with pytest.raises(importer.Cancelled, match="^импорт отменён, данные не изменены$"):
            importer.run_import(replica, table, "contact", MAPPING, region="RU", cancelled=lambda: True)
    finally:
        replica.close()
