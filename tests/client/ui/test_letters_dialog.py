"""Letters from the window: exactly the records the filtered list shows, one file each, one combined document
or one list, with the first record previewed and the template's unknown names shown before anything is
written; and one record's document from its card."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from client.core.replica import Replica
from client.ui import i18n
from client.ui.letters_dialog import LettersDialog
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication


@pytest.fixture(autouse=True)
def russian(qapp) -> object:
    i18n.install(QApplication.instance(), "ru")
    yield
    i18n.install(QApplication.instance(), "en")


def all_text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_letters_for_the_filtered_view_in_every_mode(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        org = replica.add("organization", {"name": "ООО «Ромашка»"})
        for name, city in (("Иванов Пётр", "Тверь"), ("Смирнова Ольга", "Тверь"), ("Кузнецов Андрей", "Москва"),
                           ("Попова Мария", "Казань"), ("Фёдорова Анна", "Тверь")):
            replica.add("contact", {"name": name, "city": city, "organization": org, "phone": "+7 916 111-22-33"})
        window = MainWindow(replica, lang="ru")
        qtbot.addWidget(window)
        window.select_kind("contact")
        window.filter_bar.load_spec({"field": "city", "op": "is", "value": "Тверь"})
        window.apply_search()
        assert window.model.rowCount() == 3
        dialog = window.open_letters()
        assert isinstance(dialog, LettersDialog)
        qtbot.addWidget(dialog)
        dialog.open_after = False
        assert "Записей: 3" in dialog.count.text()
        dialog.template.setCurrentIndex(dialog.template.findData("sample:Письмо клиенту"))
        assert "Уважаемый(ая) Иванов Пётр!" in dialog.preview.toPlainText()  # the first record, as it will read
        assert dialog.cancel_button.text() == "Отмена"
        dialog.write(tmp_path / "письма")
        qtbot.waitUntil(lambda: dialog.merged is not None, timeout=15000)
        assert dialog.cancel_button.text() == "Закрыть"  # made: nothing left to cancel
        files = sorted(p.name for p in (tmp_path / "письма").iterdir())
        assert files == ["Иванов Пётр.docx", "Смирнова Ольга.docx", "Фёдорова Анна.docx"]  # not Москва, not Казань
        assert "ООО «Ромашка»" in all_text(tmp_path / "письма" / "Фёдорова Анна.docx")

        dialog.merged = None
        dialog.mode.setCurrentIndex(dialog.mode.findData("single"))
        dialog.write(tmp_path / "все.docx")
        qtbot.waitUntil(lambda: dialog.merged is not None, timeout=15000)
        combined = all_text(tmp_path / "все.docx")
        assert all(f"Уважаемый(ая) {n}!" in combined for n in ("Иванов Пётр", "Смирнова Ольга", "Фёдорова Анна"))
        assert "Кузнецов" not in combined

        dialog.merged = None
        dialog.template.setCurrentIndex(dialog.template.findData("sample:Список контактов"))
        assert dialog.mode.currentData() == "list"
        dialog.write(tmp_path / "список.docx")
        qtbot.waitUntil(lambda: dialog.merged is not None, timeout=15000)
        table = Document(str(tmp_path / "список.docx")).tables[0]
        names = [row.cells[0].text for row in table.rows[1:]]
        assert names == ["Иванов Пётр", "Смирнова Ольга", "Фёдорова Анна"]
        assert table.rows[1].cells[1].text == "ООО «Ромашка»" and table.rows[1].cells[4].text == "Тверь"
    finally:
        replica.close()


def test_unknown_names_are_shown_before_writing_and_a_card_makes_its_own_document(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        rec = replica.add("contact", {"name": "Иванов Пётр"})
        replica.add("contact", {"name": "Смирнова Ольга"})
        bad = tmp_path / "размер.docx"
        doc = Document()
        doc.add_paragraph("{{ ФИО }}, ваш размер обуви: {{ Размер обуви }}")
        doc.save(str(bad))
        window = MainWindow(replica, lang="ru")
        qtbot.addWidget(window)
        window.select_kind("contact")
        dialog = window.letters_for(rec)  # the card's "Документ по шаблону…"
        qtbot.addWidget(dialog)
        dialog.open_after = False
        assert "Записей: 1" in dialog.count.text()
        dialog.use_template(bad)
        assert "Размер обуви" in dialog.message.text() and not dialog.write_button.isEnabled()
        dialog.write(tmp_path / "out")
        assert not (tmp_path / "out").exists()  # nothing written for a template that does not fit
        assert replica.meta("recent_templates")[0] == str(bad)  # remembered for next time
        window.card.show_record(rec)
        assert "Документ по шаблону…" in [a.text() for a in window.card.actions_menu.actions()]
    finally:
        replica.close()


def test_a_template_shared_on_one_pc_is_in_every_pcs_list(qtbot, two_pcs) -> None:
    a, b = two_pcs
    own = Path(a.replica.profile) / "приглашение.docx"
    doc = Document()
    doc.add_paragraph("Приглашаем, {{ ФИО }}!")
    doc.save(str(own))
    a.replica.add("contact", {"name": "Анна"})
    dialog = a.window.open_letters()
    qtbot.addWidget(dialog)
    dialog.use_template(own)
    rec = dialog.share()
    assert rec is not None and dialog.template.currentData() == f"office:{rec}"
    qtbot.waitUntil(lambda: b.replica.get(rec) is not None and b.replica.count("contact") == 1, timeout=10000)
    other = b.window.open_letters()
    qtbot.addWidget(other)
    other.open_after = False
    index = other.template.findData(f"office:{rec}")
    assert index >= 0 and "шаблон офиса" in other.template.itemText(index)
    other.template.setCurrentIndex(index)
    assert "Приглашаем, Анна!" in other.preview.toPlainText()
