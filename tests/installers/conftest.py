"""The Windows build, made once per run for every packaging test that needs it."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import ROOT

VERSION = next(line.split("=", 1)[1].strip() for line in (ROOT / "setup.cfg").read_text().splitlines()
               if line.startswith("version"))
WINE = ROOT / "build" / "windows"
REUSE = "ORGANIZER_REUSE_WINDOWS_BUILD"


@dataclass(frozen=True)
class WindowsBuild:
    setup: Path    # dist/OrganizerSetup-<version>.exe
    folder: Path   # the PyInstaller folder the installer holds
    minutes: float


@pytest.fixture(scope="session")
def windows_build() -> WindowsBuild:
    started = time.monotonic()
    setup = ROOT / "dist" / f"OrganizerSetup-{VERSION}.exe"
    if os.environ.get(REUSE) == "1" and setup.is_file() and (WINE / "dist" / "Organizer").is_dir():
        # A change to the tests alone needs no new build (15-35 minutes): ORGANIZER_REUSE_WINDOWS_BUILD=1
        return WindowsBuild(setup, WINE / "dist" / "Organizer", 0.0)
    r = subprocess.run(["sh", "installers/windows/build.sh"], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    return WindowsBuild(ROOT / "dist" / f"OrganizerSetup-{VERSION}.exe", WINE / "dist" / "Organizer",
                        (time.monotonic() - started) / 60)
