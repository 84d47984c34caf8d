"""The shared core (protocol and records) must stay light: importing it loads no Qt."""

from __future__ import annotations

import subprocess
import sys


def test_shared_core_loads_no_qt() -> None:
    code = ("import sys, lan_server.protocol, lan_server.records; "
            "bad = [m for m in sys.modules if m.startswith(('PyQt6', 'client'))]; print(bad); assert not bad")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def test_client_core_loads_no_qt() -> None:
    code = ("import sys, client.core.sync, client.cli.records, client.core.replica; "
            "bad = [m for m in sys.modules if m.startswith('PyQt6')]; assert not bad, bad")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
