"""Real server processes and real client command runs for tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Iterator

from lan_server import app

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "admin"
ADMIN_PASSWORD = "admin-pass-1"
_TEMPLATE: Path | None = None


def _template() -> Path:
    """One initialized server folder per test run; each server gets a cheap copy (argon2 and keys cost time)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = Path(tempfile.mkdtemp(prefix="organizer-template-")) / "server"
        app.init(_TEMPLATE, ADMIN_PASSWORD, "Test office")
    return _TEMPLATE


def _die_with_parent() -> None:
    """Even if the test process itself crashes hard, the processes it started end with it (Linux)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e.setdefault("QT_QPA_PLATFORM", "offscreen")
    return e


class ServerProcess:
    """`python -m lan_server serve` on 127.0.0.1, started and stopped by the test."""

    def __init__(self, data_dir: Path, *, fresh: bool = True, port: int = 0, discovery: bool = False,
                 extra: list[str] | None = None) -> None:
        self.data_dir = data_dir
        if fresh and not (data_dir / app.CONFIG_FILE).exists():
            shutil.copytree(_template(), data_dir, dirs_exist_ok=True)
        self.port = port
        self.discovery = discovery
        self.extra = extra or []
        self.proc: subprocess.Popen[str] | None = None
        self.address = ""
        self.web_url = ""  # https://127.0.0.1:PORT/, the web port (a free one unless `extra` names one)
        self.fingerprint = ""
        self.admin_user = ADMIN
        self.admin_password = ADMIN_PASSWORD

    def start(self, timeout: float = 20.0) -> ServerProcess:
        cmd = [sys.executable, "-m", "lan_server", "serve", str(self.data_dir), "--host", "127.0.0.1",
               "--port", str(self.port)]
        if self.discovery:
            cmd += ["--discovery-interface", "127.0.0.1"]
        else:
            cmd.append("--no-discovery")
        if not any(a.startswith(("--web-port", "--no-web")) for a in self.extra):
            cmd += ["--web-port", "0"]
        self.proc = subprocess.Popen(cmd + self.extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env(), cwd=ROOT, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                err = self.proc.stderr.read() if self.proc.stderr else ""
                raise RuntimeError(f"server did not start: {err}")
            if line.startswith("listening on "):
                self.address = line.split()[-1]
                self.port = int(self.address.rsplit(":", 1)[1])
            elif line.startswith("web on "):
                self.web_url = line.split()[-1]
            elif line.startswith("fingerprint "):
                self.fingerprint = line.split()[-1]
                return self
        self.kill()
        raise RuntimeError("server did not print its address in time")

    def stop(self, timeout: float = 10.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        code = self.proc.returncode
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()
        self.proc = None
        return code

    def kill(self) -> None:
        reap(self.proc, timeout=5)
        self.stop()

    def restart(self) -> ServerProcess:
        """Stop and start on the same port, so clients find it where it was."""
        self.stop()
        return self.start()

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `python -m lan_server ARGS` against this server's folder (works while it runs)."""
        return subprocess.run([sys.executable, "-m", "lan_server", *args], capture_output=True, text=True,
                              env=env(), cwd=ROOT, timeout=60)

    def add_user(self, name: str, password: str, role: str = "manager", **kw: Any) -> None:
        extra = [f"--{k.replace('_', '-')}={v}" for k, v in kw.items()]
        r = self.manage("user", "add", str(self.data_dir), name, "--password", password, "--role", role, *extra)
        assert r.returncode == 0, r.stderr


def wait_for(cond: Any, timeout: float = 15.0) -> bool:
    """Poll `cond()` until it holds or `timeout` seconds pass (tests never wait unbounded)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)
    return bool(cond())


def reap(*procs: subprocess.Popen[Any] | None, timeout: float = 10.0) -> None:
    """A test's own child processes, killed if still running and collected with their pipes (a test's `finally`:
    a failed assertion must not leave one running, nor its pipes open)."""
    for proc in procs:
        if proc is None:
            continue
        if proc.poll() is None:
            proc.kill()
        try:
            proc.communicate(timeout=timeout)
        # TimeoutExpired: a grandchild still holds its pipes; ValueError: the test closed the child's stdin itself
        # (its end of input), which communicate would flush. Either way let go of the pipes all the same.
        except (subprocess.TimeoutExpired, ValueError):
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream:
                    stream.close()
            proc.wait(timeout)


def client(profile: Path, *args: str, input: str | None = None, timeout: float = 60,
           process: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the command `python -m client --profile PROFILE ARGS` as a user would: its exit code, what it printed.

    In this process, through the same entry point, unless `process` is asked for or stdin is fed (`apply`): a test
    that kills or times the command needs its own process; the others save starting a Python per step."""
    argv = ["--profile", str(profile), *args]
    if process or input is not None:
        return subprocess.run([sys.executable, "-m", "client", *argv], capture_output=True, text=True, env=env(),
                              cwd=ROOT, timeout=timeout, input=input)
    import io

    from client.__main__ import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as e:  # argparse's usage errors and --help
            code = e.code if isinstance(e.code, int) else 1
    return subprocess.CompletedProcess(["client", *argv], code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def server_in_thread(data: Path) -> Iterator[tuple[Any, str]]:
    """A new office server run in this process on 127.0.0.1 (its limits can be patched, no process to
    start): yields the running ServiceRunner and the admin password; stopped and joined on the way out."""
    from lan_server.service import prepare
    from lan_server.service_runner import ServiceRunner
    password = prepare(data)
    assert password, "the folder already holds a server"
    runner = ServiceRunner(data, host="127.0.0.1", port=0, discovery=False, web_port=0)
    serving = threading.Thread(target=runner.run, name="test-server")
    serving.start()
    try:
        assert runner.listening.wait(30) and runner.address, "the server did not start"
        yield runner, password
    finally:
        runner.stop(30)
        serving.join(30)
