"""A sheet read from a file: header names and rows, before any mapping to fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from client.core.io.arriving import Arriving


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[list[Any]]
    # file row number (1-based) of each data row, for the report
    row_numbers: list[int] = field(default_factory=list)
    header_row: int = 1
    # True (an address book): a column that fills no field is kept in the record's note, not left out
    keep_rest_in_note: bool = False
    # False: no cell starts with an apostrophe (a CSV file without one), so none is our export's guard ('=...)
    apostrophes: bool = True
    # The rows still being parsed (a big CSV the import command imports as it is read), else None: rows and
    # row_numbers grow until coming.until() says they are all in.
    coming: Arriving | None = None
