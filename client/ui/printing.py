"""Print, print preview and "Save as PDF" of the list as shown and of a record's card, through Qt's print
support: the document is laid out by QTextDocument, which numbers the pages; Cyrillic prints as shown.

A PC with no print system (libcups alone, or no printer set up) gets a PDF instead of a print dialog, and the
preview dialog owns its printer: Qt's dialogs keep a bare pointer to it, and a printer collected by Python while
its dialog was open took the whole program down."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from client.ui.i18n import tr
from client.ui.qt import (
    QMessageBox,
    QPrinter,
    QPrinterInfo,
    QPrintPreviewDialog,
    QPushButton,
    QTextDocument,
    QWidget,
)


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


def printers() -> list[str]:
    """The printers the system's print service offers (none on a PC with no print system)."""
    return [p.printerName() for p in QPrinterInfo.availablePrinters()]


def pages(html: str, printer: QPrinter) -> int:
    """How many pages this prints on `printer` (what the preview shows)."""
    doc = document(html)
    rect = printer.pageRect(QPrinter.Unit.Point)
    doc.setPageSize(rect.size())
    return doc.pageCount()


def save_pdf(html: str, path: Path) -> Path:
    document(html).print(new_printer(path))
    return path


class PrintPreview(QPrintPreviewDialog):
    """The print preview (Ctrl+P): pages as they will print, with a Print button of its own. It holds its printer
    and document for as long as it lives."""

    def __init__(self, parent: QWidget, html: str, title: str) -> None:
        self.kept_printer = new_printer()  # made before the dialog and kept with it: the dialog does not own it
        super().__init__(self.kept_printer, parent)
        self.doc = document(html)
        self.setWindowTitle(f"{tr('Print preview')} — {title}")
        self.paintRequested.connect(self.doc.print)


def preview(parent: QWidget, html: str, title: str) -> PrintPreview:
    return PrintPreview(parent, html, title)


def offer_pdf(parent: QWidget, save: Callable[[], Any]) -> QMessageBox:
    """No printer here: say so, and offer the same pages as a PDF file (Save as PDF is the default)."""
    box = QMessageBox(QMessageBox.Icon.Information, tr("Print"),
                      tr("This computer has no printer set up, so nothing can be printed from here.") + "\n\n"
                      + tr("Save the pages as a PDF file instead? It can be printed on another computer or sent "
                           "by e-mail."), QMessageBox.StandardButton.NoButton, parent)
    pdf = QPushButton(tr("Save as PDF…"))
    box.addButton(pdf, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(pdf)
    box.setObjectName("noPrinter")
    pdf.clicked.connect(save)
    return box


def visible_columns(header: Any, fields: list[Any]) -> list[Any]:
    """The table's columns as the user arranged them: in their on-screen order, hidden ones left out."""
    order = sorted(range(len(fields)), key=header.visualIndex)
    return [fields[c] for c in order if not header.isSectionHidden(c)]
