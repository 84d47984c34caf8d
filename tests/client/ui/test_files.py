"""Every file dialog of the window starts in the user's Documents folder, never in the folder the program was
started from (on Windows a shortcut's install folder, where a user may not write)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from client.core.replica import Replica
from client.core.selection import Shown
from client.ui import files
from client.ui.export_dialog import open_export_dialog
from client.ui.import_dialog import ImportDialog
from client.ui.letters_dialog import LettersDialog
from client.ui.mailing_dialog import MailingDialog
from client.ui.photo_field import PhotoField
from client.ui.price_list_dialog import PriceListDialog
from client.ui.qt import QFileDialog


def test_each_file_dialog_opens_in_documents(qtbot, tmp_path: Path, monkeypatch) -> None:
    documents = tmp_path / "Документы"
    documents.mkdir()
    monkeypatch.setattr(files, "documents_folder", lambda: documents)
    for module in ("export_dialog", "import_dialog", "letters_dialog", "mailing_dialog", "photo_field",
                   "card_buttons", "card_comments"):
        monkeypatch.setattr(f"client.ui.{module}.documents_folder", lambda: documents, raising=False)
    monkeypatch.chdir(tmp_path)  # the program's own folder
    opened: list[str] = []

    def ask(*args: Any) -> tuple[str, str]:  # the system's dialog: where it was asked to open, and nothing chosen
        opened.append(str(args[2]))
        return "", ""

    def ask_folder(*args: Any) -> str:
        opened.append(str(args[2]))
        return ""
    for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(ask))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(ask_folder))
    replica = Replica(tmp_path / "pc")
    try:
        importing = ImportDialog(replica)
        letters = LettersDialog(replica, Shown("contact"))
        mailing = MailingDialog(replica, Shown("contact"))
        prices = PriceListDialog(replica)
        photo = PhotoField()
        for widget in (importing, letters, mailing, prices, photo):
            qtbot.addWidget(widget)
        importing.choose_file()
        letters.choose_file()
        letters.choose_and_write()  # one file per record: a folder
        mailing.choose_attachment()
        prices.choose_and_write()
        photo.choose()
        open_export_dialog(importing, replica, Shown("contact"))
        assert len(opened) == 7
        assert all(Path(where) == documents or Path(where).parent == documents for where in opened), opened
    finally:
        replica.close()
