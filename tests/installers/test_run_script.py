"""installers/run.sh as a first-time user runs it: creates the server, shows the password once, serves."""

from __future__ import annotations

import os
import re
import signal
import subprocess
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
