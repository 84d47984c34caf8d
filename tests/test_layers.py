"""The structure checks see what they are for (tests/test_checks.py runs them on the product: import-linter's
contracts, no import circle, no private name imported, no module over 600 lines)."""

from __future__ import annotations

from pathlib import Path

from tools import structure


def test_a_new_circle_or_private_import_is_found(tmp_path: Path) -> None:
    """The checks see what they are for: a circle made by an import inside a function or by one only the type
    checker reads, a private name taken, a long module."""
    package = tmp_path / "client" / "core"
    package.mkdir(parents=True)
    (tmp_path / "client" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from client.core.b import _hidden\n\n\ndef f():\n    return _hidden\n")
    (package / "b.py").write_text("_hidden = 1\n\n\ndef g():\n    from client.core import a\n    return a\n")
    (package / "d.py").write_text("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
                                  "    from client.core.e import E\n")
    (package / "e.py").write_text("from client.core import d\n\nE = d\n")
    # a function-local import closes one circle; a type checker's import closes the other
    assert structure.circles(tmp_path) == [["client.core.a", "client.core.b"], ["client.core.d", "client.core.e"]]
    assert structure.private_imports(tmp_path) == ["client/core/a.py:1: _hidden from client.core.b"]
    (package / "c.py").write_text("x = 1\n" * (structure.MAX_LINES + 1))
    assert structure.long_modules(tmp_path) == [f"client/core/c.py: {structure.MAX_LINES + 1} lines"]
