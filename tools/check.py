"""Every check of the code in one command: ruff, mypy on the product code, import-linter's contracts (what may
import what, docs/LAYERS.md) and the structure rules (tools/structure.py). `python -m tools.check` from a
checkout; the test suite runs each of them (tests/test_checks.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINTED = ("lan_server", "client", "plugins", "tests", "tools", "installers")
TYPED = ("lan_server", "client", "plugins")  # all product code, the window included


def _tool(name: str, module: str) -> list[str]:
    """The venv's own program when there is one (a checkout's .venv), else the module run by this Python."""
    for folder in (Path(sys.executable).parent, ROOT / ".venv" / "bin"):
        exe = shutil.which(name, path=str(folder))
        if exe:
            return [exe]
    return [sys.executable, "-m", module]


def commands() -> dict[str, list[str]]:
    return {
        "ruff": [*_tool("ruff", "ruff"), "check", *LINTED],
        "mypy": [*_tool("mypy", "mypy"), *TYPED],
        "import rules": [*_tool("lint-imports", "importlinter.cli")],
        "structure": [sys.executable, "-m", "tools.structure"],
    }


def run(name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(commands()[name], cwd=ROOT, capture_output=True, text=True, timeout=600)


def main() -> int:
    failed = []
    for name in commands():
        result = run(name)
        status = "ok" if result.returncode == 0 else "FAILED"
        print(f"{name}: {status}")
        if result.returncode != 0:
            failed.append(name)
            print(result.stdout + result.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
