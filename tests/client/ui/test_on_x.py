"""The window journeys again on a real X server with a window manager (Xvfb and openbox), as a PC shows them, not
offscreen: once on a PC with no print system, once with a printer (a private print service with a PDF printer).
Each run is its own pytest process, as each PC is its own program: the print system is chosen when Qt starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import ROOT
from tools import xdisplay

pytestmark = pytest.mark.xserver

# The journeys a user makes every day, each a window test of its own module (pytest-qt against a real server).
JOURNEYS = [
    "tests/client/ui/test_printing.py",
]


def _journeys(display: str, extra_env: dict[str, str], tmp_path: Path, *only: str) -> None:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "LANG": "ru_RU.UTF-8", **extra_env}
    r = subprocess.run([sys.executable, "-m", "pytest", "-n0", "-p", "no:cacheprovider", "-q", "--basetemp",
                        str(tmp_path / "runs"), *(only or JOURNEYS)], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-3000:]


def test_window_journeys_on_a_real_x_server_with_no_print_system(tmp_path: Path) -> None:
    if (missing := xdisplay.missing_x()) is not None:
        pytest.fail(f"{missing} (sh installers/test.sh installs them when run as root)")
    with xdisplay.x_display() as display:
        # A print service nobody runs: what libcups finds on a PC with no print system.
        _journeys(display, {"CUPS_SERVER": str(tmp_path / "no-cups.sock")}, tmp_path)


def test_printing_on_a_real_x_server_with_a_pdf_printer(tmp_path: Path) -> None:
    if (missing := xdisplay.missing_x() or xdisplay.missing_printing()) is not None:
        pytest.fail(f"{missing} (sh installers/test.sh installs them when run as root)")
    with xdisplay.x_display() as display, xdisplay.print_system() as printing:
        _journeys(display, {"CUPS_SERVER": printing.server, "ORGANIZER_TEST_PRINTED": str(printing.output)}, tmp_path,
                  "tests/client/ui/test_printing.py")
