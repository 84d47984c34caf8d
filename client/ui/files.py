"""Files the window makes for the user: where the save dialogs start (the user's Documents, not the program's
folder), and the notice that says what was made and where, with Open and Show in folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

from client.core import user_folders
from client.ui.i18n import tr
from client.ui.qt import QDesktopServices, QLabel, QMessageBox, QPushButton, Qt, QUrl, QWidget


def _open_url(url: QUrl) -> bool:
    return bool(QDesktopServices.openUrl(url))


# How a file or folder is handed to the desktop (Word, Explorer, the file manager); tests look at what was asked.
open_url: Callable[[QUrl], bool] = _open_url


def documents_folder() -> Path:
    """The user's Documents folder (Мои документы), or the home folder when there is none."""
    return user_folders.documents()


def suggested(name: str) -> str:
    """A file name in the Documents folder, for a save dialog to start with."""
    return str(documents_folder() / name)


def open_file(path: Path) -> bool:
    return open_url(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """The folder holding `path`, with the file picked out where the system can (Explorer on Windows)."""
    if sys.platform == "win32" and open_url is _open_url and path.exists():
        subprocess.Popen(["explorer", "/select,", os.path.normpath(path)])  # noqa: S603, S607 - Windows' own
        return True
    return open_url(QUrl.fromLocalFile(str(path if path.is_dir() else path.parent)))


def tell_made(parent: QWidget | None, what: str, path: Path, details: str = "") -> QMessageBox:
    """Say what was made and where, with Open and Show in folder; shown without blocking the window."""
    where = path if path.is_dir() else path.parent
    text = f"{what}\n\n{tr('File')}: {path.name}\n{tr('Folder')}: {where}" if not path.is_dir() else \
        f"{what}\n\n{tr('Folder')}: {path}"
    box = QMessageBox(QMessageBox.Icon.Information, tr("Done"), text + (f"\n\n{details}" if details else ""),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("fileMade")
    if not path.is_dir():
        opener = QPushButton(tr("Open"))
        opener.clicked.connect(lambda: open_file(path))
        box.addButton(opener, QMessageBox.ButtonRole.ActionRole)
    folder = QPushButton(tr("Show in folder"))
    folder.clicked.connect(lambda: show_in_folder(path))
    box.addButton(folder, QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Close))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box



class MadeLine(QLabel):
    """A line under a card saying which file an action made and where, with Open and Show in folder as links: the
    card stays usable (no dialog to close), and a file its program did not open is still found."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("fileMadeLine")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.linkActivated.connect(self._follow)
        self.path: Path | None = None
        self.hide()

    def tell(self, what: str, path: Path, opened: bool) -> None:
        from html import escape
        self.path = path
        said = tr("{what}: made {file} in the folder {folder}.").replace("{what}", what).replace(
            "{file}", path.name).replace("{folder}", str(path.parent))
        if not opened:
            said += " " + tr("It did not open by itself: open it here.")
        self.setText(f"{escape(said)} <a href=\"open\">{escape(tr('Open'))}</a> · "
                     f"<a href=\"folder\">{escape(tr('Show in folder'))}</a>")
        self.show()

    def forget(self) -> None:
        self.path = None
        self.clear()
        self.hide()

    def _follow(self, link: str) -> None:
        if self.path is not None:
            (open_file if link == "open" else show_in_folder)(self.path)
