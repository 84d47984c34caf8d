"""installers/run.sh as a first-time user runs it: creates the server, shows the password once, serves."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from tests.servers import ROOT, client


def start(data: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """`run.sh --server-only` started, and what it printed up to the server's fingerprint."""
    proc = subprocess.Popen(["sh", "installers/run.sh", "--server-only", "--data", str(data), "--port", "0"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    assert proc.stdout is not None
    for _ in range(40):
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("fingerprint"):
            break
    return proc, "".join(lines)


def test_first_start_creates_a_server_and_shows_the_admin_password_once(tmp_path: Path) -> None:
    data = tmp_path / "office"
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    proc, text = start(data, env)
    try:
        password = re.search(r"Administrator password: (\S+)", text)
        address = re.search(r"listening on (127\.0\.0\.1:\d+)", text)
        assert password and address, text + (proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        r = client(tmp_path / "pc", "login", address.group(1), "--user", "admin", "--password", password.group(1))
        assert r.returncode == 0, r.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)
    assert (data / "server.json").exists() and (data / "organizer.db").exists()
    # The second start reuses the server and does not show a password again.
    again = subprocess.Popen(["sh", "installers/run.sh", "--server-only", "--data", str(data), "--port", "0"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert again.stdout is not None
        first = ""
        for _ in range(10):
            first = again.stdout.readline()
            if first.startswith("listening on") or not first:
                break
        assert first.startswith("listening on 127.0.0.1:")
    finally:
        again.send_signal(signal.SIGTERM)
        out, _ = again.communicate(timeout=20)
    assert "Administrator password" not in first + out


def test_a_second_start_while_the_server_runs_does_not_fail(tmp_path: Path) -> None:
    """The second run.sh used to fail with "cannot listen": now it says the server runs (and opens the window)."""
    data = tmp_path / "office"
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    first = subprocess.Popen(["sh", "installers/run.sh", "--server-only", "--data", str(data), "--port", "0"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert first.stdout is not None
        for _ in range(40):
            if first.stdout.readline().startswith("fingerprint"):
                break
        second = subprocess.run(["sh", "installers/run.sh", "--server-only", "--data", str(data), "--port", "0"],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0 and "already running" in second.stdout, second.stdout + second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=20)


def test_the_first_start_speaks_the_systems_language(tmp_path: Path) -> None:
    """On a Russian system the first start's words, the administrator's password among them, are Russian."""
    data = tmp_path / "office"
    proc, text = start(data, {**os.environ, "HOME": str(tmp_path / "home"), "ORGANIZER_LANG": "ru"})
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=20)
    assert "Сервер офиса создан в папке:" in text and re.search(r"Пароль администратора: \S+", text), text
    assert "Запишите пароль сейчас" in text and "Administrator" not in text


def _windows_of(parent: int) -> list[int]:
    """The window processes (`python -m client`, no command) that run.sh's launcher started."""
    found = []
    for task in Path(f"/proc/{parent}/task").glob("*/children"):
        for pid in task.read_text().split():
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argv[-3:] == [b"-m", b"client", b""]:
                found.append(int(pid))
    return found


def test_a_crashing_window_does_not_stop_the_office_server(tmp_path: Path) -> None:
    """The window ends with a segfault (as Qt's print support did on a PC without a print system): the office
    server run.sh started goes on serving, and the window is started again."""
    from tests.servers import wait_for
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "QT_QPA_PLATFORM": "offscreen", "ORGANIZER_LANG": "en"}
    proc = subprocess.Popen(["sh", "installers/run.sh", "--data", str(tmp_path / "office"), "--port", "0"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert proc.stdout is not None
        text = ""
        for _ in range(40):
            line = proc.stdout.readline()
            text += line
            if not line or line.startswith("fingerprint"):
                break
        password = re.search(r"Administrator password: (\S+)", text)
        address = re.search(r"listening on (127\.0\.0\.1:\d+)", text)
        assert password and address, text
        assert wait_for(lambda: len(_windows_of(proc.pid)) == 1, 60), "the window did not start"
        first = _windows_of(proc.pid)[0]
        time.sleep(1.0)  # the window is up and syncing when it crashes
        os.kill(first, signal.SIGSEGV)
        assert wait_for(lambda: _windows_of(proc.pid) not in ([], [first]), 60), "the window was not started again"
        assert proc.poll() is None
        r = client(tmp_path / "pc", "login", address.group(1), "--user", "admin", "--password", password.group(1))
        assert r.returncode == 0, r.stderr  # the server still serves the office
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert "The window closed unexpectedly (code -11); the office server keeps running." in err, err
