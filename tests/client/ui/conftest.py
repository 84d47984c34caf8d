"""Window-test fixtures: two office PCs side by side against a real server; one PC in a Russian window."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import pytest

from client.ui import i18n
from client.ui.qt import QApplication, QMessageBox, QTimer
from tests.client.ui.pcs import PC
from tests.servers import ServerProcess

UNANSWERED_AFTER = 20.0  # seconds a question may wait for a test's answer before it counts as forgotten
_forgotten: list[str] = []
_watch: list[QTimer] = []


def _close_forgotten_questions() -> None:
    now = time.monotonic()
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible():
            seen = w.property("test_seen_at")
            if seen is None:
                w.setProperty("test_seen_at", now)
            elif now - float(seen) > UNANSWERED_AFTER:
                _forgotten.append(w.text())
                w.reject()


@pytest.fixture(autouse=True)
def no_question_left_unanswered(qapp) -> Iterator[None]:
    """A question nobody in the test answers (offscreen, nobody can) fails that test instead of holding up the
    whole run: it is closed after a while, also when it comes at the window's closing."""
    if not _watch:
        timer = QTimer()
        timer.timeout.connect(_close_forgotten_questions)
        timer.start(1000)
        _watch.append(timer)
    _forgotten.clear()
    yield
    if _forgotten:
        pytest.fail(f"a question was left unanswered: {_forgotten[0]!r}")


def _while_online(qtbot, *pcs: PC) -> Iterator[tuple[PC, ...]]:
    """The PCs once every one is online; closed afterwards, also when the test fails."""
    try:
        qtbot.waitUntil(lambda: all(pc.engine.status.state == "online" for pc in pcs), timeout=15000)
        yield pcs
    finally:
        for pc in pcs:
            pc.close()
        i18n.install(QApplication.instance(), "en")


@pytest.fixture
def two_pcs(qtbot, office_server: ServerProcess, tmp_path: Path) -> Iterator[tuple[PC, ...]]:
    yield from _while_online(qtbot, PC(qtbot, tmp_path / "a", office_server.address),
                             PC(qtbot, tmp_path / "b", office_server.address))


@pytest.fixture
def admin_and_manager(qtbot, office_server: ServerProcess, tmp_path: Path) -> Iterator[tuple[PC, ...]]:
    """The administrator's PC and a manager's (olga's)."""
    office_server.add_user("olga", "olga-pass-1", "manager")
    yield from _while_online(qtbot, PC(qtbot, tmp_path / "admin", office_server.address),
                             PC(qtbot, tmp_path / "olga", office_server.address, user="olga", password="olga-pass-1"))


@pytest.fixture
def russian_pc(qtbot, office_server: ServerProcess, tmp_path: Path) -> Iterator[PC]:
    i18n.install(QApplication.instance(), "ru")
    pc = PC(qtbot, tmp_path / "pc", office_server.address, lang="ru")
    try:
        qtbot.waitUntil(lambda: pc.engine.status.state == "online", timeout=15000)
        yield pc
    finally:
        pc.close()
        i18n.install(QApplication.instance(), "en")
