"""Readers: CSV/TXT with the encoding and delimiter detected, XLSX/ODS through python-calamine."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from client.core.io.header import find_header
from client.core.io.table import Table

ENCODINGS = ("utf_8", "cp1251", "koi8_r", "cp866")


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


def read_csv(path: Path, *, encoding: str | None = None, delimiter: str | None = None, **_: Any) -> list[Table]:
    data = path.read_bytes()
    enc = encoding or detect_encoding(data)
    text = data.decode(enc, errors="replace")
    delim = delimiter or detect_delimiter(text[:100_000])
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]
    return [find_header(path.stem, rows)]


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value if value.time() != time(0) else value.date()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def read_calamine(path: Path, **_: Any) -> list[Table]:
    """Every sheet of an xlsx/xls/ods workbook, header found on each."""
    from python_calamine import CalamineWorkbook
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as e:
        raise ValueError(f"{path.name} is not a readable spreadsheet ({e})") from None
    tables = []
    for name in book.sheet_names:
        rows = [[_cell(v) for v in row] for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]
        if any(any(v not in ("", None) for v in r) for r in rows):
            tables.append(find_header(name, rows))
    return tables


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()
