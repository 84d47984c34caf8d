"""File > Company as a Russian office manager uses it: log in to a second company, switch between the two."""

from __future__ import annotations

import asyncio
from pathlib import Path

from client.core.replica import Replica
from client.core.session import login, sync_now_async
from client.ui import i18n
from client.ui.app import run_window
from client.ui.login_dialog import LoginDialog
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication, QTimer
from tests.client.ui.test_app import drive, visible
from tests.servers import ADMIN_PASSWORD, ServerProcess


def test_a_second_company_in_its_own_copy_and_switching_back(qapp, tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server")
    data = str(server.data_dir)
    assert server.manage("init", data, "--company", "ООО Ромашка", "--admin-password",
                         "romashka-pass-1").returncode == 0
    assert server.manage("user", "add", data, "anna", "--password", "anna-pass-1", "--company",
                         "ромашка").returncode == 0
    profile = tmp_path / "pc"
    try:
        server.start()
        for folder, user, password, company, name in (
                (tmp_path / "colleague-1", "admin", ADMIN_PASSWORD, "Test office", "Клиент главной"),
                (tmp_path / "colleague-2", "anna", "anna-pass-1", "ромашка", "Клиент Ромашки")):
            colleague = Replica(folder)
            login(colleague, server.address, user, password, company=company)
            colleague.add("contact", {"name": name})
            asyncio.run(sync_now_async(colleague))
            colleague.close()
        first = Replica(profile)  # this PC works in the main office already
        login(first, server.address, "admin", ADMIN_PASSWORD, company="Test office")
        first.close()
        seen: dict[str, object] = {}

        def window_on(rows: list[str]) -> MainWindow | None:
            window = visible(MainWindow)
            if not isinstance(window, MainWindow) or "На связи" not in window.state_label.text():
                return None
            shown = [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())]
            return window if shown == rows else None

        def another_company() -> bool:
            window = window_on(["Клиент главной"])
            if window is None:
                return False
            menu = window.company_menu.menu
            seen["menu"] = (menu.title(), [a.text() for a in menu.actions() if a.text()])
            QTimer.singleShot(0, window.company_menu.add)  # File > Организация > Другая организация…
            return True

        def fill_login() -> bool:
            dialog = visible(LoginDialog)
            if not isinstance(dialog, LoginDialog):
                return False
            seen["address"] = dialog.address.text()  # the same server, already typed
            dialog.user.setText("anna")
            dialog.password.setText("anna-pass-1")
            dialog.login_button.click()
            return True

        def choose_company() -> bool:
            dialog = visible(LoginDialog)
            if not isinstance(dialog, LoginDialog) or not dialog.company.isVisible():
                return False
            seen["choice"] = ([dialog.company.itemText(i) for i in range(dialog.company.count())],
                              dialog.message.text())
            dialog.company.setCurrentText("ООО Ромашка")
            dialog.login_button.click()
            return True

        def in_romashka() -> bool:
            window = window_on(["Клиент Ромашки"])
            if window is None:
                return False
            menu = window.company_menu.menu
            seen["title"] = window.windowTitle()
            checked = [a.text() for a in menu.actions() if a.isChecked()]
            seen["checked"] = checked
            back = next(a for a in menu.actions() if a.text() == "Test office")
            QTimer.singleShot(0, back.trigger)
            return True

        def back_in_main() -> bool:
            window = window_on(["Клиент главной"])
            if window is None:
                return False
            seen["back"] = window.windowTitle()
            QApplication.exit(0)
            return True

        drive([another_company, fill_login, choose_company, in_romashka, back_in_main], limit=90)
        code = run_window(["--profile", str(profile), "--lang", "ru", "--discovery-interface", "127.0.0.1"])
        assert code == 0, seen
        assert seen["menu"] == ("Организация", ["Test office", "Другая организация…"])
        assert seen["address"] == server.address
        assert seen["choice"] == (["Test office", "ООО Ромашка"],
                                  "На этом сервере несколько организаций: выберите свою и войдите.")
        assert seen["title"] == "Органайзер офиса — ООО Ромашка — anna" and seen["checked"] == ["ООО Ромашка"]
        assert seen["back"] == "Органайзер офиса — Test office — admin"
    finally:
        server.kill()
        i18n.install(QApplication.instance(), "en")  # the next test in this process reads English
