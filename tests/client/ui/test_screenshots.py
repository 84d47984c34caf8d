"""`python -m tools.screenshots OUT_DIR` writes real pictures of the product, in both languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from client.ui.qt import QImage
from tests.servers import ROOT, env

SHOTS = ["main", "card_history", "organizations", "tasks", "settings", "login", "login_company", "dashboard", "board",
         "invoice",
         "price_list", "letters", "requisites", "mailing", "backups",
         "repeat", "refused", "filters", "planner", "planner_month"]


def test_screenshots_of_every_screen_in_both_languages(qapp, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    r = subprocess.run([sys.executable, "-m", "tools.screenshots", str(out)], capture_output=True, text=True,
                       env=env(), cwd=ROOT, timeout=180)
    assert r.returncode == 0, r.stderr
    expected = {f"{name}_{lang}.png" for name in SHOTS for lang in ("en", "ru")}
    assert {p.name for p in out.glob("*.png")} == expected
    for name in expected:
        image = QImage(str(out / name))
        assert image.width() >= 400 and image.height() >= 250, name
        # A real screen, not an empty canvas: many colours (text, borders, selection).
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 20, name
    main_en, main_ru = QImage(str(out / "main_en.png")), QImage(str(out / "main_ru.png"))
    assert main_en != main_ru  # the Russian window really is different


def test_screenshots_needs_a_folder() -> None:
    r = subprocess.run([sys.executable, "-m", "tools.screenshots"], capture_output=True, text=True, env=env(),
                       cwd=ROOT, timeout=60)
    assert r.returncode == 2 and "usage" in r.stderr
