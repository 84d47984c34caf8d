"""Shared fixtures: real office servers on 127.0.0.1 and logged-in client profiles."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest

# The commands speak the system's language; tests read their English unless a test says otherwise.
os.environ.setdefault("ORGANIZER_LANG", "en")
# argon2-cffi's testing profile for every server the suite starts and for the servers' template made in this process
# (lan_server/auth.make_hasher reads it at import, so it is set before tests.servers imports the server); the
# production parameters are checked by tests/lan_server/test_auth.py
os.environ.setdefault("ORGANIZER_TEST_CHEAP_HASHES", "1")

from tests.servers import ServerProcess, client  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


_MEASURING = ("benchmark", "packaging", "soak")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (the default, setup.cfg): a worker per core, at most two, which halves the suite's time here. A run
    of benchmarks, soak or packaging tests measures time, so it runs alone (0: no workers)."""
    words = str(config.getoption("markexpr") or "").replace("(", " ").replace(")", " ").split()
    if any(w in _MEASURING and (i == 0 or words[i - 1] != "not") for i, w in enumerate(words)):
        return 0
    return max(1, min(2, os.cpu_count() or 1))


@pytest.fixture
def office_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A real `python -m lan_server serve` process on 127.0.0.1 with user admin / admin-pass-1."""
    server = ServerProcess(tmp_path / "server")
    try:
        yield server.start()
    finally:
        server.kill()


@pytest.fixture
def make_profile(tmp_path: Path, office_server: ServerProcess) -> Callable[..., Path]:
    """make_profile(name, user=admin, password=...) -> a client profile folder logged in to office_server."""
    def make(name: str, user: str = "admin", password: str = "admin-pass-1") -> Path:
        profile = tmp_path / f"profile-{name}"
        r = client(profile, "login", office_server.address, "--user", user, "--password", password)
        assert r.returncode == 0, r.stderr
        return profile
    return make


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    """Every thread a test starts must be gone when it ends (as python-zeroconf's suite checks), the app's daemon
    threads too: a daemon thread left running is a writer, a sync or a timer that nobody stopped."""
    before = set(threading.enumerate())
    yield
    deadline = 5.0
    import time
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        extra = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not extra:
            return
        time.sleep(0.05)
    raise AssertionError(f"threads outlived the test: {[t.name for t in extra]}")


@pytest.fixture(autouse=True)
def core_language_back() -> Iterator[None]:
    """A command run in this process with --lang ru leaves the core's messages in Russian; the next test starts
    in the language of the environment, as a new process would."""
    yield
    from client.core import i18n
    i18n.set_language(i18n.from_environment())


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Window settings (language, sound) of a test go to a folder of its own, never the user's."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    # Qt reads XDG_CONFIG_HOME once a process: without this, a test saw the panes an earlier test of its worker left.
    qtcore = sys.modules.get("PyQt6.QtCore")
    if qtcore is not None:
        for kind in (qtcore.QSettings.Format.NativeFormat, qtcore.QSettings.Format.IniFormat):
            qtcore.QSettings.setPath(kind, qtcore.QSettings.Scope.UserScope, str(folder))
