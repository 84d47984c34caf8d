"""Windows first: no module of ours imports a POSIX-only module, so every program starts on Windows too."""

from __future__ import annotations

import subprocess
import sys

from tests.servers import ROOT

WINDOWS_ONLY = ("lan_server.winservice",)  # pywin32's service framework: imported by the `service` command on Windows
POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource", "syslog", "posix", "tty", "pty", "crypt")

# Runs in a fresh interpreter: from then on, an import of a POSIX-only module made by our own code fails as
# it would on Windows. Libraries keep theirs: on Windows they take their Windows branch, which Linux cannot.
_BLOCK = f"""
import builtins, sys
_real = builtins.__import__
def _import(name, globals=None, locals=None, fromlist=(), level=0):
    ours = str((globals or {{}}).get("__name__", "")).split(".")[0] in ("lan_server", "client", "plugins")
    if ours and level == 0 and name.split(".")[0] in {POSIX_ONLY!r}:
        raise ModuleNotFoundError(f"No module named {{name!r}} (as on Windows)", name=name)
    return _real(name, globals, locals, fromlist, level)
builtins.__import__ = _import
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _BLOCK + code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})


def test_every_module_imports_without_posix_only_modules() -> None:
    r = _run(f"WINDOWS_ONLY = {WINDOWS_ONLY!r}" + """
import importlib, pkgutil
names = []
for package in ("lan_server", "client", "plugins"):
    root = importlib.import_module(package)
    names += [m.name for m in pkgutil.walk_packages(root.__path__, package + ".")
              if m.name not in WINDOWS_ONLY]
failed = []
for name in names:
    try:
        importlib.import_module(name)
    except Exception as e:
        failed.append(f"{name}: {e!r}")
print(len(names), "modules")
assert not failed, failed
""")
    assert r.returncode == 0, r.stdout + r.stderr
    assert int(r.stdout.split()[0]) > 60  # every module was walked, not a few


def test_the_blocker_really_blocks() -> None:
    r = _run("import lan_server\nexec('import fcntl', {'__name__': 'lan_server.x'})")
    assert r.returncode != 0 and "as on Windows" in r.stderr


def test_both_programs_answer_help_without_posix_only_modules() -> None:
    for module, words in (("lan_server", "serve"), ("client", "login")):
        r = _run(f"import runpy, sys\nsys.argv = ['{module}', '--help']\n"
                 f"try:\n    runpy.run_module('{module}', run_name='__main__')\nexcept SystemExit as e:\n"
                 f"    assert not e.code, e.code\n")
        assert r.returncode == 0, r.stdout + r.stderr
        assert words in r.stdout, r.stdout


def test_commands_print_cyrillic_through_a_pipe_as_on_an_english_windows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Seen under wine: `Organizer.exe list contact` died with UnicodeEncodeError in cp1252."""
    code = ("import sys, io\n"
            "sys.platform = 'win32'\n"  # take the Windows branch, with a cp1252 pipe as Windows gives one
            "sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding='cp1252')\n"
            "from lan_server.console import utf8_output\n"
            "utf8_output()\n"
            "print('Иван Петров | Тверь')\n"
            "sys.stdout.flush()\n"
            "sys.__stdout__.write(sys.stdout.buffer.getvalue().decode('utf-8'))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "Иван Петров | Тверь" in r.stdout, r.stderr
