"""PDF and printing through the office suite this PC has: Word on Windows, else LibreOffice; a PC with neither
is told so in words, and the Word file is still there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from client.core import office_apps


def test_a_pdf_is_made_or_the_user_is_told_why_not(tmp_path: Path) -> None:
    from docx import Document
    docx = tmp_path / "Счёт 15.docx"
    document = Document()
    document.add_paragraph("Счёт на оплату № 15")
    document.save(str(docx))
    if office_apps.soffice() is None and sys.platform != "win32":
        with pytest.raises(ValueError, match="neither Microsoft Word nor LibreOffice"):
            office_apps.to_pdf(docx)
        with pytest.raises(ValueError, match="open it and print from there"):
            office_apps.print_file(docx)
        assert docx.exists()  # the Word file stands
    else:
        pdf = office_apps.to_pdf(docx)
        assert pdf == docx.with_suffix(".pdf") and pdf.read_bytes().startswith(b"%PDF")
