"""The import dialog as a user uses it: automatic mapping, a new field in one click, progress, cancel, undo."""

from __future__ import annotations

from pathlib import Path

from client.core.replica import Replica
from client.ui.import_dialog import NEW, ImportDialog
from client.ui.qt import Qt, QTimer
from tests.client.core.io.test_import_export import CSV_CP1251
from tests.client.ui.test_undo_import import answer_undo


def test_import_through_the_dialog_with_a_new_field_and_undo(qtbot, tmp_path: Path) -> None:
    src = tmp_path / "clients.csv"
    src.write_bytes(CSV_CP1251.replace("Примечание", "Источник").encode("cp1251"))
    replica = Replica(tmp_path / "pc")
    try:
        dialog = ImportDialog(replica, path=src)
        qtbot.addWidget(dialog)
        headers = [dialog.grid.item(i, 0).text() for i in range(dialog.grid.rowCount())]
        mapped = {h: c.currentData() for h, c in zip(headers, dialog.combos)}
        assert mapped["ФИО"] == "name" and mapped["Эл. почта"] == "email" and mapped["Дата рождения"] == "birthday"
        assert mapped["Источник"] == "__skip__"  # unknown: not imported unless the user says so
        assert dialog.grid.item(0, 2).text() == "Иванов Пётр"  # the preview shows the file's first row
        source = dialog.combos[headers.index("Источник")]
        source.setCurrentIndex(source.findData(NEW))  # one click: the column becomes a new field
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
        assert "4 records were added" in dialog.message.text() and "Row 7" in dialog.message.text()
        field = replica.schema().field("contact", "Источник")
        assert field.key == "istochnik"
        petr = next(r for r in replica.records("contact") if r.fields["name"] == "Иванов Пётр")
        assert petr.fields["istochnik"] == "постоянный"
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)  # the recent imports, this one first
        assert dialog.undo_dialog is not None and "clients.csv" in dialog.undo_dialog.list.item(0).text()
        QTimer.singleShot(20, lambda: answer_undo("Undo the import", []))
        qtbot.mouseClick(dialog.undo_dialog.undo_button, Qt.MouseButton.LeftButton)
        chooser = dialog.undo_dialog
        qtbot.waitUntil(lambda: chooser.message.text().startswith("Undone"), timeout=10000)  # off the window's thread
        assert replica.count("contact") == 0
        dialog.undo_dialog.accept()
    finally:
        replica.close()


def test_cancel_leaves_nothing_half_done(qtbot, tmp_path: Path) -> None:
    src = tmp_path / "big.csv"
    lines = ["ФИО;Телефон"] + [f"Клиент {i};+7 916 {i % 1000:03d}-00-{i % 97:02d}" for i in range(20000)]
    src.write_text("\n".join(lines), encoding="utf-8")
    replica = Replica(tmp_path / "pc")
    try:
        dialog = ImportDialog(replica, path=src)
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=15000)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "cancelled" in dialog.message.text(), timeout=30000)
        assert replica.count("contact") == 0 and replica.outbox_size() == 0
    finally:
        replica.close()


def test_an_open_window_shows_imported_records(qtbot, tmp_path: Path) -> None:
    from client.ui.main_window import MainWindow
    src = tmp_path / "clients.csv"
    src.write_bytes(CSV_CP1251.encode("cp1251"))
    replica = Replica(tmp_path / "pc")
    try:
        window = MainWindow(replica)
        qtbot.addWidget(window)
        assert window.model.rowCount() == 0
        dialog = ImportDialog(replica, window, path=src)
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
        qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)  # the table under the dialog
    finally:
        replica.close()


def test_a_card_saved_during_a_big_import_is_saved_at_once(qtbot, tmp_path: Path) -> None:
    """One writer per PC: the save queues behind one import chunk instead of "database is locked"."""
    import time

    from client.ui.main_window import MainWindow
    from tests.client.ui.pcs import type_text
    src = tmp_path / "big.csv"
    lines = ["ФИО;Телефон;Город"] + [f"Клиент {i};+7 916 {i % 1000:03d}-{i % 89:02d}-{i % 97:02d};Тула"
                                      for i in range(30000)]
    src.write_text("\n".join(lines), encoding="utf-8")
    replica = Replica(tmp_path / "pc")
    try:
        anna = replica.add("contact", {"name": "Анна"})
        window = MainWindow(replica)
        qtbot.addWidget(window)
        window.open_record(anna)
        dialog = ImportDialog(replica, window, path=src)
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: replica.count("contact") > 2000, timeout=30000)  # chunks are being written
        assert dialog.report is None
        city = window.card.editors["city"].widget
        city.clear()
        type_text(city, "Тверь")
        started = time.perf_counter()
        assert window.card.save() == anna
        waited = time.perf_counter() - started
        # The save waits for the one chunk being written (0.04 s on an idle PC), never for the import's end: the
        # import is still under way when it returns. The limit leaves room for a box loaded by the whole suite.
        assert replica.count("contact") < 30001, "the save waited for the whole import"
        assert waited < 3.0 and window.card.error.text() == ""
        assert replica.get(anna).fields["city"] == "Тверь"
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=120000)
        assert dialog.report.created == 30000 and replica.count("contact") == 30001
    finally:
        replica.close()


def test_a_locked_workbook_says_what_to_do_in_russian_and_imports_nothing(qtbot, tmp_path: Path) -> None:
    from client.ui import i18n
    from client.ui.qt import QApplication
    locked = Path(__file__).parents[2] / "data" / "real" / "sheets" / "python-calamine_password.xlsx"
    replica = Replica(tmp_path / "pc")
    i18n.install(QApplication.instance(), "ru")
    try:
        dialog = ImportDialog(replica, path=locked)
        qtbot.addWidget(dialog)
        assert "файл защищён паролем" in dialog.message.text() and "снимите пароль" in dialog.message.text()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # nothing to import: said, not done
        assert replica.count("contact") == 0 and dialog.report is None
    finally:
        i18n.install(QApplication.instance(), "en")
        replica.close()


def test_the_dialog_says_who_the_manager_will_be_when_the_file_has_none(qtbot, russian_pc, tmp_path: Path) -> None:
    src = tmp_path / "clients.csv"
    src.write_text("ФИО;Телефон;Менеджер\nИванов Пётр;+7 916 111-22-33;ivan\n", encoding="utf-8")
    dialog = ImportDialog(russian_pc.replica, path=src, lang="ru")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.owner_note.isHidden()  # the file names the manager: nothing to say
    headers = [dialog.grid.item(i, 0).text() for i in range(dialog.grid.rowCount())]
    manager = dialog.combos[headers.index("Менеджер")]
    assert manager.currentData() == "manager"
    manager.setCurrentIndex(manager.findData("__skip__"))  # the user leaves the column out
    assert dialog.owner_note.isVisible()
    assert dialog.owner_note.text() == "Менеджер не указан в файле: будет admin (тот, кто импортирует)"
    dialog.kind.setCurrentIndex(dialog.kind.findData("task"))  # a task's owner is its Исполнитель
    assert "Исполнитель не указан в файле: будет admin" in dialog.owner_note.text()


def test_a_finished_import_cannot_be_run_twice_by_a_second_click(qtbot, tmp_path: Path) -> None:
    """After an import the dialog only closes: «Импорт» again would add the same rows twice («добавить всё равно»).
    A new file or a changed column makes it importable again."""
    src = tmp_path / "clients.csv"
    src.write_bytes(CSV_CP1251.encode("cp1251"))
    replica = Replica(tmp_path / "pc")
    try:
        dialog = ImportDialog(replica, path=src)
        qtbot.addWidget(dialog)
        dialog.duplicates.setCurrentIndex(dialog.duplicates.findData("create"))
        assert dialog.import_button.isEnabled() and dialog.cancel_button.text() == "Cancel"
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
        added = replica.count("contact")
        assert added >= 4
        assert not dialog.import_button.isEnabled() and dialog.cancel_button.text() == "Close"
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # a disabled button does nothing
        assert replica.count("contact") == added
        combo = dialog.combos[0]
        combo.setCurrentIndex(0 if combo.currentIndex() else 1)  # the user changes a column: may import again
        assert dialog.import_button.isEnabled() and dialog.cancel_button.text() == "Cancel"
        dialog.load(src)  # or picks a file
        assert dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.import_button.isEnabled(), timeout=15000)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # «Закрыть» closes the dialog
        assert not dialog.isVisible() and dialog.result() == 0
    finally:
        replica.close()


def test_the_file_chooser_names_its_files_in_russian(qtbot, tmp_path: Path, monkeypatch) -> None:
    from client.ui import i18n, import_dialog
    from client.ui.qt import QApplication
    asked: list[str] = []

    def chooser(parent, title: str, folder: str, kinds: str) -> tuple[str, str]:  # the system's file dialog
        asked.append(kinds)
        return "", ""
    monkeypatch.setattr(import_dialog.QFileDialog, "getOpenFileName", staticmethod(chooser))
    replica = Replica(tmp_path / "pc")
    i18n.install(QApplication.instance(), "ru")
    try:
        dialog = ImportDialog(replica, lang="ru")
        qtbot.addWidget(dialog)
        dialog.choose_file()
        assert asked == ["Таблицы (*.xlsx *.xls *.ods *.csv *.txt *.vcf)"]
    finally:
        i18n.install(QApplication.instance(), "en")
        replica.close()
