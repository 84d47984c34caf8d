"""Reading back what the program wrote, as a person would read it: every text of a Word file (paragraphs, table
cells, tables inside cells) and of a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _cells(tables: Any) -> list[str]:
    out: list[str] = []
    for t in tables:
        for row in t.rows:
            for cell in row.cells:
                out.append(cell.text)
                out.extend(_cells(cell.tables))
    return out


def docx_text(path: Path) -> str:
    from docx import Document
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] + _cells(doc.tables))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)
