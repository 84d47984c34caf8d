"""Undoing an import in the window: the user picks which one from the recent imports, is asked first with its file,
time and count, and a second undo never takes the import before it unasked."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from client.core.replica import Replica
from client.ui.import_dialog import ImportDialog
from client.ui.qt import QApplication, QMessageBox, Qt, QTimer
from lan_server.records.dates import moment_text
from tests.client.core.io.test_import_export import CSV_CP1251


def _import(qtbot, replica: Replica, path: Path) -> ImportDialog:
    dialog = ImportDialog(replica, path=path)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    return dialog


def answer_undo(button: str, asked: list[str]) -> None:
    """The user answers the question once it shows: the named button, or "default" (Enter)."""
    box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
                and w.objectName() == "undoImport"), None)
    if box is None:
        QTimer.singleShot(20, lambda: answer_undo(button, asked))
        return
    asked.append(box.text())
    chosen = box.defaultButton() if button == "default" else next(b for b in box.buttons() if b.text() == button)
    chosen.click()


def test_the_user_picks_the_import_to_undo_and_is_asked_first(qtbot, tmp_path: Path) -> None:
    clients = tmp_path / "клиенты.csv"
    clients.write_bytes(CSV_CP1251.encode("cp1251"))
    suppliers = tmp_path / "поставщики.csv"
    suppliers.write_text("ФИО;Город\nПоставщик Один;Тула\nПоставщик Два;Тула\n", encoding="utf-8")
    replica = Replica(tmp_path / "pc")
    try:
        _import(qtbot, replica, clients)
        dialog = _import(qtbot, replica, suppliers)
        assert replica.count("contact") == 6
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
        chooser = dialog.undo_dialog
        assert chooser is not None and chooser.isVisible()
        shown = [chooser.list.item(i).text() for i in range(chooser.list.count())]
        assert len(shown) == 2 and "поставщики.csv" in shown[0] and "клиенты.csv" in shown[1]  # newest first
        assert "4" in shown[1] and "2" in shown[0]
        chooser.list.setCurrentRow(1)  # the older one: the clients
        asked: list[str] = []
        QTimer.singleShot(20, lambda: answer_undo("default", asked))  # Enter keeps it: nothing is undone
        qtbot.mouseClick(chooser.undo_button, Qt.MouseButton.LeftButton)
        assert asked and replica.count("contact") == 6
        text = asked[0]
        assert "клиенты.csv" in text and moment_text(datetime.now(), "en")[:10] in text and ": 4" in text
        QTimer.singleShot(20, lambda: answer_undo("Undo the import", asked))
        qtbot.mouseClick(chooser.undo_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: chooser.message.text().startswith("Undone"), timeout=10000)
        names = sorted(str(r.fields.get("name")) for r in replica.records("contact"))
        assert names == ["Поставщик Два", "Поставщик Один"]  # only the chosen import went
        assert chooser.list.count() == 1 and "поставщики.csv" in chooser.list.item(0).text()
        chooser.accept()
        # Another click on Undo asks again about what is left; it never takes anything by itself.
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
        assert dialog.undo_dialog is not None and dialog.undo_dialog.list.count() == 1
        assert replica.count("contact") == 2
        dialog.undo_dialog.accept()
    finally:
        replica.close()


def test_while_an_import_is_undone_the_window_answers_and_the_dialog_says_so(qtbot, tmp_path: Path,
                                                                            monkeypatch) -> None:
    """Undoing a big import takes seconds: it runs off the window's thread, the dialog says so with a busy bar and
    takes no second click, the window answers meanwhile, and the dialog says what was undone."""
    import threading

    from client.core.io import import_history
    clients = tmp_path / "клиенты.csv"
    clients.write_bytes(CSV_CP1251.encode("cp1251"))
    replica = Replica(tmp_path / "pc")
    try:
        dialog = _import(qtbot, replica, clients)
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
        chooser = dialog.undo_dialog
        assert chooser is not None
        going, let_go = threading.Event(), threading.Event()
        on_threads: list[bool] = []
        real = import_history.undo

        def undo(*args):  # a big import's undo: it lasts until the test has looked at the window meanwhile
            on_threads.append(threading.current_thread() is threading.main_thread())
            going.set()
            let_go.wait(10)
            return real(*args)
        monkeypatch.setattr(import_history, "undo", undo)
        asked: list[str] = []
        QTimer.singleShot(20, lambda: answer_undo("Undo the import", asked))
        qtbot.mouseClick(chooser.undo_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(going.is_set, timeout=5000)
        ticks: list[int] = []
        QTimer.singleShot(0, lambda: ticks.append(1))
        qtbot.waitUntil(lambda: bool(ticks), timeout=2000)  # the window's loop turns while the undo works
        assert on_threads == [False]
        assert chooser.message.text() == "Undoing the import…" and chooser.busy.isVisible()
        assert not chooser.undo_button.isEnabled() and not chooser.list.isEnabled()
        assert chooser.cursor().shape() == Qt.CursorShape.BusyCursor
        # it stays until the undo is done (closed meanwhile, the records went later without a word)
        assert not chooser.close_button.isEnabled()
        chooser.reject()  # Esc, the title bar's cross
        assert chooser.isVisible()
        let_go.set()
        qtbot.waitUntil(lambda: chooser.message.text().startswith("Undone"), timeout=10000)
        assert replica.count("contact") == 0 and not chooser.busy.isVisible()
        assert chooser.cursor().shape() != Qt.CursorShape.BusyCursor and QApplication.overrideCursor() is None
        assert chooser.close_button.isEnabled()
        chooser.reject()
        assert not chooser.isVisible()
    finally:
        replica.close()
