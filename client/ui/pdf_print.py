"""Printing a PDF the program made (a bill, an act, a list) with no PDF reader or office suite: Qt's own PDF
renderer draws each page at the printer's resolution, after the usual print dialog."""

from __future__ import annotations

from pathlib import Path

from client.ui.i18n import tr
from client.ui.qt import (
    QPageLayout,
    QPainter,
    QPdfDocument,
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QRect,
    QSize,
    QWidget,
)

RENDER_DPI = 300


def load(path: Path, parent: QWidget | None = None) -> QPdfDocument:
    doc = QPdfDocument(parent)
    doc.load(str(path))
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
        raise ValueError(tr("cannot read {file} to print it").replace("{file}", path.name))
    return doc


def orient(doc: QPdfDocument, printer: QPrinter) -> None:
    """Landscape paper for a landscape PDF (the УПД, a wide list). Set before any dialog or painting starts:
    changing it while a preview paints crashes Qt."""
    first = doc.pagePointSize(0)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if first.width() > first.height()
                               else QPageLayout.Orientation.Portrait)


def paint(doc: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page onto `printer` (oriented first with `orient`), each scaled to its printable area; returns
    the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise ValueError(tr("the printer cannot be used"))
    try:
        for index in range(doc.pageCount()):
            if index:
                printer.newPage()
            area = painter.viewport()
            size = doc.pagePointSize(index)
            scale = min(area.width() / size.width(), area.height() / size.height())
            w, h = int(size.width() * scale), int(size.height() * scale)
            sharp = min(1.0, RENDER_DPI / max(1, printer.resolution()))  # 300 dpi is enough; 1200 is 550 MB a page
            image = doc.render(index, QSize(max(1, int(w * sharp)), max(1, int(h * sharp))))
            painter.drawImage(QRect(0, 0, w, h), image)
    finally:
        painter.end()
    return doc.pageCount()


def print_pdf(parent: QWidget, path: Path) -> bool:
    """The print dialog, then the PDF on the chosen printer; False when the user cancels."""
    doc = load(path, parent)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    orient(doc, printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"{tr('Print')} — {path.stem}")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    paint(doc, printer)
    return True


def preview_pdf(parent: QWidget, path: Path, title: str) -> QPrintPreviewDialog:
    """The print preview of a PDF: its own pages as they will print, with the dialog's Print button."""
    doc = load(path, parent)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    orient(doc, printer)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"{tr('Print preview')} — {title}")
    dialog.paintRequested.connect(lambda p: paint(doc, p))
    dialog.kept = (printer, doc)  # type: ignore[attr-defined]  # Qt does not own the printer: freed with the dialog
    return dialog
