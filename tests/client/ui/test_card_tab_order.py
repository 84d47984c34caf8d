"""Tab through a contact's card in a Russian window against a real server: the Позвонить and Написать buttons each
take their turn right after their field, under the Windows style as under Fusion, and Shift+Tab goes back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from client.ui.qt import QApplication, Qt
from tests.client.ui.pcs import PC


@pytest.fixture(params=["Windows", "Fusion"])
def style(request, qapp) -> Iterator[str]:
    before = qapp.style().name()
    qapp.setStyle(request.param)
    try:
        yield request.param
    finally:
        qapp.setStyle(before)


def _name(widget) -> str:
    return widget.text() if hasattr(widget, "text") and callable(widget.text) else type(widget).__name__


def test_tab_stops_at_the_call_and_write_buttons(qtbot, style: str, russian_pc: PC) -> None:
    window = russian_pc.window
    rec = russian_pc.replica.add("contact", {"name": "Анна", "phone": "+7 916 123-45-67", "email": "anna@mail.ru"})
    window.select_kind("contact")
    window.open_record(rec)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    window.card.editors["name"].widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.card.editors["name"].widget, timeout=3000)
    seen = []
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(_name(QApplication.focusWidget()))
    assert seen == ["+7 916 123-45-67", "Позвонить", "anna@mail.ru", "Написать", ""], style  # "" = Город
    back = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        back.append(_name(QApplication.focusWidget()))
    assert back == ["Написать", "anna@mail.ru", "Позвонить", "+7 916 123-45-67"], style
