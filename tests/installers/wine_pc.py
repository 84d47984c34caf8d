"""A Windows PC for the packaging tests: a fresh wine prefix (Russian Windows) in a private network namespace of its
own (so an installed service may listen on every address and announce itself, reaching nothing outside), with its
own screen (Xvfb and a window manager), stopped whole by the test."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

from tests.servers import ROOT

STAND_INS = ROOT / "tests" / "installers" / "wine"
UISETTINGS_KEY = r"HKLM\Software\Microsoft\WindowsRuntime\ActivatableClassId\Windows.UI.ViewManagement.UISettings"


def debian(package: str, command: str) -> None:
    """Install a Debian package the test needs (this machine's tests run as root), unless its command is there."""
    if not shutil.which(command):
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, capture_output=True, timeout=900)


def wine32() -> None:
    """The installers' NSIS stub is a 32-bit program: wine needs its 32-bit half (Debian's wine32, i386)."""
    if Path("/usr/lib/wine/i386-windows").is_dir():
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["dpkg", "--add-architecture", "i386"], check=True, timeout=60)
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True, timeout=900)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wine32:i386"], check=True, env=env, capture_output=True,
                   timeout=1800)


class WinePC:
    """Run Windows programs (`run`, `start`), read its screen (`windows`, `wait_window`, `screenshot`, `type`) and
    its files (`c`). Use as a context manager: everything it started ends with it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.prefix = folder / "prefix"
        self.netns = f"organizer-wine-{os.getpid()}"
        self.display = ""
        self._x: list[subprocess.Popen[bytes]] = []
        self._started: list[subprocess.Popen[str]] = []
        self._readers: list[threading.Thread] = []
        self.output: dict[int, list[str]] = {}  # what each started program printed, by process id

    # ---- set up and tear down

    def __enter__(self) -> WinePC:
        for package, command in (("xvfb", "Xvfb"), ("openbox", "openbox"), ("xdotool", "xdotool"),
                                 ("imagemagick", "import"), ("gcc-mingw-w64-x86-64-win32", "x86_64-w64-mingw32-gcc")):
            debian(package, command)
        wine32()
        try:
            subprocess.run(["ip", "netns", "add", self.netns], check=True, capture_output=True, timeout=30)
            subprocess.run(["ip", "netns", "exec", self.netns, "ip", "link", "set", "lo", "up"], check=True,
                           timeout=30)
            self._screen()
            self.prefix.mkdir(parents=True)  # wine makes the prefix itself, but not a missing folder above it
            r = self.run("wineboot", "--init", timeout=300)
            assert (self.prefix / "drive_c" / "windows" / "system32").is_dir(), f"wineboot made no prefix: {r.stdout}"
            self._stand_ins()
            # Windows keeps a service running with nobody logged in; wine keeps its services only while a program of
            # the session runs: this one waits on its input for as long as the PC is "on".
            self._keep(self._popen(["wine", "cmd.exe", "/k"], stdin=subprocess.PIPE))
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self._started:
            if proc.poll() is None:
                proc.kill()
        subprocess.run(["ip", "netns", "exec", self.netns, "wineserver", "-k"], env=self.env(), timeout=60,
                       capture_output=True, check=False)
        pids = subprocess.run(["ip", "netns", "pids", self.netns], capture_output=True, text=True).stdout.split()
        for pid in pids:  # whatever wine left in the private network (the service's process among them)
            subprocess.run(["kill", "-9", pid], capture_output=True, check=False)
        for proc in self._started:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        for reader in self._readers:
            reader.join(30)
        for x in reversed(self._x):
            x.kill()
            x.wait(30)
        subprocess.run(["ip", "netns", "del", self.netns], capture_output=True, timeout=30, check=False)

    def _screen(self) -> None:
        number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                      and not Path(f"/tmp/.X{n}-lock").exists())
        self.display = f":{number}"
        self._x.append(subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        end = time.monotonic() + 30
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            assert time.monotonic() < end, "Xvfb did not start"
            time.sleep(0.1)
        self._x.append(subprocess.Popen(["openbox"], env={**os.environ, "DISPLAY": self.display},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

    def _stand_ins(self) -> None:
        """What Windows 10 has and wine 8 lacks, for these tests only (never in the installer): ProcessPrng (Rust's
        random source) and the UISettings runtime class (Qt's system colours)."""
        system32 = self.prefix / "drive_c" / "windows" / "system32"
        for name in ("bcryptprimitives", "uisettings"):
            subprocess.run(["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", str(system32 / f"{name}.dll"),
                            str(STAND_INS / f"{name}.c"), str(STAND_INS / f"{name}.def"), "-ladvapi32"],
                           check=True, timeout=120)
        for value, kind, data in (("DllPath", "REG_SZ", r"C:\windows\system32\uisettings.dll"),
                                  ("ActivationType", "REG_DWORD", "0")):
            self.run("reg", "add", UISETTINGS_KEY, "/v", value, "/t", kind, "/d", data, "/f", "/reg:64")

    # ---- programs

    def env(self) -> dict[str, str]:
        # A Russian Windows has no ORGANIZER_LANG: the suite's own (English, for its messages) must not reach it.
        return {**{k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANGUAGE", "ORGANIZER_LANG"))},
                "WINEPREFIX": str(self.prefix), "WINEDEBUG": "-all", "WINEARCH": "win64", "DISPLAY": self.display,
                "LANG": "ru_RU.UTF-8",  # a Russian Windows: its display language, its code pages
                # WMI crashes wine 8 (argon2 asks it the machine type); no Mono or Gecko prompts
                "WINEDLLOVERRIDES": "wbemprox=;mscoree=;mshtml=;bcryptprimitives=n"}

    def _popen(self, argv: list[str], stdin: int = subprocess.DEVNULL) -> subprocess.Popen[str]:
        # Python under wine cannot start with a regular file as its output (init_sys_streams): always pipes.
        return subprocess.Popen(["ip", "netns", "exec", self.netns, *argv], env=self.env(), text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=stdin, errors="replace")

    def run(self, *argv: str, timeout: float = 600, wine: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a program inside this PC's network and wait for it to end: a Windows one (through wine) unless
        wine=False. Its end is the process's, not its output's: a Windows process it starts (the service an installer
        starts, wine's own services) inherits the output pipe and holds it open long after."""
        proc = self._popen(["wine", *argv] if wine else list(argv))
        lines: list[str] = []

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line)
        reader = threading.Thread(target=read, name="test-wine-run", daemon=True)
        reader.start()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)
            reader.join(5)
            raise AssertionError(f"{argv[0]} did not end within {timeout:.0f} s: {''.join(lines)[-2000:]}") from None
        reader.join(5)  # what it printed before it ended; a pipe still held by another process is let go
        return subprocess.CompletedProcess(argv, proc.returncode, "".join(lines), "")

    def start(self, *argv: str) -> subprocess.Popen[str]:
        """Start a Windows program and leave it running (ended with the PC); what it prints is in `output`."""
        return self._keep(self._popen(["wine", *argv]))

    def _keep(self, proc: subprocess.Popen[str]) -> subprocess.Popen[str]:
        lines = self.output.setdefault(proc.pid, [])

        def read() -> None:  # a pipe nobody reads would stop the program once full
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line.rstrip())
        reader = threading.Thread(target=read, name="test-wine-output", daemon=True)
        reader.start()
        self._readers.append(reader)
        self._started.append(proc)
        return proc

    def processes(self, pattern: str = ".") -> list[str]:
        """The command lines of this PC's running programs (wine's own among them) that match `pattern`, a regular
        expression searched case-insensitively (Windows paths: C:\\Program Files\\...\\Organizer.exe)."""
        pids = subprocess.run(["ip", "netns", "pids", self.netns], capture_output=True, text=True,
                              timeout=30).stdout.split()
        lines = []
        for pid in pids:
            try:
                line = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:  # ended meanwhile
                continue
            if re.search(pattern, line, re.IGNORECASE):
                lines.append(line.strip())
        return lines

    def c(self, path: str) -> Path:
        """A path on drive C:, as this machine sees it."""
        return self.prefix / "drive_c" / path.replace("\\", "/")

    # ---- the screen

    def _x_env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display}

    def window_ids(self, title_part: str = ".") -> list[str]:
        """The X ids of the visible windows whose title holds `title_part` (a regular expression)."""
        return subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title_part], env=self._x_env(),
                              capture_output=True, text=True, timeout=30).stdout.split()

    def windows(self) -> list[str]:
        """The titles of the visible windows."""
        titles = [subprocess.run(["xdotool", "getwindowname", i], env=self._x_env(), capture_output=True, text=True,
                                 timeout=30).stdout.strip() for i in self.window_ids()]
        return [t for t in titles if t]

    def wait_window(self, title_part: str, timeout: float = 180) -> float:
        """Seconds until a visible window whose title holds `title_part` appears."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if any(title_part in t for t in self.windows()):
                return time.monotonic() - started
            time.sleep(0.2)
        raise AssertionError(f"no window '{title_part}' within {timeout:.0f} s; there are: {self.windows()}")

    def act(self, *xdotool: str, timeout: float = 60) -> None:
        subprocess.run(["xdotool", *xdotool], env=self._x_env(), check=True, timeout=timeout)

    def close_window(self, title_part: str, program: subprocess.Popen[str], timeout: float = 60) -> None:
        """Close a window as a user does (Alt+F4, through the window manager) and wait for its program to end.

        A title may match several X windows (wine keeps hidden helper windows with the same name, and one may be
        gone by the time it is activated: X's BadWindow), so each is tried in turn until the program ends."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for wid in self.window_ids(title_part):
                try:
                    self.act("windowactivate", "--sync", wid, timeout=10)
                    self.act("key", "--clearmodifiers", "alt+F4", timeout=10)
                except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                    continue  # not a window that can be activated: the next one
                try:
                    program.wait(10)
                    return
                except subprocess.TimeoutExpired:
                    pass
            if program.poll() is not None:
                return
            time.sleep(1)
        raise AssertionError(f"'{title_part}' did not close within {timeout:.0f} s; there are: {self.windows()}")

    def screenshot(self, path: Path) -> Path:
        subprocess.run(["import", "-window", "root", str(path)], env=self._x_env(), check=True, timeout=60)
        return path
