"""`python -m tools.tour --short` on a real X server of its own: it logs in on a server it started, types a contact,
works offline and comes back, and its screenshots are real pictures of the window, not empty screens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from client.ui.qt import QImage
from tests.servers import ROOT, env
from tools import xdisplay

pytestmark = pytest.mark.xserver

SHORT = ["01_first_start", "02_first_window", "03_entry_typing", "04_entry_saved", "05_offline", "06_back_online"]


def _black_share(image: QImage) -> float:
    """How much of the screen is the bare X root (black): a window that never drew leaves it so."""
    points = [(x, y) for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)]
    return sum(1 for x, y in points if image.pixel(x, y) & 0xFFFFFF == 0) / len(points)


def test_the_short_tour_drives_the_window_and_writes_real_screenshots(qapp, tmp_path: Path) -> None:
    if (missing := xdisplay.missing_x()) is not None:
        pytest.fail(f"{missing} (sh installers/test.sh installs them when run as root)")
    out, temp = tmp_path / "tour", tmp_path / "temp"
    temp.mkdir()
    r = subprocess.run([sys.executable, "-m", "tools.tour", "--out", str(out), "--short"], cwd=ROOT,
                       env={**env(), "TMPDIR": str(temp)}, capture_output=True, text=True, timeout=400)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-6000:]
    assert not list(temp.glob("organizer-tour-*"))  # its server's data and its PCs' copies went with it
    assert sorted(p.stem for p in out.glob("*.png")) == SHORT
    said = (out / "tour.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split(".png:")[0] for line in said] == SHORT
    for name in SHORT:
        image = QImage(str(out / f"{name}.png"))
        assert (image.width(), image.height()) == (1366, 768), name
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 20, name  # text, frames, a selection: not an empty canvas
        # The login dialog stands alone on the bare screen; every later picture is the maximized window.
        assert _black_share(image) < (0.95 if name == "01_first_start" else 0.05), name
