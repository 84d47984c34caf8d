"""A colleague's change arriving in an open card: the fields not being typed in follow at once; a field being typed
in says who changed it to what, and the user takes their value or keeps the typing (and saves it knowingly)."""

from __future__ import annotations

from client.ui import i18n
from client.ui.qt import QApplication, QLineEdit, Qt
from tests.client.ui.pcs import PC, type_text


def _type(card, key: str, text: str) -> None:
    widget = card.editors[key].widget
    assert isinstance(widget, QLineEdit)
    widget.setFocus()
    widget.selectAll()
    type_text(widget, text)
    assert card.editors[key].dirty


def test_a_colleagues_change_shows_in_the_open_card_with_a_choice(qtbot, admin_and_manager: tuple[PC, PC]) -> None:
    try:
        _colleague_changes(qtbot, *admin_and_manager)
    finally:
        i18n.install(QApplication.instance(), "en")


def _colleague_changes(qtbot, a: PC, b: PC) -> None:
    rec = a.replica.add("contact", {"name": "Анна Ёлкина", "city": "Тверь", "address": "ул. Ленина, 1",
                                    "manager": "olga"})
    qtbot.waitUntil(lambda: b.replica.get(rec) is not None, timeout=10000)
    card = b.window.card
    b.window.open_record(rec)
    _type(card, "address", "ул. Мира, 2")
    a.replica.set(rec, {"city": "Тула", "address": "пр. Победы, 3"})
    qtbot.waitUntil(lambda: card.editors["city"].widget.text() == "Тула", timeout=10000)  # not typed in: follows
    qtbot.waitUntil(lambda: "address" in card.conflicts.rows, timeout=5000)
    said = card.conflicts.text_of("address")
    assert said.startswith("Administrator changed") and "пр. Победы, 3" in said and "Address" in said
    assert card.conflicts.isVisible() and "city" not in card.conflicts.rows
    assert card.editors["address"].widget.text() == "ул. Мира, 2"  # the typing stays until the user chooses
    qtbot.mouseClick(card.conflicts.button("address", "theirs"), Qt.MouseButton.LeftButton)
    assert card.editors["address"].widget.text() == "пр. Победы, 3" and not card.has_unsaved()
    assert not card.conflicts.isVisible()
    # Again, and this time the user keeps the typing and saves it: the colleague's PC gets it.
    _type(card, "address", "ул. Мира, 2")
    a.replica.set(rec, {"address": "наб. Волги, 4"})
    qtbot.waitUntil(lambda: "address" in card.conflicts.rows, timeout=10000)
    assert "наб. Волги, 4" in card.conflicts.text_of("address")
    qtbot.mouseClick(card.conflicts.button("address", "mine"), Qt.MouseButton.LeftButton)
    assert card.editors["address"].widget.text() == "ул. Мира, 2" and not card.conflicts.isVisible()
    b.window.act_save.trigger()
    qtbot.waitUntil(lambda: a.replica.get(rec).fields.get("address") == "ул. Мира, 2", timeout=10000)
