"""Lint and types: ruff on the whole tree, mypy on the server, the Qt-free client core, the commands and the api."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.servers import ROOT


def _tool(name: str) -> list[str]:
    exe = shutil.which(name, path=str(ROOT / ".venv" / "bin")) or shutil.which(name)
    return [exe] if exe else [sys.executable, "-m", name]


def test_ruff() -> None:
    r = subprocess.run([*_tool("ruff"), "check", "lan_server", "client", "plugins", "tests", "tools", "installers"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy() -> None:
    r = subprocess.run([*_tool("mypy"), "lan_server", "client/core", "client/cli", "client/api",
                        "client/components", "plugins"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
