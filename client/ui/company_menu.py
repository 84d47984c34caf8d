"""File > Company: the companies this PC holds copies of, the one in use checked, and logging in to another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from client.core import companies
from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.qt import QAction, QMenu


class CompanyMenu:
    """Choosing a company closes the window with `switch_to` set; the start-up loop opens that copy."""

    def __init__(self, window: Any, root: Path, before: QAction, interfaces: list[str] | None = None) -> None:
        self.window, self.root, self.interfaces = window, root, interfaces
        self.menu = QMenu(window)
        window.menu_file.insertMenu(before, self.menu)
        self.menu.aboutToShow.connect(self.fill)
        self.switch_to: Path | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(tr("Company"))
        self.fill()

    def fill(self) -> None:
        self.menu.clear()
        here = self.window.replica.profile.resolve()
        for copy in companies.held(self.root):
            if not copy.name:  # a copy that never logged in holds no company's data
                continue
            act = self.menu.addAction(copy.name)
            act.setCheckable(True)
            act.setChecked(copy.folder.resolve() == here)
            act.triggered.connect(lambda _=False, folder=copy.folder: self.switch(folder))
        self.menu.addSeparator()
        self.menu.addAction(tr("Another company…")).triggered.connect(self.add)

    def switch(self, folder: Path) -> None:
        if folder.resolve() == self.window.replica.profile.resolve():
            self.fill()  # the checkmark stays on the company in use
            return
        if not self.window.card.leave():  # what is typed in this company's card is saved first
            return
        self.switch_to = folder
        self.window.close()

    def add(self) -> None:
        """Log in to one more company (on this server or another) into a copy of its own, then work in it."""
        from client.ui.login_dialog import LoginDialog
        folder = companies.new_folder(self.root)
        replica = Replica(folder)
        try:
            dialog = LoginDialog(replica, self.window, interfaces=self.interfaces,
                                 address=str(self.window.replica.meta("server") or ""))
            accepted = dialog.exec() == LoginDialog.DialogCode.Accepted
            dialog.deleteLater()
            name = str(replica.meta("server_name") or "")
        finally:
            replica.close()
        if accepted:
            companies.remember(self.root, folder, name)
            self.switch(folder)
