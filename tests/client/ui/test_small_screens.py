"""The window on the screens offices have, 1366×768 and 1280×720, in Russian: every section shows without scrolling
the section list, no column heading is cut (the list's, the Users dialog's), a long card heading ends in "…" with
the whole of it in its tooltip, no page once shown makes the window wider than the screen, the import dialog's
drop-downs keep their words beside a long file name, and a colleague's change said in a 430 px card takes two lines,
not three. Measured, not looked at: the tour (python -m tools.tour) takes the pictures."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from client.core.replica import Replica
from client.ui import i18n
from client.ui.admin_dialog import AdminDialog
from client.ui.import_dialog import ImportDialog
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication, QLabel, QPushButton

# The window's inside on each screen: less Windows' task bar (40 px) and the window's title bar (about 31 px).
SCREENS = {"1366×768": (1366, 768 - 71), "1280×720": (1280, 720 - 71)}
LONG_NAME = "ООО «Торговый дом Северо-Западная промышленная компания» (Санкт-Петербург, Выборгская сторона)"


@pytest.fixture
def russian_window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    i18n.install(QApplication.instance(), "ru")
    replica = Replica(tmp_path / "pc")
    try:
        window = MainWindow(replica, lang="ru")
        qtbot.addWidget(window)
        window.show()
        yield window
        window.close()
    finally:
        replica.close()
        i18n.install(QApplication.instance(), "en")


def _settle(qtbot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0] and window.size().height() == size[1], timeout=3000)
    QApplication.processEvents()


@pytest.mark.parametrize("screen", SCREENS)
def test_every_section_shows_without_scrolling_the_list(qtbot, russian_window: MainWindow, screen: str) -> None:
    window = russian_window
    window.select_kind("contact")  # its group folders show below the list
    _settle(qtbot, window, SCREENS[screen])
    sections = window.sections
    assert sections.count() >= 15  # the dashboard, planner, feed, messages and every section of an office that sells
    last = sections.visualItemRect(sections.item(sections.count() - 1))
    assert last.bottom() <= sections.viewport().height(), (screen, last, sections.viewport().height())
    assert sections.verticalScrollBar().maximum() == 0
    assert window.groups.isVisible() and window.groups.height() >= 80  # the folders keep room to be used


def test_the_section_list_starts_at_the_top_where_no_folders_show(qtbot, russian_window: MainWindow) -> None:
    window = russian_window
    _settle(qtbot, window, SCREENS["1280×720"])
    window.sections.setCurrentRow(0)  # the dashboard: no group folders beside it
    QApplication.processEvents()
    assert not window.groups.isVisible()
    left = window.sections.parentWidget()
    assert window.sections.geometry().top() == 0  # it floated mid-column, a gap above and below
    assert window.sections.geometry().bottom() >= left.height() - 2


@pytest.mark.parametrize("screen", SCREENS)
def test_the_card_keeps_its_width_and_the_list_gives_way(qtbot, russian_window: MainWindow, screen: str) -> None:
    window = russian_window
    _settle(qtbot, window, SCREENS[screen])
    assert window.card.width() >= 425, window.splitter.sizes()
    contact = window.replica.add("contact", {"name": "Соколова Анна", "email": "anna.sokolova@example.ru"})
    window.open_record(contact)
    QApplication.processEvents()
    email = window.card.editors["email"].widget
    assert email.fontMetrics().horizontalAdvance(email.text()) < email.width() - 8  # the whole address shows


def test_no_column_heading_of_any_section_is_cut(qtbot, russian_window: MainWindow) -> None:
    window = russian_window
    _settle(qtbot, window, SCREENS["1280×720"])
    header = window.table.horizontalHeader()
    cut = []
    for kd in window.replica.schema().sections():
        window.select_kind(kd.key)
        QApplication.processEvents()
        cut += [(kd.key, window.model.fields[col].label("ru")) for col in range(header.count())
                if not header.isSectionHidden(col) and header.sectionSize(col) < header.sectionSizeHint(col)]
    assert not cut  # «Предмет договора» in Договоры was cut at both ends


def test_the_users_dialog_headings_are_whole(qtbot, russian_window: MainWindow) -> None:
    dialog = AdminDialog(russian_window.replica, russian_window)
    qtbot.addWidget(dialog)
    dialog.show()
    headers = [dialog.users.horizontalHeader(), dialog.connected.horizontalHeader()]
    qtbot.waitUntil(lambda: all(h.sectionSize(c) >= h.sectionSizeHint(c) for h in headers for c in range(h.count())),
                    timeout=3000)  # «Имя пользователя» was cut
    dialog.close()


@pytest.mark.parametrize("width", [340, 430])
def test_a_long_card_heading_ends_in_an_ellipsis_with_the_whole_in_its_tooltip(qtbot, russian_window: MainWindow,
                                                                               width: int) -> None:
    window = russian_window
    _settle(qtbot, window, SCREENS["1280×720"])
    org = window.replica.add("organization", {"name": LONG_NAME})
    window.open_record(org)
    sizes = window.splitter.sizes()
    window.splitter.setSizes([sizes[0], sum(sizes) - sizes[0] - width, width])
    QApplication.processEvents()
    title = window.card.title
    assert window.card.width() <= width + 2  # the heading does not push its pane wider
    assert title.geometry().right() <= window.card.contentsRect().right()
    assert title.text() == LONG_NAME and title.shown().endswith("…")
    assert title.fontMetrics().horizontalAdvance(title.shown()) <= title.contentsRect().width()
    assert title.toolTip() == LONG_NAME
    short = window.replica.add("organization", {"name": "ИП Смирнов"})
    window.open_record(short)
    assert window.card.title.shown() == "ИП Смирнов" and not window.card.title.toolTip()


def test_the_import_dialog_s_drop_downs_keep_their_words_beside_a_long_file_name(qtbot, russian_window: MainWindow,
                                                                                tmp_path: Path) -> None:
    src = tmp_path / "Клиенты — выгрузка из старой программы учёта за 2025 и 2026 годы (отдел продаж).csv"
    src.write_text("ФИО;Телефон\nАнна;8 916 123-45-67\n", encoding="utf-8")
    dialog = ImportDialog(russian_window.replica, russian_window, path=src, lang="ru")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(900, 600)  # as it opens
    QApplication.processEvents()
    assert dialog.width() <= 1280
    for combo in (dialog.kind, dialog.duplicates):
        assert combo.width() >= combo.sizeHint().width(), (combo.currentText(), combo.width())
    # The sheet (here the file's own name) shows its first words at least; the file name gives way, not the choices.
    letters = dialog.sheet.fontMetrics().horizontalAdvance("Клиенты — выгрузка")
    assert dialog.sheet.width() >= letters
    assert dialog.file_label.text() == src.name and dialog.file_label.toolTip() == src.name
    dialog.close()


def test_a_colleague_s_change_in_a_430_px_card_takes_two_lines_not_three(qtbot, russian_window: MainWindow) -> None:
    window = russian_window
    _settle(qtbot, window, SCREENS["1366×768"])
    contact = window.replica.add("contact", {"name": "Иванов Пётр Сергеевич"})
    window.open_record(contact)
    sizes = window.splitter.sizes()
    window.splitter.setSizes([sizes[0], sum(sizes) - sizes[0] - 430, 430])
    window.card.conflicts.say("address", "olga изменил(а) «Адрес» на «пр. Победы, 3», пока вы печатали.",
                              lambda: None)
    QApplication.processEvents()
    row = window.card.conflicts.rows["address"]
    label = row.findChild(QLabel)
    lines = label.height() / label.fontMetrics().lineSpacing()
    assert lines < 2.5, lines  # beside its two buttons the words had a third of the card: three lines
    buttons = row.findChildren(QPushButton)
    assert all(b.geometry().top() >= label.geometry().bottom() for b in buttons)  # under the words, whole
    assert all(b.width() >= b.sizeHint().width() for b in buttons)


def test_every_page_leaves_the_window_narrow_enough_for_a_laptop(qtbot, russian_window: MainWindow) -> None:
    # Once a page is shown the stacked pages keep its minimum: the colleagues' messages page's hint, one unbroken
    # Russian line, made the window 1,627 px wide with a card open, its Save button off a 1366 px screen.
    window = russian_window
    for row in range(window.sections.count()):
        window.sections.setCurrentRow(row)
        qtbot.wait(10)
    for section in window.replica.schema().sections():  # each section's new card beside its list
        window.select_kind(section.key)
        window.new_record()
        qtbot.wait(10)
        assert window.minimumSizeHint().width() <= SCREENS["1366×768"][0] - 20, section.key


@pytest.mark.parametrize("screen", SCREENS)
def test_an_invoices_lines_and_payments_show_every_column_in_the_card(qtbot, russian_window: MainWindow,
                                                                      screen: str) -> None:
    """Every column of the lines and the payments in the card's width, no heading cut on a 1366 px screen (the
    amounts were scrolled off the right, «№ платёжного поручения» cut)."""
    window, replica = russian_window, russian_window.replica
    org = replica.add("organization", {"name": "ООО «Ромашка»"})
    product = replica.add("product", {"name": "Бумага А4, пачка 500 листов", "price": 350.5})
    invoice = replica.add("invoice", {"organization": org, "date": "2026-12-07", "number": "1"})
    replica.add("invoice_line", {"invoice": invoice, "product": product, "description": "Бумага А4, пачка 500 листов",
                                 "qty": 10, "price": 350.5})
    replica.add("invoice_line", {"invoice": invoice, "description": "Доставка по городу", "qty": 1, "price": 1500})
    replica.add("payment", {"invoice": invoice, "amount": 2000, "date": "2026-12-07", "doc": "123",
                            "payer": "ООО «Ромашка»"})
    window.select_kind("invoice")
    _settle(qtbot, window, SCREENS[screen])
    window.open_record(invoice)
    QApplication.processEvents()
    for part in window.card.parts:
        table, header = part.table, part.table.horizontalHeader()
        widths = [table.columnWidth(c) for c in range(table.columnCount())]
        assert sum(widths) <= table.viewport().width(), (part.kind, widths, table.viewport().width())
        assert table.horizontalScrollBar().maximum() == 0, part.kind
        if screen == "1366×768":
            metrics = header.fontMetrics()
            for c in range(table.columnCount()):
                heading = table.horizontalHeaderItem(c).text()
                widest = max(metrics.horizontalAdvance(line) for line in heading.split("\n"))
                assert widest + 6 <= widths[c], (part.kind, heading, widths[c])
    lines = window.card.parts[0]
    keys = [f.key for f in lines.fields]
    # a name cut by its narrow column reads whole on hover
    assert lines.table.cellWidget(0, keys.index("product")).toolTip() == "Бумага А4, пачка 500 листов"
    assert lines.table.item(0, keys.index("description")).toolTip() == "Бумага А4, пачка 500 листов"
