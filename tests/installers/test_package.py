"""The project as pip installs it (and as the Windows and Linux builds take it): its wheel carries every file the
programs read at run time, not only the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.servers import ROOT

RUNTIME_FILES = ("*.qm", "*.mo", "*.docx", "*.png", "*.svg", "*.ttf", "lan_server/web/static/*")


def test_the_wheel_carries_the_translations_and_every_file_read_at_run_time(tmp_path: Path) -> None:
    """A package_data value of several lines is read line by line: the Russian translations (.qm, .mo) were left out
    of every wheel, so Setup.exe installed an English-only organizer on Russian PCs. A pattern matches in the
    package's own folder only: the print forms' bundled font (documents/fonts/*.ttf) was left out, so no PDF could be
    made by the installed programs."""
    source = tmp_path / "source"  # the checkout's files alone: a build folder left by an earlier build hides gaps
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    wheel = next(tmp_path.glob("lan_organizer-*.whl"))
    inside = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "ls-files", *RUNTIME_FILES], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    wanted = {name for name in tracked if name.startswith(("client/", "lan_server/", "plugins/"))}
    assert {"client/ui/translations/organizer_ru.qm", "client/core/locale/ru/LC_MESSAGES/organizer-core.mo",
            "lan_server/documents/fonts/LiberationSans-Regular.ttf"} <= wanted
    assert wanted - inside == set()
