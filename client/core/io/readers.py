"""Readers: CSV/TXT with the encoding and delimiter detected, XLSX/ODS through python-calamine."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterator

from client.core.i18n import _
from client.core.io.arriving import Arriving, Widened
from client.core.io.header import find_header, header_and_columns, is_data, text_of
from client.core.io.table import Table

ENCODINGS = ("utf_8", "cp1251", "koi8_r", "cp866")
# Rows of an arriving CSV read before it is given (the header is among the first LOOK_AT; the import's first block
# is 2,000 rows): about 5 ms of a 0.2 s parse of 100,000 rows.
HEAD_ROWS = 2500


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), cp1251, koi8-r or cp866: the only ones Russian office files come in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf_8_sig"
    try:
        data.decode("utf_8")
        return "utf_8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data[:200_000], cp_isolation=list(ENCODINGS[1:])).best()
    return best.encoding if best is not None else "cp1251"


def detect_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best, score = ";", -1.0
    for d in (";", ",", "\t", "|"):
        counts = [len(next(csv.reader([line], delimiter=d))) for line in lines]
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        s = counts.count(common) * common  # many lines agreeing on many columns
        if s > score:
            best, score = d, s
    return best


# A workbook saved under a .csv or .txt name (it happens): read it as the workbook it is.
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def read_csv(path: Path, *, encoding: str | None = None, delimiter: str | None = None, arriving: bool = False,
             **_options: Any) -> list[Table]:
    """`arriving`: a table of more than HEAD_ROWS rows is given once its first rows are read, the rest parsed
    meanwhile (its `coming`), when its first rows show which columns it has (a column with neither a header nor a
    value there, between two that have, might be dropped or kept, which only the whole file tells)."""
    data = path.read_bytes()
    if not data.strip():
        raise ValueError(_("the file is empty: there is nothing to import"))
    if data.startswith(_WORKBOOK_MAGIC):
        return read_calamine(path)
    enc = encoding or detect_encoding(data)
    text = data.decode(enc, errors="replace")
    delim = delimiter or detect_delimiter(text[:100_000])
    # A StringIO of the whole text takes ~0.08 s per 100,000 rows to make before its first line is read: an arriving
    # table's lines are decoded as they are read (the same text: the decoder replaces what the decoding above does).
    lines = (io.TextIOWrapper(io.BytesIO(data), encoding=enc, errors="replace", newline="") if arriving else
             io.StringIO(text, newline=""))
    reader = _told(csv.reader(lines, delimiter=delim))
    apostrophes = "'" in text  # a file without one has no cell to unguard
    rows = list(islice(reader, HEAD_ROWS)) if arriving else list(reader)
    if apostrophes:
        rows = list(map(_unguarded, rows))
    table, kept = header_and_columns(path.stem, rows)
    if arriving and len(rows) == HEAD_ROWS:
        if kept == list(range(len(kept))):  # a column left out is past the last one kept
            table.coming = Arriving(reader, table.rows, table.row_numbers, len(rows), _shape(len(kept), apostrophes))
        else:
            rest = list(map(_unguarded, reader)) if apostrophes else list(reader)
            table = find_header(path.stem, rows + rest)
    table.apostrophes = apostrophes
    return [table]


class Unparsable(ValueError):
    """A CSV line the csv module cannot read: a cell longer than it takes, often from a quotation mark not closed."""


def _told(reader: Any) -> Iterator[list[str]]:
    """The rows of a csv reader; its error said in words, with the line (a huge cell, a quotation mark not closed,
    left the user with "something went wrong")."""
    try:
        yield from reader
    except csv.Error:
        raise Unparsable(_("line {line}: a cell is too long, or a quotation mark in it is not closed")
                         .format(line=reader.line_num)) from None


def _shape(width: int, apostrophes: bool) -> Callable[[list[str]], list[str] | None]:
    """A row below an arriving CSV's first ones as find_header makes it from the whole file, given that the first
    rows showed every column: `width` cells (unguarded as above), None for a row with no value; Widened for a row
    with a value past the header, which would have made the table a column wider."""
    def shape(row: list[str]) -> list[str] | None:
        if apostrophes:
            row = _unguarded(row)
        if len(row) > width:
            if any(text_of(c) for c in row[width:]):
                raise Widened(row)
            row = row[:width]  # only empty cells past the header: a column the whole file would drop
        elif len(row) < width:
            row = row + [""] * (width - len(row))
        return row if is_data(row) else None
    return shape


def _unguarded(row: list[str]) -> list[str]:
    return [_unguard(c) if c[:1] == "'" else c for c in row]


def _unguard(cell: str) -> str:
    """Excel's "keep as text" apostrophe ('462235******0069, '=A1, as banks and our own CSV write them) is not part
    of the value; an apostrophe that opens a quotation ('Ромашка') is."""
    return cell[1:] if cell.startswith("'") and cell.count("'") == 1 and len(cell) > 1 else cell


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value if value.time() != time(0) else value.date()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def read_calamine(path: Path, **_options: Any) -> list[Table]:
    """Every sheet of an xlsx/xls/ods workbook, header found on each; the kind of workbook is told by its content,
    not its name (an .xls that is really .xlsx opens)."""
    from python_calamine import CalamineWorkbook
    try:
        with path.open("rb") as f:
            book = CalamineWorkbook.from_filelike(f)
    except Exception as e:
        reason = str(e)
        try:  # told by content it failed; by its name calamine says more (an encrypted workbook is no zip)
            CalamineWorkbook.from_path(str(path))
        except Exception as named:
            reason = str(named)
        if "password" in reason.lower():
            raise ValueError(_("it is protected by a password: open it in Excel or Calc, remove the password and "
                               "save it, then import it again")) from None
        if path.stat().st_size == 0:
            raise ValueError(_("the file is empty (0 bytes): it was not saved whole")) from None
        raise ValueError(_("it is not a spreadsheet this program can read ({reason}): open it in Excel or Calc and "
                           "save it as .xlsx").format(reason=reason)) from None
    tables = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for row in rows:  # most cells are text, kept as they are; the rest read in place (the lists are ours)
            for j, v in enumerate(row):
                if v.__class__ is not str:
                    row[j] = _cell(v)
        if any(any(v not in ("", None) for v in r) for r in rows):
            tables.append(find_header(name, rows))
    return tables


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()
