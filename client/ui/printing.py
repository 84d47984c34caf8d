"""Print, print preview and "Save as PDF" of the list as shown and of a record's card, through Qt's print
support: the document is laid out by QTextDocument, which numbers the pages; Cyrillic prints as shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from client.ui.i18n import tr
from client.ui.qt import QPrintDialog, QPrinter, QPrintPreviewDialog, QTextDocument, QWidget


def document(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc


def new_printer(pdf: Path | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
    return printer


def pages(html: str, printer: QPrinter) -> int:
    """How many pages this prints on `printer` (what the preview shows)."""
    doc = document(html)
    rect = printer.pageRect(QPrinter.Unit.Point)
    doc.setPageSize(rect.size())
    return doc.pageCount()


def save_pdf(html: str, path: Path) -> Path:
    document(html).print(new_printer(path))
    return path


def preview(parent: QWidget, html: str, title: str) -> QPrintPreviewDialog:
    """The print preview (Ctrl+P): pages as they will print, with a Print button of its own."""
    dialog = QPrintPreviewDialog(new_printer(), parent)
    dialog.setWindowTitle(f"{tr('Print preview')} — {title}")
    doc = document(html)
    dialog.paintRequested.connect(lambda printer: doc.print(printer))
    return dialog


def print_now(parent: QWidget, html: str) -> bool:
    printer = new_printer()
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document(html).print(printer)
    return True


def visible_columns(header: Any, fields: list[Any]) -> list[Any]:
    """The table's columns as the user arranged them: in their on-screen order, hidden ones left out."""
    order = sorted(range(len(fields)), key=header.visualIndex)
    return [fields[c] for c in order if not header.isSectionHidden(c)]
