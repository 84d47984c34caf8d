"""Handing a Word document to the office programs of this PC: PDF and printing through Word (Windows) or
LibreOffice (anywhere), whichever is there; where neither is, a clear reason instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from client.core.i18n import _

_SOFFICE = ("soffice", "libreoffice", r"C:\Program Files\LibreOffice\program\soffice.exe",
            r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
_TIMEOUT_S = 120
def no_program() -> str:
    return _("this PC has neither Microsoft Word nor LibreOffice, so it cannot make a PDF or print by itself; "
             "the Word file is made: open it and print from there")


def soffice() -> str | None:
    for name in _SOFFICE:
        found = shutil.which(name) or (name if os.path.isabs(name) and os.path.exists(name) else None)
        if found:
            return found
    return None


def _word_pdf(docx: Path, pdf: Path) -> bool:
    try:
        import win32com.client  # type: ignore[import-not-found]
    except ImportError:
        return False
    word = win32com.client.DispatchEx("Word.Application")
    try:
        doc = word.Documents.Open(str(docx.resolve()), ReadOnly=True)
        doc.SaveAs2(str(pdf.resolve()), FileFormat=17)  # 17: wdFormatPDF
        doc.Close(False)
    finally:
        word.Quit()
    return pdf.exists()


def to_pdf(docx: Path) -> Path:
    """The PDF of `docx`, beside it. Raises ValueError saying why when this PC cannot make one."""
    pdf = docx.with_suffix(".pdf")
    if sys.platform == "win32":
        try:
            if _word_pdf(docx, pdf):
                return pdf
        except Exception:  # Word absent or broken: LibreOffice may still be there
            pass
    office = soffice()
    if office is None:
        raise ValueError(no_program())
    result = subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
                            capture_output=True, timeout=_TIMEOUT_S, check=False)
    if result.returncode != 0 or not pdf.exists():
        raise ValueError(_("LibreOffice could not make a PDF: {error}").format(
            error=result.stderr.decode(errors="replace")[-300:]))
    return pdf


def print_file(path: Path) -> None:
    """Send to the default printer: Windows' own 'print' verb (Word prints it), else LibreOffice."""
    if sys.platform == "win32":
        os.startfile(str(path), "print")  # type: ignore[attr-defined]
        return
    office = soffice()
    if office is None:
        raise ValueError(no_program())
    subprocess.run([office, "--headless", "-p", str(path)], capture_output=True, timeout=_TIMEOUT_S, check=True)
