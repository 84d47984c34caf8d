"""The shipped programs: the Windows Setup.exe built on Linux, run under wine, and the Linux PyInstaller build.

Marked `packaging` (about 15 minutes and 2 GB the first time): sh installers/test.sh -m packaging -s
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from tests.installers.conftest import VERSION, WINE, WindowsBuild
from tests.installers.wine_pc import debian
from tests.servers import ROOT, client

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(3600)]
PASSWORD = "Secret123"


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            found.put(line.strip())
    threading.Thread(target=read, name="test-server-output", daemon=True).start()
    return found


def serve_and_use(server: list[str], data: str, env: dict[str, str], pc: Path,
                  client_cmd: list[str] | None = None, also: Callable[[str], None] | None = None) -> None:
    """init, serve on 127.0.0.1, then a client logs in, adds a contact and a second PC lists it."""
    r = subprocess.run([*server, "init", data, "--admin-password", PASSWORD], env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "created server" in r.stdout, r.stdout + r.stderr
    proc = subprocess.Popen([*server, "serve", data, "--host", "127.0.0.1", "--port", "0", "--no-discovery"],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        output, seen, address = _lines(proc), [], ""
        end = time.monotonic() + 120
        while time.monotonic() < end and not address:
            try:
                line = output.get(timeout=1)
            except queue.Empty:
                assert proc.poll() is None, "the server stopped: " + "\n".join(seen)
                continue
            seen.append(line)
            if line.startswith("listening on "):
                address = line.split()[-1]
        assert address.startswith("127.0.0.1:"), "\n".join(seen)

        def use(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
            if client_cmd is None:
                return client(profile, *args)
            return subprocess.run([*client_cmd, "--profile", str(profile), *args], env=env, capture_output=True,
                                  text=True, timeout=120)
        for step in (("login", address, "--user", "admin", "--password", PASSWORD),
                     ("add", "contact", "name=Иван Петров", "city=Тверь"), ("sync",)):
            r = use(pc / "a", *step)
            assert r.returncode == 0, r.stdout + r.stderr
        r = use(pc / "b", "login", address, "--user", "admin", "--password", PASSWORD)
        assert r.returncode == 0, r.stdout + r.stderr
        r = use(pc / "b", "list", "contact")
        assert "Иван Петров" in r.stdout and "Тверь" in r.stdout, r.stdout + r.stderr
        if also is not None:
            also(address)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)


@pytest.fixture
def wine_env() -> Iterator[dict[str, str]]:
    env = {**os.environ, "WINEPREFIX": str(WINE / "wineprefix"), "WINEDEBUG": "-all", "WINEARCH": "win64",
           "WINEDLLOVERRIDES": "wbemprox=;mscoree=;mshtml=;bcryptprimitives=n"}
    try:
        yield env
    finally:
        if shutil.which("wineserver"):
            subprocess.run(["wineserver", "-k"], env=env, timeout=60, check=False)  # every Windows process ends


def install_stand_in_dll(env: dict[str, str]) -> None:
    """Windows 10 has ProcessPrng (Rust's random source); wine 8 lacks it: a test-only DLL gives it."""
    debian("gcc-mingw-w64-x86-64-win32", "x86_64-w64-mingw32-gcc")
    src = ROOT / "tests" / "installers" / "wine"
    target = Path(env["WINEPREFIX"]) / "drive_c" / "windows" / "system32" / "bcryptprimitives.dll"
    subprocess.run(["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", str(target), str(src / "bcryptprimitives.c"),
                    str(src / "bcryptprimitives.def"), "-ladvapi32"], check=True, timeout=120)


def test_windows_setup_exe_is_built_and_its_server_serves_linux_clients_under_wine(
        tmp_path: Path, wine_env: dict[str, str], windows_build: WindowsBuild) -> None:
    setup, folder, took = windows_build.setup, windows_build.folder, windows_build.minutes * 60
    assert setup.stat().st_size > 20_000_000
    debian("p7zip-full", "7z")  # Debian's p7zip reads NSIS installers
    listing = subprocess.run(["7z", "l", str(setup)], capture_output=True, text=True, timeout=120).stdout
    assert all(name in listing for name in ("Organizer.exe", "OrganizerServer.exe", "Uninstall.exe")), listing
    folder_mb = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
    print(f"\nWindows build: {took / 60:.1f} min; program folder {folder_mb:.0f} MB; "
          f"Setup.exe {setup.stat().st_size / 1e6:.0f} MB")
    install_stand_in_dll(wine_env)
    exe = str(folder / "OrganizerServer.exe")
    r = subprocess.run(["wine", exe, "--version"], env=wine_env, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=120)
    assert f"LAN organizer server {VERSION}" in r.stdout, r.stdout + r.stderr
    data = "Z:" + str(tmp_path / "office").replace("/", "\\")

    def windows_pc(address: str) -> None:
        """The built Organizer.exe as a colleague's PC: logs in and lists in Russian through a pipe."""
        window_exe, profile = str(folder / "Organizer.exe"), "Z:" + str(tmp_path / "win-pc").replace("/", "\\")
        for step in (["login", address, "--user", "admin", "--password", PASSWORD], ["list", "contact"]):
            r = subprocess.run(["wine", window_exe, "--profile", profile, *step], env=wine_env,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, r.stdout + r.stderr
        assert "Иван Петров" in r.stdout, r.stdout + r.stderr
    serve_and_use(["wine", exe], data, wine_env, tmp_path, also=windows_pc)


def test_linux_build_of_both_programs_serves_and_is_used_without_python(tmp_path: Path) -> None:
    started = time.monotonic()
    r = subprocess.run(["sh", "installers/build-linux.sh"], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    folder = ROOT / "build" / "linux" / "dist" / "Organizer"
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
    print(f"\nLinux build: {(time.monotonic() - started) / 60:.1f} min; folder {size:.0f} MB")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    r = subprocess.run([str(folder / "Organizer"), "--version"], env=env, capture_output=True, text=True, timeout=60)
    assert f"LAN organizer {VERSION}" in r.stdout, r.stdout + r.stderr
    serve_and_use([str(folder / "OrganizerServer")], str(tmp_path / "office"), env, tmp_path,
                  client_cmd=[str(folder / "Organizer")])
