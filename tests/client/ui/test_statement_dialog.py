"""A bank statement through File > Import as a user does it: the dialog lists every payment, the matched ones
with their invoice chosen, an unmatched one assigned by hand, an outgoing one shown; booking twice adds nothing."""

from __future__ import annotations

from pathlib import Path

from client.core.replica import Replica
from client.ui import i18n
from client.ui.import_dialog import ImportDialog
from client.ui.qt import QApplication, Qt
from tests.client.core.test_bank_import import OURS, incoming, office, statement  # noqa: F401


def test_a_statement_in_the_import_dialog(qtbot, office: tuple[Path, dict[str, str]],  # noqa: F811
                                          tmp_path: Path) -> None:
    profile, ids = office
    path = tmp_path / "выписка.txt"
    path.write_bytes(statement([
        incoming("101", "1000.00", "Оплата по счету № 15 от 20.11.2026"),
        incoming("103", "990.00", "Оплата услуг", inn="7701234567", payer="ООО «Чужой»"),
        {"Номер": "55", "Дата": "02.12.2026", "Сумма": "300.00", "ПлательщикСчет": OURS,
         "ПолучательСчет": "40702810500000000111", "Получатель1": "ООО «Канцтовары»",
         "НазначениеПлатежа": "Оплата за бумагу"},
    ]))
    replica = Replica(profile)
    i18n.install(QApplication.instance(), "ru")
    try:
        importer = ImportDialog(replica, path=path, lang="ru")
        dialog = importer.statement_dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
        assert dialog.table.rowCount() == 3
        matched, stranger, outgoing = (dialog.rows[i][1] for i in range(3))
        assert matched is not None and matched.currentData() == ids["15"]
        assert stranger is not None and stranger.currentData() == ""  # left unless the user chooses
        assert outgoing is None and dialog.table.item(2, 4).text().startswith("−")
        assert "не покупатель" in dialog.table.item(1, 7).text()
        dialog.choose("103", ids["18"])  # the user knows this one: it pays invoice 18
        qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.booked == 2 and dialog.report is not None and len(dialog.report.again) == 2,
                        timeout=10000)
        assert replica.get(ids["15"]).fields["paid"] == 1000 and replica.get(ids["18"]).fields["status"] == "paid"
        qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)  # nothing left to book
        assert replica.get(ids["15"]).fields["paid"] == 1000
    finally:
        i18n.install(QApplication.instance(), "en")
        replica.close()
