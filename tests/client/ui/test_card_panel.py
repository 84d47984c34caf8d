"""The card as a panel: the mouse wheel scrolls it and changes a drop-down only once the user is in it, and the
panel never collapses to nothing (neither by a drag nor by a remembered arrangement)."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QPoint, QPointF
from PyQt6.QtGui import QWheelEvent

from client.core.replica import Replica
from client.ui import i18n
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication, Qt


def _wheel(widget, steps: int) -> None:
    """A turn of the mouse wheel over the widget, as the pointer passes over it while scrolling."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_changes_a_drop_down_only_when_it_has_focus(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        first = replica.add("organization", {"name": "ООО «Ромашка»"})
        replica.add("organization", {"name": "ООО «Лютик»"})
        contact = replica.add("contact", {"name": "Анна", "organization": first})
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.show()
        window.open_record(contact)
        combo = window.card.editors["organization"].widget
        shown = combo.currentText()
        window.table.setFocus()  # the user is scrolling the card, not in the drop-down
        _wheel(combo, 1)
        _wheel(combo, -1)
        _wheel(combo, 2)
        assert combo.currentText() == shown and not window.card.has_unsaved()
        window.activateWindow()
        combo.setFocus()  # clicked or tabbed into: now the wheel is the user's choice
        qtbot.waitUntil(combo.hasFocus, timeout=3000)
        _wheel(combo, 1 if combo.currentIndex() == 0 else -1)
        assert combo.currentText() != shown and window.card.has_unsaved()
        window.card.discard()
    finally:
        replica.close()


def test_the_card_panel_never_collapses(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.resize(1366, 740)
        window.show()
        splitter = window.splitter
        splitter.setSizes([210, 1150, 0])  # dragged (or restored) to nothing
        assert splitter.sizes()[2] >= window.card.minimumWidth()
        handle = splitter.handle(2)
        splitter.moveSplitter(splitter.width(), 2)  # the handle pulled to the window's right edge
        assert splitter.sizes()[2] >= window.card.minimumWidth() and handle.isVisible()
        window.close()
        # A window closed with the panel collapsed (by an earlier version) opens with it back.
        splitter.setCollapsible(2, True)
        splitter.setSizes([210, 1150, 0])
        assert splitter.sizes()[2] == 0
        i18n.settings().setValue("window/panes", splitter.saveState())
        again = MainWindow(replica)
        qtbot.addWidget(again)
        again.resize(1366, 740)
        again.show()
        assert again.splitter.sizes()[2] >= again.card.minimumWidth()
        again.close()
    finally:
        replica.close()


def test_every_wrong_value_is_said_at_once(qtbot, tmp_path: Path) -> None:
    """Save with two wrong values: both are said and marked, not one after the other."""
    from tests.client.ui.pcs import type_into
    replica = Replica(tmp_path / "pc")
    try:
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.show()
        window.select_kind("contact")
        window.act_new.trigger()
        card = window.card
        type_into(qtbot, card, "name", "Иван")
        type_into(qtbot, card, "email", "ivan@")
        type_into(qtbot, card, "birthday", "31.02.1990")
        assert card.save() is None
        said = card.error.text().splitlines()
        assert len(said) == 2 and said[0].startswith("Email:") and said[1].startswith("Birthday:")
        assert "b00020" in card.editors["email"].widget.styleSheet()
        assert "b00020" in card.editors["birthday"].widget.styleSheet()
        assert replica.count("contact") == 0
        window.act_undo.trigger()  # let the typing go
    finally:
        replica.close()
