"""Runs `pouchdb_peer.js` (PouchDB with express-pouchdb on 127.0.0.1), installing it first with npm."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def run(*args: str | int, timeout: float = 900) -> dict[str, Any] | None:
    """The peer's figures as a map; None, with the reason printed, where Node.js is not on this machine."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        print("PouchDB peer: Node.js (node and npm) is not installed here; its figures are left out")
        return None
    if not (HERE / "node_modules" / "pouchdb").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=600,
                       stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run([node, "pouchdb_peer.js", *map(str, args), folder], cwd=HERE, capture_output=True,
                              text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"the PouchDB peer failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
