"""`python -m tools.build_translations` writes the core's catalog as the same bytes for the same messages, whenever
and wherever it runs: two builds (here in two time zones, as on two engineers' PCs) give equal .po and .mo files,
so a merge of two branches that both rebuilt it has nothing to conflict on."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

from tests.servers import ROOT, env
from tools import core_catalog

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


def test_the_compiled_catalogs_header_is_ours_and_names_no_tool_or_date(tmp_path: Path) -> None:
    """Babel writes its own version, a date and its own plural rule into a .mo's header, so another Babel (setup.cfg
    asks only for a lowest one) gave other bytes for the same messages. The header is written by us: what gettext
    reads (the charset and Russian's three plural forms) and nothing that depends on the tool."""
    _po, mo = _build(tmp_path, "UTC")  # written as organizer-core.mo in tmp_path
    with (tmp_path / "organizer-core.mo").open("rb") as compiled:
        russian = gettext.GNUTranslations(compiled)
    header = russian.info()
    assert header == {"project-id-version": "lan-organizer", "language": "ru", "mime-version": "1.0",
                      "content-type": "text/plain; charset=utf-8", "content-transfer-encoding": "8bit",
                      "plural-forms": core_catalog.PLURAL_FORMS}
    assert b"Babel" not in mo and b"Generated-By" not in mo
    assert russian.plural(1) == 0 and russian.plural(3) == 1 and russian.plural(5) == 2
