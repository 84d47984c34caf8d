"""`python -m tools.build_translations` writes the core's catalog as the same bytes for the same messages, whenever
and wherever it runs: two builds (here in two time zones, as on two engineers' PCs) give equal .po and .mo files,
so a merge of two branches that both rebuilt it has nothing to conflict on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.servers import ROOT, env

_BUILD = """
import sys
from pathlib import Path
from tools import core_catalog
core_catalog.write(Path(sys.argv[1]) / "organizer-core.po", Path(sys.argv[1]) / "organizer-core.mo")
"""


def _build(out: Path, zone: str) -> tuple[bytes, bytes]:
    subprocess.run([sys.executable, "-c", _BUILD, str(out)], env={**env(), "TZ": zone}, cwd=ROOT, check=True,
                   timeout=120, capture_output=True)
    return (out / "organizer-core.po").read_bytes(), (out / "organizer-core.mo").read_bytes()


def test_two_builds_of_the_core_catalog_are_the_same_bytes(tmp_path: Path) -> None:
    po, mo = _build(tmp_path / "one", "UTC")
    again_po, again_mo = _build(tmp_path / "two", "Asia/Vladivostok")
    assert mo[:4] == b"\xde\x12\x04\x95" and len(mo) > 1000  # a real little-endian .mo with the messages in it
    assert again_po == po
    assert again_mo == mo
