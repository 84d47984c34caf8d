"""Settings > Print forms as a user uses it: "Edit in Word" makes the office's version of the bill from the
built-in one, a save in Word reaches the office's shared record at once, "Back to the built-in form" undoes it."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from client.core import form_templates
from client.core.replica import Replica
from client.ui import i18n
from client.ui.forms_dialog import FormsDialog
from client.ui.qt import QApplication, Qt
from tests.documents import docx_text


def test_edit_a_form_in_word_and_back(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    i18n.install(QApplication.instance(), "ru")
    try:
        dialog = FormsDialog(replica, "ru")
        qtbot.addWidget(dialog)
        dialog.open_files = False
        assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == \
            ["Счёт на оплату", "Акт", "УПД", "Договор", "Акт сверки"]
        assert not dialog.back_button.isEnabled()
        dialog.table.setCurrentCell(0, 0)
        path = dialog.edit()
        assert path is not None and path.exists() and dialog.table.item(0, 1).text() == "своя, офиса (Word)"
        doc = Document(str(path))
        doc.add_paragraph("Реквизиты для оплаты изменились с 1 декабря")
        doc.save(str(path))  # the user saves in Word
        qtbot.waitUntil(lambda: "теперь общая" in dialog.message.text(), timeout=10000)
        shared = form_templates.office_form(replica, "invoice")
        assert shared is not None and b"PK" == shared[0][:2]
        out = tmp_path / "shared.docx"
        out.write_bytes(shared[0])
        assert "Реквизиты для оплаты изменились" in docx_text(out)
        qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
        assert not form_templates.edited(replica, "invoice") and dialog.table.item(0, 1).text() == "встроенная"
    finally:
        i18n.install(QApplication.instance(), "en")
        replica.close()
