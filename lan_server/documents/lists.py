"""A printed list of a section as a PDF: the section, what it is filtered by and how many records in the heading,
the columns sized to their content, A4 landscape when they do not fit upright, a phone or a word never broken
in the middle, the header row again on every page and the page numbers at the foot."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Sequence
from xml.sax.saxutils import escape

from lan_server.documents.pdf import BOLD, FONT, fonts, width

SIZE = 8.0
PAD = 6.0          # a cell's left and right padding together, in points
MARGIN_MM = 12.0
MOST = 0.45        # no column takes more than this share of the page when others need room


@dataclass(frozen=True)
class ListTable:
    title: str
    subtitle: str                      # the date, the count and the filter, in the user's language
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    right: frozenset[int] = field(default_factory=frozenset)   # columns of amounts and numbers
    whole: frozenset[int] = field(default_factory=frozenset)   # columns never wrapped (phones, dates)
    page_word: str = "стр."


def _longest_word(text: str) -> str:
    return max(text.split(), key=len, default="")


def column_widths(t: ListTable, avail: float) -> list[float] | None:
    """Each column's width in points: its content's natural width when all fit; otherwise every column keeps
    room for its longest word (a whole-kept column: its whole text) and the rest of the page is shared by what
    the columns would like beyond that. None when even the longest words do not fit."""
    n = len(t.headers)
    natural = [width(h, SIZE, bold=True) + PAD for h in t.headers]
    least = [width(_longest_word(h), SIZE, bold=True) + PAD for h in t.headers]
    for row in t.rows:
        for i, cell in enumerate(row[:n]):
            if not cell:
                continue
            w = width(cell, SIZE) + PAD
            natural[i] = max(natural[i], w)
            least[i] = max(least[i], w if i in t.whole else width(_longest_word(cell), SIZE) + PAD)
    if sum(natural) <= avail:
        spare = avail - sum(natural)
        return [w + spare * w / sum(natural) for w in natural] if spare < avail * 0.5 else natural
    if sum(least) > avail:
        return None
    capped = [min(w, max(least[i], avail * MOST)) for i, w in enumerate(natural)]
    extra = [c - least[i] for i, c in enumerate(capped)]
    room = avail - sum(least)
    total = sum(extra) or 1.0
    if total <= room:  # the capped widths fit: the room left goes to the capped (long) columns
        left = avail - sum(capped)
        long_ = [natural[i] - capped[i] for i in range(n)]
        return [capped[i] + left * long_[i] / (sum(long_) or 1.0) for i in range(n)]
    return [least[i] + room * extra[i] / total for i in range(n)]


def render(t: ListTable) -> bytes:
    """The list as PDF bytes: upright A4 when its columns fit, else landscape."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    fonts()
    margin = MARGIN_MM * mm
    size = A4
    widths = column_widths(t, A4[0] - 2 * margin)
    if widths is None or sum(widths) > A4[0] - 2 * margin + 0.5:
        size = landscape(A4)
        widths = column_widths(t, size[0] - 2 * margin)
    if widths is None:  # too many columns even for landscape: equal shares, words may break
        widths = [(size[0] - 2 * margin) / max(1, len(t.headers))] * len(t.headers)
    cell = ParagraphStyle("c", fontName=FONT, fontSize=SIZE, leading=SIZE * 1.2)
    right = ParagraphStyle("r", parent=cell, alignment=2)
    head = ParagraphStyle("h", parent=cell, fontName=BOLD)

    def para(text: str, i: int, style: ParagraphStyle) -> Paragraph | str:
        if style is cell and width(text, SIZE) + PAD <= widths[i]:  # fits one line: drawn as plain text, fast
            return text
        shown = escape(text)
        if i in t.whole:
            shown = shown.replace(" ", "\u00a0")  # a phone stays on one line (ReportLab breaks only at spaces)
        return Paragraph(shown, right if i in t.right and style is cell else style)
    data: list[list[Paragraph | str]] = [[para(h, i, head) for i, h in enumerate(t.headers)]]
    data += [[para(str(c or ""), i, cell) for i, c in enumerate(row[:len(t.headers)])] for row in t.rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    aligned = [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in t.right]
    table.setStyle(TableStyle([*aligned, ("FONT", (0, 1), (-1, -1), FONT, SIZE, SIZE * 1.2),
                               ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf2")),
                               ("LEFTPADDING", (0, 0), (-1, -1), PAD / 2), ("RIGHTPADDING", (0, 0), (-1, -1), PAD / 2),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    title = ParagraphStyle("t", fontName=BOLD, fontSize=14, leading=17)
    sub = ParagraphStyle("s", fontName=FONT, fontSize=9, leading=11, textColor=colors.HexColor("#444444"))
    story = [Paragraph(escape(t.title), title), Paragraph(escape(t.subtitle), sub), Spacer(1, 6), table]

    def footer(canvas: object, doc: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(FONT, 8)  # type: ignore[attr-defined]
        canvas.drawRightString(size[0] - margin, margin / 2,  # type: ignore[attr-defined]
                               f"{t.page_word} {doc.page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=t.title, creator="LAN organizer")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
