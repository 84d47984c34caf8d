"""The window's small shared pieces: headings that fit their columns, kept fitting as the header changes."""

from __future__ import annotations

import gc

from client.ui.qt import QFont, QTableWidget
from client.ui.widgets import fit_headers


def test_a_header_fits_its_headings_again_when_its_font_grows_with_one_fitter_kept_by_qt(qtbot) -> None:
    table = QTableWidget(1, 2)
    qtbot.addWidget(table)
    table.setHorizontalHeaderLabels(["Предмет договора", "Имя пользователя"])
    header = table.horizontalHeader()
    header.resizeSection(0, 20)
    fit_headers(header)
    fit_headers(header)  # asked again (the columns chosen again): still one fitter
    assert header.sectionSize(0) >= header.sectionSizeHint(0)
    gc.collect()  # nothing in Python holds the fitter: Qt's parent keeps it
    font = QFont(header.font())
    font.setPointSize(font.pointSize() * 3)
    header.setFont(font)  # bigger headings no longer fit...
    assert header.sectionSize(0) < header.sectionSizeHint(0)
    qtbot.waitUntil(lambda: header.sectionSize(0) >= header.sectionSizeHint(0), timeout=2000)  # ...and are fitted
    assert len([c for c in header.children() if type(c).__name__ == "_HeaderFitter"]) == 1
