"""A big CSV is imported by the command while it is parsed: the same table, records, report and messages as when it
is read whole, also when a row further down shows a column its first rows did not (the import is taken back and
done again on the whole file, each record once)."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path
from typing import Any

import pytest

from client import cli
from client.core.io import arriving, block_reading, importer, readers
from client.core.replica import Replica
from tests.client.core.io.test_column_reading import _cells, _imported

HEADERS = ["ФИО", "Телефон", "Эл. почта", "Город", "Дата рождения", "Организация", "Комментарий"]
ROWS = 3000


def messy_rows(widened_at: int | None = None) -> list[list[str]]:
    """The header under a title, then rows of every column type with messy cells, blank rows, a total row, the
    header again, short rows, empty cells past the header, cells our export guarded with an apostrophe, and a cell
    holding the delimiter and a line break."""
    rows: list[list[str]] = [["Клиенты на 01.12.2026"], [], list(HEADERS)]
    for i, cells in enumerate(_cells(ROWS)):
        row = ["" if c is None else str(c) for c in cells]
        if i % 97 == 0:
            rows.append([])
        if i % 33 == 5:
            row[6] = "'=СУММ(A1:A2)"  # our export's guard against a formula
        if i % 45 == 9:
            row[6] = "строка; и вторая\r\nстрока"
        if i % 50 == 3:
            row = row[:3]  # a short row
        if i % 40 == 7:
            row += ["", " "]  # empty cells past the header: the whole file would drop those columns
        rows.append(row)
    rows[1500] = list(HEADERS)
    rows[2222] = ["Итого", "", "", "", "", "", ""]
    if widened_at is not None:
        rows[widened_at] = [*rows[widened_at], "", "лишнее значение"]
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="cp1251", errors="replace", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(rows)
    return path


@pytest.fixture
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "HEAD_ROWS", 300)  # given after 300 rows, the rest parsed 200 at a time
    monkeypatch.setattr(arriving, "SLICE", 200)
    monkeypatch.setattr(importer, "BLOCK", 500)
    monkeypatch.setattr(importer, "CHUNK", 500)


def table_of(table: Any) -> Any:
    return table.name, table.headers, table.rows, table.row_numbers, table.header_row, table.apostrophes


def test_a_table_read_as_it_arrives_is_the_table_read_whole(tmp_path: Path, small_slices: None) -> None:
    path = write_csv(tmp_path / "clients.csv", messy_rows())
    whole = readers.read_csv(path)[0]
    table = readers.read_csv(path, arriving=True)[0]
    assert table.coming is not None and table.coming.until(10 ** 9) == len(whole.rows)
    assert table_of(table) == table_of(whole)
    assert any("\r\n" in c for r in whole.rows for c in r) and any(c == "=СУММ(A1:A2)" for r in whole.rows for c in r)


def test_a_column_its_first_rows_do_not_show_between_two_others_has_the_table_read_whole(
        tmp_path: Path, small_slices: None) -> None:
    rows = [r[:3] + [""] + r[3:] if len(r) > 3 else r for r in messy_rows()]  # the 4th column: neither header nor value
    rows[2500][3] = "примечание"  # ... but far below
    path = write_csv(tmp_path / "clients.csv", rows)
    table = readers.read_csv(path, arriving=True)[0]
    assert table.coming is None and table.headers == [*HEADERS[:3], "#4", *HEADERS[3:]]
    assert table_of(table) == table_of(readers.read_csv(path)[0])


def command(profile: Path, path: Path) -> tuple[str, str, dict[str, Any], int]:
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--profile", str(profile), "import", str(path), "--offline"], out=out, err=err) == 0
    replica = Replica(profile)
    try:
        return out.getvalue(), err.getvalue(), _imported(replica), replica.outbox_size()
    finally:
        replica.close()


@pytest.mark.parametrize("widened_at", [None, 2600])
def test_the_command_imports_a_big_csv_while_it_is_parsed_and_leaves_what_reading_it_whole_leaves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_slices: None, widened_at: int | None) -> None:
    path = write_csv(tmp_path / "clients.csv", messy_rows(widened_at))
    whole = command(tmp_path / "whole", path)  # a small file for the command: read whole, no second process
    assert "records were added" in whole[0] and "rows could not be imported" in whole[0] and whole[3] > ROWS // 2
    monkeypatch.setattr(block_reading, "PROCESS_BYTES", 0)  # now a big one: read as it is imported
    made: list[arriving.Arriving] = []
    monkeypatch.setattr(arriving.Arriving, "__init__", lambda self, *a, was=arriving.Arriving.__init__: (
        made.append(self), was(self, *a))[1])
    # Past 1,000 rows the parse waits until the import's first chunk (500 rows) is in (at most 30 s), so the chunk is
    # surely written before the file is read to its end.
    first_in = threading.Event()
    parsed_when_written: list[int] = []
    monkeypatch.setattr(arriving, "islice", lambda rest, n, was=arriving.islice: (
        first_in.wait(30) if len(made[-1].rows) > 1000 else None, was(rest, n))[1])
    monkeypatch.setattr(Replica, "add_new_records", lambda self, *a, was=Replica.add_new_records, **k: (
        parsed_when_written.append(len(made[-1].rows)), first_in.set(), was(self, *a, **k))[2])
    assert command(tmp_path / "arriving", path) == whole  # the same report, messages, records, and each op once
    assert len(made) == 1 and parsed_when_written[0] < 1500
    assert not made[0].when_done  # the message said, nothing of it keeps the table (its rows) in a cycle
    if widened_at is not None:  # its row was past the first ones: the import began, was taken back, and done again
        assert isinstance(made[0].error, arriving.Widened)


@pytest.mark.parametrize("arrives", [False, True])
def test_a_line_the_csv_module_cannot_read_is_said_in_words_with_its_number_and_nothing_is_imported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_slices: None, arrives: bool) -> None:
    rows = messy_rows()
    rows[2600] = ["Клиент с письмом", "", "", "", "", "", "я" * (csv.field_size_limit() + 1)]  # a whole letter pasted
    path = write_csv(tmp_path / "clients.csv", rows)
    if arrives:
        monkeypatch.setattr(block_reading, "PROCESS_BYTES", 0)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--profile", str(tmp_path / "pc"), "import", str(path), "--offline"], out=out, err=err) == \
        cli.BAD_INPUT
    line = 2601 + sum(
        c.count("\n") for r in rows[:2600] for c in r)  # the file's line, quoted line breaks counted
    assert f"cannot read clients.csv: line {line}: a cell is too long, or a quotation mark in it is not closed" \
        in err.getvalue()
    replica = Replica(tmp_path / "pc")
    try:
        assert replica.count("contact") == 0 and replica.outbox_size() == 0
    finally:
        replica.close()
