"""Find the header row of a sheet even when a title, blank rows or merged cells sit above or in it."""

from __future__ import annotations

from datetime import date
from typing import Any

from client.core.io.mapping import is_known
from client.core.io.table import Table

LOOK_AT = 25


def text_of(v: Any) -> str:
    return "" if v is None else str(v).strip()


def is_data(row: list[Any]) -> bool:
    """Whether a row under the header is one (a row with no value is not)."""
    return bool((row and row[0].__class__ is str and not row[0][:1].isspace() and row[0])
                or any(text_of(c) for c in row))


def _effective(rows: list[list[Any]], i: int) -> list[str]:
    """Row i's header texts, with cells merged down from the rows above filled in."""
    out = []
    for col, cell in enumerate(rows[i]):
        text = text_of(cell)
        if not text:
            for above in range(i - 1, max(-1, i - 3), -1):
                if text_of(rows[above][col]) and isinstance(rows[above][col], str):
                    text = text_of(rows[above][col])
                    break
        out.append(text)
    return out


def _score(row: list[Any], effective: list[str]) -> float:
    cells = [c for c in row if text_of(c)]
    if len(cells) < 2:
        return -1
    known = sum(1 for c in effective if c and is_known(c))
    texty = sum(1 for c in effective if c and not c.replace(".", "").replace(",", "").isdigit())
    dates = sum(1 for c in cells if isinstance(c, date))
    return known * 3 + texty - dates * 2


def find_header(name: str, rows: list[list[Any]]) -> Table:
    return header_and_columns(name, rows)[0]


def header_and_columns(name: str, rows: list[list[Any]]) -> tuple[Table, list[int]]:
    """find_header's table, and which columns of the rows it kept."""
    width = max((len(r) for r in rows), default=0)
    rows = [r if len(r) == width else list(r) + [""] * (width - len(r)) for r in rows]
    best, best_score = 0, -1.0
    for i, row in enumerate(rows[:LOOK_AT]):
        s = _score(row, _effective(rows, i))
        if s > best_score:
            best, best_score = i, s
    # A header merged over two rows keeps its text in the upper cell only: take it from there.
    header = [t or f"#{col + 1}" for col, t in enumerate(_effective(rows, best))] if rows else []
    data, numbers = [], []
    for i in range(best + 1, len(rows)):
        if is_data(rows[i]):
            data.append(rows[i])
            numbers.append(i + 1)
    # Columns with neither a header nor any value are dropped (trailing empty area of a sheet).
    keep = [c for c in range(width) if not header[c].startswith("#") or any(text_of(r[c]) for r in data)]
    return Table(name=name, headers=[header[c] for c in keep],
                 rows=data if len(keep) == width else [[r[c] for c in keep] for r in data],
                 row_numbers=numbers, header_row=best + 1), keep
