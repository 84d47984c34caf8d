"""Window-test fixtures: two office PCs side by side against a real server; one PC in a Russian window."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from client.ui import i18n
from client.ui.qt import QApplication
from tests.client.ui.pcs import PC
from tests.servers import ServerProcess


@pytest.fixture
def two_pcs(qtbot, office_server: ServerProcess, tmp_path: Path) -> Iterator[tuple[PC, PC]]:
    a = PC(qtbot, tmp_path / "a", office_server.address)
    b = PC(qtbot, tmp_path / "b", office_server.address)
    try:
        qtbot.waitUntil(lambda: a.engine.status.state == "online" and b.engine.status.state == "online",
                        timeout=15000)
        yield a, b
    finally:
        a.close()
        b.close()
        i18n.install(QApplication.instance(), "en")


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
