"""A real X server with a window manager (Xvfb and openbox) and, when asked, a print system of its own (a private
cupsd with one PDF printer): for the window journeys that offscreen rendering does not show (tests) and for the
scripted tour (tools/tour.py)."""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

PDF_PPD = Path("/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def missing_x() -> str | None:
    """What this machine lacks for an X journey (installers/test.sh installs it when run as root), or None."""
    absent = [tool for tool in ("Xvfb", "openbox") if shutil.which(tool) is None]
    return f"not installed: {', '.join(absent)}" if absent else None


def missing_printing() -> str | None:
    absent = [tool for tool in ("cupsd", "lpadmin") if shutil.which(tool, path="/usr/sbin:/usr/bin") is None]
    if not PDF_PPD.exists():
        absent.append(str(PDF_PPD))
    return f"not installed: {', '.join(absent)}" if absent else None


@contextlib.contextmanager
def x_display(width: int = 1366, height: int = 768) -> Iterator[str]:
    """A new X server on a free display number (Xvfb picks it) with openbox managing its windows; yields DISPLAY."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten",
                             "tcp", "-noreset"], pass_fds=(write,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write)
    wm: subprocess.Popen[bytes] | None = None
    try:
        number = b""
        end = time.monotonic() + 20
        while not number.endswith(b"\n") and time.monotonic() < end:
            if select.select([read], [], [], 0.5)[0]:
                chunk = os.read(read, 16)
                if not chunk:
                    break
                number += chunk
        if not number.strip():
            raise RuntimeError("Xvfb did not start")
        display = f":{number.decode().strip()}"
        wm = subprocess.Popen(["openbox", "--sm-disable"], env={**os.environ, "DISPLAY": display},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)  # openbox takes the screen before the first window maps
        yield display
    finally:
        os.close(read)
        if wm is not None:
            _stop(wm)
        _stop(xvfb)


@dataclass
class PrintSystem:
    server: str       # CUPS_SERVER for the programs that print: the private cupsd's socket
    printer: str      # the one printer, the default
    output: Path      # where the printer writes what it printed (a PDF)


_CUPSD_CONF = """Listen {root}/cups.sock
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""
_FILES_CONF = """ServerRoot {root}/conf
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/spool
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
FileDevice Yes
"""


@contextlib.contextmanager
def print_system(printer: str = "Office_PDF") -> Iterator[PrintSystem]:
    """A cupsd of the test's own, on a socket in a folder of its own, with one PDF printer (the Generic PDF
    driver of cups-filters writing to a file): a PC with a printer, without touching the machine's print setup."""
    root = Path(tempfile.mkdtemp(prefix="organizer-cups-"))
    root.chmod(0o755)  # the filters run as lp, and write the printed file here
    for sub in ("conf", "spool", "cache", "state", "log", "out"):
        (root / sub).mkdir()
        (root / sub).chmod(0o777)
    (root / "conf" / "cupsd.conf").write_text(_CUPSD_CONF.format(root=root))
    (root / "conf" / "cups-files.conf").write_text(_FILES_CONF.format(root=root))
    output = root / "out" / "printed.pdf"
    env = {**os.environ, "CUPS_SERVER": str(root / "cups.sock")}
    cupsd = subprocess.Popen(["/usr/sbin/cupsd", "-f", "-c", str(root / "conf" / "cupsd.conf"), "-s",
                              str(root / "conf" / "cups-files.conf")], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 20
        while not (root / "cups.sock").exists() and time.monotonic() < end and cupsd.poll() is None:
            time.sleep(0.05)
        if not (root / "cups.sock").exists():
            raise RuntimeError(f"cupsd did not start: {(root / 'log' / 'error_log').read_text(errors='replace')}"
                               if (root / "log" / "error_log").exists() else "cupsd did not start")
        for args in (["-p", printer, "-E", "-v", f"file://{output}", "-P", str(PDF_PPD)], ["-d", printer]):
            subprocess.run(["/usr/sbin/lpadmin", *args], env=env, check=True, capture_output=True, timeout=30)
        yield PrintSystem(str(root / "cups.sock"), printer, output)
    finally:
        _stop(cupsd)
        shutil.rmtree(root, ignore_errors=True)
