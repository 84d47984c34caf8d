"""What may import what (docs/LAYERS.md): import-linter's contracts, no import circle (imports inside functions
count), no private name imported from another module, no product module over 600 lines."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.servers import ROOT
from tools import structure


def test_the_layers_hold() -> None:
    exe = shutil.which("lint-imports", path=str(ROOT / ".venv" / "bin")) or shutil.which("lint-imports")
    command = [exe] if exe else [sys.executable, "-m", "importlinter.cli"]
    r = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


def test_no_circle_no_private_import_no_long_module() -> None:
    assert structure.circles() == []
    assert structure.private_imports() == []
    assert structure.long_modules() == []


def test_a_new_circle_or_private_import_is_found(tmp_path: Path) -> None:
    """The checks see what they are for: a circle made by an import inside a function, a private name taken."""
    package = tmp_path / "client" / "core"
    package.mkdir(parents=True)
    (tmp_path / "client" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from client.core.b import _hidden\n\n\ndef f():\n    return _hidden\n")
    (package / "b.py").write_text("_hidden = 1\n\n\ndef g():\n    from client.core import a\n    return a\n")
    assert structure.circles(tmp_path) == [["client.core.a", "client.core.b"]]
    assert structure.private_imports(tmp_path) == ["client/core/a.py:1: _hidden from client.core.b"]
    (package / "c.py").write_text("x = 1\n" * (structure.MAX_LINES + 1))
    assert structure.long_modules(tmp_path) == [f"client/core/c.py: {structure.MAX_LINES + 1} lines"]
