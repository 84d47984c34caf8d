"""Printing from the window: the list exactly as shown (its filter, its visible columns in their order) in a
print preview and as PDF, in Russian, with page numbers; and a record's card."""

from __future__ import annotations

import os
import re
from pathlib import Path

from client.core.printout import list_html
from client.core.replica import Replica
from client.ui import i18n
from client.ui.main_window import MainWindow
from client.ui.printing import preview, printers
from client.ui.qt import QApplication, QMessageBox, QPrintPreviewDialog


def test_a_filtered_200_row_list_prints_as_shown_in_russian(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        for i in range(300):
            replica.add("contact", {"name": f"Клиент №{i:03d} Пётр Ёлкин", "city": "Тверь" if i % 3 else "Москва",
                                    "phone": f"+7 916 {i:03d}-22-33"})
        i18n.install(QApplication.instance(), "ru")
        window = MainWindow(replica, lang="ru")
        qtbot.addWidget(window)
        window.select_kind("contact")
        window.filter_bar.load_spec({"field": "city", "op": "is", "value": "Тверь"})
        window.apply_search()
        assert window.model.rowCount() == 200
        header = window.table.horizontalHeader()
        cols = [f.key for f in window.model.fields]
        header.moveSection(header.visualIndex(cols.index("city")), 0)  # the user put the city first
        for key in cols:
            if key not in ("name", "city", "phone"):
                header.setSectionHidden(cols.index(key), True)
        html = window.list_html()
        assert html.index("<th>Город</th>") < html.index("<th>ФИО</th>") < html.index("<th>Телефон</th>")
        assert "<th>Должность</th>" not in html and html.count("<tr><td>") == 200
        assert "Контакты" in html and "Город: Тверь" in html and "200 записей" in html
        assert "Москва" not in html and "Клиент №001 Пётр Ёлкин" in html

        dialog = window.print_preview()
        assert isinstance(dialog, QPrintPreviewDialog if printers() else QMessageBox)
        dialog.close()
        from pypdf import PdfReader
        pdf = window.save_pdf(tmp_path / "список.pdf")  # the list's own PDF engine (lan_server/documents/lists.py)
        reader = PdfReader(str(pdf))
        assert len(reader.pages) >= 4  # 200 rows do not fit on one A4 page
        assert float(reader.pages[0].mediabox.width) < float(reader.pages[0].mediabox.height)  # 3 columns: upright
        first = reader.pages[0].extract_text()
        assert "Контакты" in first and "Город: Тверь" in first and "200 записей" in first
        assert first.index("Город") < first.index("ФИО") < first.index("Телефон")
        assert "Должность" not in first and "Москва" not in "".join(p.extract_text() for p in reader.pages)
        assert all("Город" in p.extract_text() for p in reader.pages)  # the header on every page
        from client.ui.pdf_print import preview_pdf
        shown = preview_pdf(window, pdf, "Контакты")  # the preview of the PDF paints its pages
        qtbot.addWidget(shown)
        shown.show()  # (a printer freed before its dialog crashed it)
        qtbot.wait(500)
        shown.close()
        made = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "fileMade" and w.isVisible())
        assert "список.pdf" in made.text() and str(tmp_path) in made.text()
        assert {b.text() for b in made.buttons()} >= {"Открыть", "Показать в папке"}
        made.close()
    finally:
        i18n.install(QApplication.instance(), "en")
        replica.close()


def test_the_list_html_names_chosen_records_and_empty_conditions(tmp_path: Path) -> None:
    from client.core.selection import Shown
    replica = Replica(tmp_path / "pc")
    try:
        rec = replica.add("contact", {"name": "Анна"})
        html = list_html(replica, Shown("contact", where={"city": None}), replica.schema().kind("contact").fields[:2],
                         "ru")
        assert "Город: пусто" in html and "Анна" in html
        html = list_html(replica, Shown("contact", where={"@id": [rec]}), replica.schema().kind("contact").fields[:1],
                         "en")
        assert "chosen records" in html and "1 records" in html
    finally:
        replica.close()


def test_the_preview_keeps_its_printer_while_it_is_open(qtbot, tmp_path: Path) -> None:
    """The preview's printer was a temporary that Python collected while the dialog, which does not own it, still
    drew on it: Ctrl+P ended the program with a segfault in libQt6PrintSupport."""
    import gc
    replica = Replica(tmp_path / "pc")
    try:
        window = MainWindow(replica)
        qtbot.addWidget(window)
        dialog = preview(window, "<h1>Контакты</h1>" + "<p>строка</p>" * 300, "Контакты")
        gc.collect()
        dialog.open()
        qtbot.waitExposed(dialog)
        qtbot.wait(50)  # the pages are drawn on the printer once the dialog shows
        dialog.close()
    finally:
        replica.close()


def _top(kind: type, name: str = "") -> object | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
                 and (not name or w.objectName() == name)), None)


def test_ctrl_p_prints_on_a_printer_and_offers_a_pdf_without_one(qtbot, tmp_path: Path, office_server,
                                                                monkeypatch) -> None:
    """Файл > Печать списка (Ctrl+P) and Печать карточки as an office PC does them, against a real server. With
    no print system (no printer set up): the window says so and offers the PDF, which it makes and names. With a
    printer (a PDF printer of a private print service under the X journeys, tests/client/ui/test_on_x.py): the
    preview, its Print button, the system's print dialog, and the pages reach the printer."""
    from client.ui import files
    from client.ui.qt import QDialogButtonBox, QFileDialog, QPrintDialog, Qt, QTimer
    from tests.client.ui.pcs import PC, focus
    opened: list[str] = []
    monkeypatch.setattr(files, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr(files, "documents_folder", lambda: tmp_path)
    i18n.install(QApplication.instance(), "ru")
    pc = PC(qtbot, tmp_path / "pc", office_server.address, lang="ru")
    try:
        for name in ("Анна Ёлкина", "Пётр Сидоров"):
            pc.replica.add("contact", {"name": name, "city": "Тверь"})
        pc.window.select_kind("contact")
        qtbot.waitUntil(lambda: pc.window.model.rowCount() == 2)
        output = os.environ.get("ORGANIZER_TEST_PRINTED")  # set by the X journey that has a printer
        assert bool(printers()) == bool(output), f"printers here: {printers()}"
        focus(qtbot, pc.window)
        qtbot.keyClick(pc.window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        if not output:
            offer = _top(QMessageBox, "noPrinter")
            assert offer is not None and "нет принтера" in offer.text()

            def save_here() -> None:
                chooser = _top(QFileDialog)
                if chooser is None:
                    QTimer.singleShot(50, save_here)
                    return
                assert str(tmp_path) in chooser.directory().absolutePath()  # the Documents folder, not ours
                # the name it suggests (the section's), saved with the dialog's Save button
                chooser.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
            QTimer.singleShot(50, save_here)
            offer.defaultButton().click()  # Save as PDF is the default
            qtbot.waitUntil(lambda: _top(QMessageBox, "fileMade") is not None, timeout=10000)
            made = _top(QMessageBox, "fileMade")
            assert (tmp_path / "Контакты.pdf").read_bytes().startswith(b"%PDF")
            assert "Контакты.pdf" in made.text() and str(tmp_path) in made.text()
            next(b for b in made.buttons() if b.text() == "Показать в папке").click()
            assert opened == [str(tmp_path)]
            pc.window.table.selectRow(0)
            pc.window.act_print_card.trigger()
            assert _top(QMessageBox, "noPrinter") is not None
            _top(QMessageBox, "noPrinter").close()
        else:
            shown = _top(QPrintPreviewDialog)
            assert shown is not None and "Контакты" in shown.windowTitle()

            def accept_print_dialog() -> None:
                asked = _top(QPrintDialog)
                if asked is None:
                    QTimer.singleShot(50, accept_print_dialog)
                    return
                buttons = asked.findChild(QDialogButtonBox)
                buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # the dialog's Print button
            QTimer.singleShot(50, accept_print_dialog)
            next(a for a in shown.actions() + shown.findChildren(type(pc.window.act_print))
                 if a.text() == "Печать").trigger()
            shown.close()
            qtbot.waitUntil(lambda: Path(output).exists() and Path(output).stat().st_size > 1000, timeout=20000)
            printed = Path(output).read_bytes()  # the PDF printer's job: the pages as PDF, in the printer's wrapping
            assert b"%PDF-" in printed and len(re.findall(rb"/Type\s*/Page\b", printed)) == 1
            pc.window.table.selectRow(0)
            pc.window.act_print_card.trigger()
            card = _top(QPrintPreviewDialog)
            assert card is not None and pc.window.card.record.fields["name"] in card.windowTitle()
            card.close()
        assert pc.engine.status.state == "online"  # and the window lives on
    finally:
        pc.close()
        i18n.install(QApplication.instance(), "en")
