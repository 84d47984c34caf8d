"""Two programs on one PC's copy, as a person meets them: a second start of the window brings the first to the front,
and a command run beside the window writes the same copy, which the window shows."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from client.ui import app as app_module
from client.ui.app import run_window
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication
from tests.client.ui.test_app import drive, visible
from tests.servers import ROOT, ServerProcess, env, reap


def test_a_second_start_brings_the_window_forward_and_a_command_beside_it_shows_in_it(
        qapp, office_server: ServerProcess, make_profile: Callable[..., Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    profile = make_profile("pc")
    fronts: list[float] = []
    monkeypatch.setattr(app_module, "_to_front", lambda app: fronts.append(time.monotonic()))
    started: dict[str, subprocess.Popen[str]] = {}
    seen: dict[str, object] = {}

    def start(name: str, *args: str) -> None:
        started[name] = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(profile), "--lang", "en",
                                          *args], env=env(), cwd=ROOT, text=True, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE)

    def ended(name: str) -> bool:
        proc = started[name]
        if proc.poll() is None:
            return False
        out, err = proc.communicate()
        seen[name] = (proc.returncode, out, err)
        return True

    def window_up() -> bool:
        window = visible(MainWindow)
        if not isinstance(window, MainWindow) or "Online" not in window.state_label.text():
            return False
        start("second")  # the user starts the organizer again (the first window is behind others)
        return True

    def second_ended() -> bool:
        if not ended("second"):
            return False
        start("command", "add", "contact", "name=Из командной строки")  # a script beside the window
        return True

    def shown() -> bool:
        window = visible(MainWindow)
        assert isinstance(window, MainWindow)
        rows = [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())]
        if "Из командной строки" not in rows:
            return False
        QApplication.exit(0)
        return True

    drive([window_up, second_ended, lambda: ended("command"), shown], limit=60)
    try:
        assert run_window(["--profile", str(profile), "--lang", "en", "--discovery-interface", "127.0.0.1"]) == 0
    finally:
        reap(*started.values())
    code, out, err = seen["second"]  # type: ignore[misc]
    assert code == 0 and not err, err  # it ended at once, quietly
    assert fronts, "the first window was asked to come to the front"
    code, out, err = seen["command"]  # type: ignore[misc]
    assert code == 0 and "locked" not in err and "Traceback" not in err, err
