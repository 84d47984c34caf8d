"""Printing from the window: the list exactly as shown (its filter, its visible columns in their order) in a
print preview and as PDF, in Russian, with page numbers; and a record's card."""

from __future__ import annotations

from pathlib import Path

from client.core.printout import list_html
from client.core.replica import Replica
from client.ui import i18n
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication, QPrintPreviewDialog


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

        dialog = window.print_preview()  # the PDF's own pages, as they will print
        assert isinstance(dialog, QPrintPreviewDialog)
        qtbot.addWidget(dialog)
        dialog.show()  # the preview paints its pages (a printer freed before its dialog crashed it)
        qtbot.wait(500)
        dialog.close()
        from pypdf import PdfReader
        pdf = window.save_pdf(tmp_path / "список.pdf")
        reader = PdfReader(str(pdf))
        assert len(reader.pages) >= 4  # 200 rows do not fit on one A4 page
        assert float(reader.pages[0].mediabox.width) < float(reader.pages[0].mediabox.height)  # 3 columns: upright
        first = reader.pages[0].extract_text()
        assert "Контакты" in first and "Город: Тверь" in first and "200 записей" in first
        assert first.index("Город") < first.index("ФИО") < first.index("Телефон")
        assert "Должность" not in first and "Москва" not in "".join(p.extract_text() for p in reader.pages)
        assert all("Город" in p.extract_text() for p in reader.pages)  # the header on every page
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
