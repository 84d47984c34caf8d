"""Lint, types, import rules and structure: each check of `python -m tools.check`, as a test of its own (so they
run side by side)."""

from __future__ import annotations

import pytest

from tools import check


@pytest.mark.parametrize("name", list(check.commands()))
def test_the_check_passes(name: str) -> None:
    result = check.run(name)
    assert result.returncode == 0, result.stdout + result.stderr
