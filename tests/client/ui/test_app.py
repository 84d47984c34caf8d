"""`python -m client` as a person starts it: first start logs in and syncs, the next opens at once from the copy."""

from __future__ import annotations

import asyncio
import time
import traceback
from pathlib import Path
from typing import Callable

from client.core.replica import Replica
from client.core.session import login, sync_now_async
from client.ui.app import run_window
from client.ui.login_dialog import LoginDialog
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication, QTimer
from tests.servers import ServerProcess


def visible(kind: type) -> object | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def drive(steps: list[Callable[[], bool]], limit: float = 40.0) -> None:
    """Run each step on the event loop until it reports done; give up (exit code 99) after `limit` seconds. A step
    that fails ends the window too (exit code 98, its traceback in the test's output): left to the window's error
    hooks, it would open a message box nobody closes, the steps would stop, and the test would hang until its
    worker was killed (a crashed worker, no trace)."""
    end = time.monotonic() + limit

    def tick() -> None:
        if time.monotonic() > end:
            QApplication.exit(99)
            return
        try:
            done = bool(steps) and steps[0]()
        except Exception:
            traceback.print_exc()
            QApplication.exit(98)
            return
        if done:
            steps.pop(0)
        if steps:
            QTimer.singleShot(50, tick)
    QTimer.singleShot(0, tick)


def test_first_start_logs_in_then_the_next_start_opens_from_the_local_copy(
        qapp, office_server: ServerProcess, tmp_path: Path) -> None:
    profile = tmp_path / "pc"
    colleague = Replica(tmp_path / "colleague")  # someone already works with the server
    login(colleague, office_server.address, "admin", "admin-pass-1")
    colleague.add("contact", {"name": "Уже на сервере"})
    asyncio.run(sync_now_async(colleague))
    colleague.close()
    seen: dict[str, object] = {}

    def fill_login() -> bool:
        dialog = visible(LoginDialog)
        if not isinstance(dialog, LoginDialog):
            return False
        dialog.address.setText(office_server.address)
        dialog.user.setText("admin")
        dialog.password.setText("admin-pass-1")
        dialog.login_button.click()
        return True

    def window_online() -> bool:
        window = visible(MainWindow)
        if not isinstance(window, MainWindow) or "Online" not in window.state_label.text():
            return False
        seen["rows"] = [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())]
        QApplication.exit(0)  # the loop ends; run_window then closes and disposes the window
        return True

    drive([fill_login, window_online])
    assert run_window(["--profile", str(profile), "--lang", "en", "--discovery-interface", "127.0.0.1"]) == 0
    assert seen["rows"] == ["Уже на сервере"]  # the first sync brought the office's data

    # The next morning the server is down: the window still opens at once, from the PC's own copy.
    office_server.stop()
    opened: dict[str, float] = {}
    start = time.monotonic()

    def window_offline() -> bool:
        if visible(LoginDialog) is not None:
            opened["login"] = 1.0
        window = visible(MainWindow)
        if not isinstance(window, MainWindow):
            return False
        opened.setdefault("at", time.monotonic() - start)
        if "Online" in window.state_label.text():
            return False
        seen["rows"] = [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())]
        QApplication.exit(0)  # the loop ends; run_window then closes and disposes the window
        return True

    drive([window_offline])
    assert run_window(["--profile", str(profile), "--lang", "en"]) == 0
    assert "login" not in opened and opened["at"] < 5.0
    assert seen["rows"] == ["Уже на сервере"]


def test_the_server_stopping_under_an_open_window_and_quitting_print_no_traceback(
        qapp, office_server: ServerProcess, tmp_path: Path, capfd) -> None:
    """The window is online; the server stops (the PC goes offline with a reason, in words); the user quits.
    Nothing is printed on the way: no asyncio traceback, no "wrapped C/C++ object ... has been deleted"."""
    profile = tmp_path / "pc"
    replica = Replica(profile)
    login(replica, office_server.address, "admin", "admin-pass-1")
    replica.close()
    states: list[str] = []

    def online() -> bool:
        window = visible(MainWindow)
        if isinstance(window, MainWindow) and "Online" in window.state_label.text():
            office_server.stop()  # the server PC is shut down while this PC is connected
            return True
        return False

    def offline() -> bool:
        window = visible(MainWindow)
        assert isinstance(window, MainWindow)
        if "Offline" not in window.state_label.text():
            return False
        states.append(window.state_label.toolTip())
        QApplication.exit(0)  # the user quits: run_window closes and disposes the window
        return True

    drive([online, offline])
    assert run_window(["--profile", str(profile), "--lang", "en"]) == 0
    assert states and states[0], "offline says why"
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "has been deleted" not in out + err, err
