"""Nothing typed in a card is dropped, whichever way the user goes away from it: another section, the deals
board, the planner, the dashboard, the quick search, a filter, a new record, a record opened from elsewhere, the
bin, File > Company, closing. What is typed is saved (as switching rows always did); a value that cannot be saved
asks, with going back to the card as the default."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from client.ui import i18n
from client.ui.qt import QApplication, QMessageBox, QPlainTextEdit, Qt, QTimer
from client.ui.window_pages import CALENDAR, DASHBOARD
from tests.client.ui.pcs import PC, type_text
from tests.servers import ServerProcess


def _click_section(window, key: str) -> None:
    """A click on the section's entry in the list on the left, as the user makes it."""
    from PyQt6.QtTest import QTest
    sections = window.sections
    row = next(i for i in range(sections.count()) if sections.item(i).data(Qt.ItemDataRole.UserRole) == key)
    rect = sections.visualItemRect(sections.item(row))
    QTest.mouseClick(sections.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _type(card, key: str, text: str) -> None:
    widget = card.editors[key].widget
    widget.setFocus()
    if isinstance(widget, QPlainTextEdit):
        widget.selectAll()
    else:
        widget.selectAll()
    type_text(widget, text)
    assert card.has_unsaved()


def test_typing_in_a_card_is_saved_whichever_way_the_user_leaves_it(qtbot, office_server: ServerProcess,
                                                                   tmp_path: Path) -> None:
    from client.ui.company_menu import CompanyMenu
    i18n.install(QApplication.instance(), "ru")
    pc = PC(qtbot, tmp_path / "profiles" / "pc", office_server.address, lang="ru")
    window, card, replica = pc.window, pc.window.card, pc.replica
    try:
        contact = replica.add("contact", {"name": "Анна Ёлкина", "city": "Тверь"})
        invoice = replica.add("invoice", {"number": "12", "date": "2026-12-06"})
        deal = replica.add("deal", {"title": "Поставка", "stage": "new"})
        replica.add("saved_filter", {"name": "Тверь", "section": "contact", "assignee": replica.user,
                                     "spec": '{"search": "", "field": "city", "op": "is", "value": "Тверь"}'})
        ways: dict[str, Callable[[], None]] = {
            "another section": lambda: _click_section(window, "organization"),
            "the planner": lambda: _click_section(window, CALENDAR),
            "the dashboard": lambda: _click_section(window, DASHBOARD),
            "the deals board": lambda: (window.select_kind("deal"), window.act_board.setChecked(True),
                                        window.board.open_record.emit(deal)),
            "the quick search": lambda: (window.search.setText("ёлкина"), window.apply_search()),
            "a filter": lambda: (window.filter_bar.load_spec({"field": "city", "op": "is", "value": "Москва"}),
                                 window.apply_search()),
            "a saved filter": lambda: window._use_saved_filter(1),
            "a new record": lambda: window.act_new.trigger(),
            "the bin": lambda: window.act_bin.setChecked(True),
            "a record opened from elsewhere": lambda: window.open_record(deal),
            "the language menu": lambda: window.set_language("ru"),
        }
        for n, (way, go) in enumerate(ways.items()):
            window.act_board.setChecked(False)
            window.act_bin.setChecked(False)
            window.search.clear()
            window.filter_bar.load_spec({})
            window.apply_search()
            window.open_record(contact)
            _type(card, "address", f"ул. Ленина, д. {n}")
            go()
            assert replica.get(contact).fields.get("address") == f"ул. Ленина, д. {n}", way
            assert not (card.record is not None and card.record.id == contact and card.has_unsaved()), way
        # An invoice's Примечание (a multi-line field), then File > Company to another company's copy.
        window.open_record(invoice)
        _type(card, "note", "Доставка в пятницу")
        other = tmp_path / "profiles" / "other"
        other.mkdir()
        menu = CompanyMenu(window, tmp_path / "profiles", window.act_sync)
        menu.switch(other)
        assert replica.get(invoice).fields.get("note") == "Доставка в пятницу"
        assert menu.switch_to == other and not window.isVisible()
    finally:
        pc.close()
        i18n.install(QApplication.instance(), "en")


def test_a_value_that_cannot_be_saved_asks_and_going_back_is_the_default(qtbot, tmp_path: Path) -> None:
    from client.core.replica import Replica
    from client.ui.main_window import MainWindow
    replica = Replica(tmp_path / "pc")
    try:
        contact = replica.add("contact", {"name": "Пётр", "email": "petr@example.ru"})
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.show()
        window.open_record(contact)
        _type(window.card, "email", "не адрес")
        asked: list[str] = []

        def answer(button: str) -> None:
            box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
                        and w.objectName() == "unsavedCard"), None)
            if box is None:
                QTimer.singleShot(20, lambda: answer(button))
                return
            asked.append(box.text())
            chosen = box.defaultButton() if button == "default" else next(
                b for b in box.buttons() if b.text() == button)
            chosen.click()
        QTimer.singleShot(20, lambda: answer("default"))
        _click_section(window, "organization")
        assert asked and "Email: not an e-mail address" in asked[0]
        assert window.model.kind == "contact" and window.card.record.id == contact  # back in the card
        assert window.card.editors["email"].widget.text() == "не адрес"  # with the typing
        QTimer.singleShot(20, lambda: answer("Discard the changes"))
        _click_section(window, "organization")
        assert window.model.kind == "organization" and replica.get(contact).fields["email"] == "petr@example.ru"
    finally:
        for editor in window.card.editors.values():
            editor.dirty = False  # closing the window would ask again
        replica.close()


def test_undo_on_an_unsaved_new_card_undoes_the_typing_and_keeps_the_card(qtbot, tmp_path: Path) -> None:
    """Правка > Отменить while a new card is being typed: the typing goes, the new card stays open (it used to undo
    the last saved edit of another record and drop the card)."""
    from client.core.replica import Replica
    from client.ui.main_window import MainWindow
    replica = Replica(tmp_path / "pc")
    try:
        contact = replica.add("contact", {"name": "Пётр"})
        replica.set(contact, {"city": "Тверь"}, undoable=True)
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.show()
        window.select_kind("contact")
        window.act_new.trigger()
        _type(window.card, "name", "Новый клиент")
        window.act_undo.trigger()
        assert window.card.record is None and window.card.kind == "contact"  # still the new card
        assert window.card.isEnabled() and not window.card.has_unsaved()
        assert window.card.editors["name"].widget.text() == ""
        assert replica.get(contact).fields["city"] == "Тверь"  # the saved edit before it is untouched
        assert [r.fields.get("name") for r in replica.records("contact")] == ["Пётр"]
    finally:
        replica.close()


def test_closing_saves_without_a_question_and_a_wrong_value_keeps_the_window(qtbot, tmp_path: Path) -> None:
    """Closing never asks (a question would hold up a logout or a shutdown): what is typed is saved; a value that
    cannot be saved keeps the window open with the card saying why, and nothing typed is lost."""
    from client.core.replica import Replica
    from client.ui.main_window import MainWindow
    replica = Replica(tmp_path / "pc")
    asked: list[str] = []

    def no_question() -> None:  # a question shown anyway is recorded and closed, so the test cannot hang on it
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                asked.append(w.text())
                w.reject()
    watch = QTimer()
    watch.timeout.connect(no_question)
    watch.start(50)
    try:
        contact = replica.add("contact", {"name": "Пётр", "email": "petr@example.ru"})
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.show()
        window.open_record(contact)
        _type(window.card, "email", "не адрес")
        window.close()
        qtbot.wait(200)
        assert not asked and window.isVisible()  # stays open, nothing asked
        assert window.card.editors["email"].widget.text() == "не адрес" and window.card.error.text()
        _type(window.card, "email", "petr@example.com")
        window.close()
        assert not asked and not window.isVisible()
        assert replica.get(contact).fields["email"] == "petr@example.com"  # type: ignore[union-attr]
    finally:
        watch.stop()
        replica.close()
