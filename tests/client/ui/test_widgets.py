"""The window's small shared pieces: headings that fit their columns, kept fitting as the header changes."""

from __future__ import annotations

import gc

from client.ui.qt import QFont, QTableWidget
from client.ui.widgets import fit_headers


def test_a_header_fits_its_headings_again_when_its_font_grows_with_one_fitter(qtbot) -> None:
    """The fitter outlives the header's passing Python wrapper (a dialog calls fit_headers(t.horizontalHeader())
    and keeps nothing): Qt's parenting alone let its Python part go, and the headings were cut again."""
    table = QTableWidget(1, 2)
    qtbot.addWidget(table)
    table.setHorizontalHeaderLabels(["Предмет договора", "Имя пользователя"])
    table.horizontalHeader().resizeSection(0, 20)
    fit_headers(table.horizontalHeader())
    fit_headers(table.horizontalHeader())  # asked again (the columns chosen again): still one fitter
    gc.collect()  # nothing in this test holds the header's wrapper nor the fitter
    header = table.horizontalHeader()
    assert header.sectionSize(0) >= header.sectionSizeHint(0)
    font = QFont(header.font())
    font.setPointSize(font.pointSize() * 3)
    header.setFont(font)  # bigger headings no longer fit...
    assert header.sectionSize(0) < header.sectionSizeHint(0)
    qtbot.waitUntil(lambda: header.sectionSize(0) >= header.sectionSizeHint(0), timeout=2000)  # ...and are fitted
    assert len([c for c in header.children() if type(c).__name__ == "_HeaderFitter"]) == 1
