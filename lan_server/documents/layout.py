"""A print form described once, as data: a page of paragraphs, tables and pictures whose texts are Jinja
placeholders ("Счёт № {{ number }}"). word.py writes it as the Word template an office may edit (docxtpl
markup), pdf.py lays it out with the values as a PDF; both read the same description, so the built-in Word
form and the PDF never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Para:
    text: str
    size: float = 9
    bold: bool = False
    align: Align = "left"
    when: str = ""          # a context expression: the paragraph is printed only when it is true
    space_after: float = 3  # points


@dataclass(frozen=True)
class Cell:
    text: str = ""
    bold: bool = False
    align: Align = "left"
    span: int = 1           # columns this cell covers
    size: float | None = None
    line: bool = False      # a line under the text, where a signature or a date is written by hand
    box: bool = True        # drawn with the table's grid (False: no borders, for text beside a grid)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    loop: str = ""          # "l in lines": the row is repeated for each item
    when: str = ""


@dataclass(frozen=True)
class Table:
    widths: tuple[float, ...]   # relative widths of the columns
    rows: tuple[Row, ...]
    grid: bool = True           # a border around every cell
    size: float = 8
    header_rows: int = 0        # repeated on every page


@dataclass(frozen=True)
class Picture:
    key: str                # the context key holding the PNG
    width_mm: float
    align: Align = "left"
    when: str = ""


@dataclass(frozen=True)
class Spacer:
    mm: float


@dataclass(frozen=True)
class Columns:
    """Blocks side by side (the payment QR at the right of the bill's parties, the УПД's status box)."""
    widths: tuple[float, ...]
    parts: tuple[tuple[Block, ...], ...]


Block = Union[Para, Table, Picture, Spacer, Columns]


@dataclass(frozen=True)
class Page:
    blocks: tuple[Block, ...]
    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (15, 15, 15, 15)  # left, right, top, bottom
    title: str = ""


def row(*cells: Cell | str, loop: str = "", when: str = "") -> Row:
    return Row(tuple(c if isinstance(c, Cell) else Cell(c) for c in cells), loop=loop, when=when)
