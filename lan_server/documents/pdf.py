"""A form's layout with its values as a PDF, by ReportLab with a bundled Cyrillic font (Liberation Sans,
Arial's metrics): no Word, no LibreOffice and no Qt, so the same bytes come out on a PC, in the Windows
program and in the office server's process for the browser pages."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence
from xml.sax.saxutils import escape

from lan_server.documents.layout import Block, Cell, Columns, Page, Para, Picture, Row, Spacer, Table

FONTS = Path(__file__).with_name("fonts")
FONT = "LiberationSans"
BOLD = "LiberationSans-Bold"
_ALIGN = {"left": 0, "center": 1, "right": 2}
_LOOP = re.compile(r"^\s*(\w+)\s+in\s+(.+?)\s*$")


@functools.cache
def fonts() -> str:
    """Register the bundled font once per process; returns its family name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "LiberationSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "LiberationSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, BOLD)
    return FONT


@functools.lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2
    return jinja2.Environment(autoescape=False)


@functools.lru_cache(maxsize=4096)
def _template(text: str) -> Any:
    return _env().from_string(text)


def fill(text: str, ctx: Mapping[str, Any]) -> str:
    """A layout's text with its placeholders filled, as docxtpl fills the same text in Word."""
    return _template(text).render(ctx) if "{" in text else text


def holds(expr: str, ctx: Mapping[str, Any]) -> bool:
    return not expr or bool(_env().compile_expression(expr)(**ctx))


def items(loop: str, ctx: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The contexts of a repeated row: `l in lines` gives the context with `l` set to each line."""
    m = _LOOP.match(loop)
    if m is None:
        raise ValueError(f"a loop reads 'item in list': {loop!r}")
    for item in _env().compile_expression(m.group(2))(**ctx) or ():
        yield {**ctx, m.group(1): item}


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of a line of text in points, in the form's font."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    fonts()
    return stringWidth(text, BOLD if bold else FONT, size)


def _style(size: float, bold: bool, align: str) -> Any:
    from reportlab.lib.styles import ParagraphStyle
    return ParagraphStyle("p", fontName=BOLD if bold else fonts(), fontSize=size, leading=size * 1.2,
                          alignment=_ALIGN[align])


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _para(p: Para, ctx: Mapping[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Spacer as Gap
    if not holds(p.when, ctx):
        return []
    style = _style(p.size, p.bold, p.align)
    return [Paragraph(_markup(fill(p.text, ctx)), style), Gap(1, p.space_after)]


def _picture(pic: Picture, ctx: Mapping[str, Any]) -> Any:
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image
    data = ctx.get(pic.key)
    if not data or not holds(pic.when, ctx):
        return None
    w, h = ImageReader(io.BytesIO(data)).getSize()
    image = Image(io.BytesIO(data), width=pic.width_mm * mm, height=pic.width_mm * mm * h / w)
    image.hAlign = pic.align.upper()
    return image


def _cell(c: Cell, size: float, ctx: Mapping[str, Any]) -> Any:
    from reportlab.platypus import Paragraph
    return Paragraph(_markup(fill(c.text, ctx)), _style(c.size or size, c.bold, c.align))


def _table(t: Table, avail: float, ctx: Mapping[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle
    data: list[list[Any]] = []
    style: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    header = 0
    for index, r in enumerate(t.rows):
        for row_ctx in _expand(r, ctx):
            y = len(data)
            cells: list[Any] = []
            for c in r.cells:
                x = len(cells)
                cells.append(_cell(c, t.size, row_ctx))
                cells.extend("" for _ in range(c.span - 1))
                if c.span > 1:
                    style.append(("SPAN", (x, y), (x + c.span - 1, y)))
                if t.grid and c.box:
                    style.append(("BOX", (x, y), (x + c.span - 1, y), 0.5, colors.black))
                if c.line:
                    style.append(("LINEBELOW", (x, y), (x + c.span - 1, y), 0.5, colors.black))
            cells.extend("" for _ in range(len(t.widths) - len(cells)))
            data.append(cells)
        if index < t.header_rows:
            header = len(data)
    if not data:
        return None
    total = sum(t.widths)
    table = RLTable(data, colWidths=[avail * w / total for w in t.widths], repeatRows=header, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _expand(r: Row, ctx: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    if not holds(r.when, ctx):
        return
    if r.loop:
        yield from items(r.loop, ctx)
    else:
        yield ctx


def _flowables(blocks: Sequence[Block], avail: float, ctx: Mapping[str, Any]) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer as Gap
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle
    out: list[Any] = []
    for b in blocks:
        if isinstance(b, Para):
            out.extend(_para(b, ctx))
        elif isinstance(b, Table):
            table = _table(b, avail, ctx)
            if table is not None:
                out.append(table)
        elif isinstance(b, Picture):
            image = _picture(b, ctx)
            if image is not None:
                out.append(image)
        elif isinstance(b, Spacer):
            out.append(Gap(1, b.mm * mm))
        elif isinstance(b, Columns):
            total = sum(b.widths)
            widths = [avail * w / total for w in b.widths]
            cells = [_flowables(part, w, ctx) or "" for part, w in zip(b.parts, widths)]
            box = RLTable([cells], colWidths=widths, hAlign="LEFT")
            box.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
            out.append(box)
    return out


def render(page: Page, ctx: Mapping[str, Any], *, title: str = "") -> bytes:
    """The PDF of `page` filled with `ctx`: A4, landscape when the layout says so."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate
    fonts()
    size = landscape(A4) if page.landscape else A4
    left, right, top, bottom = (m * mm for m in page.margins_mm)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=left, rightMargin=right, topMargin=top,
                            bottomMargin=bottom, title=title or page.title, author="", creator="LAN organizer")
    doc.build(_flowables(page.blocks, size[0] - left - right, ctx))
    return out.getvalue()
