"""A form's layout as the Word template an office may edit: docxtpl markup in python-docx paragraphs and tables
({%p if %} paragraphs, {%tr for %} rows), A4 or A4 landscape, the sizes and alignments of the PDF."""

from __future__ import annotations

import io
from typing import Any

from lan_server.documents.layout import Block, Columns, Page, Para, Picture, Row, Spacer, Table

_ALIGN = {"left": 0, "center": 1, "right": 2}


def _size(run: Any, pt: float) -> None:
    from docx.shared import Pt
    run.font.size = Pt(pt)


def _text(paragraph: Any, text: str, *, size: float, bold: bool = False, align: str = "left") -> None:
    from docx.shared import Pt
    paragraph.alignment = _ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(0)
    for i, part in enumerate(text.split("\n")):
        if i:
            paragraph.add_run().add_break()
        run = paragraph.add_run(part)
        run.bold = bold
        _size(run, size)


def _marker(container: Any, text: str) -> None:
    container.add_paragraph(text)


def _para(container: Any, p: Para) -> None:
    from docx.shared import Pt
    if p.when:
        _marker(container, "{%p if " + p.when + " %}")
    paragraph = container.add_paragraph()
    _text(paragraph, p.text, size=p.size, bold=p.bold, align=p.align)
    paragraph.paragraph_format.space_after = Pt(p.space_after)
    if p.when:
        _marker(container, "{%p endif %}")


def _borders(cell: Any, *, box: bool, line: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        on = box or (line and side == "bottom")
        element.set(qn("w:val"), "single" if on else "nil")
        if on:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tc_pr.append(borders)


def _fill_row(cells: Any, r: Row, t: Table, widths: list[Any]) -> None:
    x = 0
    for c in r.cells:
        cell = cells[x]
        if c.span > 1:
            cell = cell.merge(cells[x + c.span - 1])
        cell.width = sum(widths[x:x + c.span])
        _text(cell.paragraphs[0], c.text, size=c.size or t.size, bold=c.bold, align=c.align)
        _borders(cell, box=t.grid and c.box, line=c.line)
        x += c.span


def _marker_row(table: Any, text: str) -> None:
    cells = table.add_row().cells
    cells[0].paragraphs[0].add_run(text)


def _table(container: Any, t: Table, usable: Any) -> None:
    table = container.add_table(rows=0, cols=len(t.widths))
    table.autofit = False
    total = sum(t.widths)
    widths = [int(usable * w / total) for w in t.widths]
    for r in t.rows:
        if r.when:
            _marker_row(table, "{%tr if " + r.when + " %}")
        if r.loop:
            _marker_row(table, "{%tr for " + r.loop + " %}")
        _fill_row(table.add_row().cells, r, t, widths)
        if r.loop:
            _marker_row(table, "{%tr endfor %}")
        if r.when:
            _marker_row(table, "{%tr endif %}")


def _picture(container: Any, pic: Picture) -> None:
    if pic.when:
        _marker(container, "{%p if " + pic.when + " %}")
    paragraph = container.add_paragraph()
    paragraph.alignment = _ALIGN[pic.align]
    paragraph.add_run("{{ " + pic.key + " }}")
    if pic.when:
        _marker(container, "{%p endif %}")


def _blocks(container: Any, blocks: tuple[Block, ...], usable: Any) -> None:
    from docx.shared import Mm
    for b in blocks:
        if isinstance(b, Para):
            _para(container, b)
        elif isinstance(b, Table):
            _table(container, b, usable)
        elif isinstance(b, Picture):
            _picture(container, b)
        elif isinstance(b, Spacer):
            container.add_paragraph().paragraph_format.space_after = Mm(b.mm)
        elif isinstance(b, Columns):
            box = container.add_table(rows=1, cols=len(b.widths))
            box.autofit = False
            total = sum(b.widths)
            for cell, w, part in zip(box.rows[0].cells, b.widths, b.parts):
                cell.width = int(usable * w / total)
                _borders(cell, box=False, line=False)
                _blocks(cell, part, cell.width)
                if len(cell.paragraphs) > 1 and not cell.paragraphs[0].text:  # the cell's own empty first one
                    cell._tc.remove(cell.paragraphs[0]._p)


def template(page: Page) -> bytes:
    """The Word template of `page` (docxtpl fills it with the same context the PDF is made from)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(9)
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if page.landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    left, right, top, bottom = page.margins_mm
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    _blocks(doc, page.blocks, section.page_width - section.left_margin - section.right_margin)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
