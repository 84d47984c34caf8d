"""Starts the organizer on this PC for run.sh and run.bat: the office server (made on first start) and the window.

Run by both launch scripts with the project's Python, after they installed the project: the password rule and
the "server already running" check are the server's own.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from client.core.i18n import _, from_environment, set_language
from lan_server.backups import server_running
from lan_server.service import new_admin_password

WINDOW_RETRIES = 3      # a window that fails more often than this ...
WINDOW_RETRY_S = 120.0  # ... within this many seconds is not started again; the server goes on
HELP = """examples:
  run.sh / run.bat                  only this PC can connect (127.0.0.1): a safe first try
  run.sh --lan                      the whole office can connect; the server announces itself
  run.sh --lan --server-only        just the server (for the office server PC), no window
  run.sh --client                   just the window, for a colleague's PC (it finds the office server)"""


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="run", description="Start the organizer on this PC.", epilog=HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lan", action="store_true", help="let the office network connect (port 7755) and announce")
    p.add_argument("--server-only", action="store_true", help="run just the server, no window")
    p.add_argument("--client", action="store_true", help="just the window, for a colleague's PC")
    p.add_argument("--data", type=Path, help="the server's data folder")
    p.add_argument("--port", type=int, default=7755, help="the server's port (default 7755; 0: any free port)")
    p.add_argument("--web-port", type=int, default=None,
                   help="the port for browsers and phones (default 7756; any free one when --port is 0)")
    return p.parse_args(argv)


def default_data() -> Path:
    import platformdirs  # installed with the project
    return Path(platformdirs.user_data_dir("lan-organizer", appauthor=False)) / "server"


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def wait_for_listening(log: Path, server: subprocess.Popen[bytes], seconds: float = 30.0) -> str | None:
    """The `listening on HOST:PORT` line of the server's log, or None when it stopped or did not start in time."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if log.exists():
            for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("listening on"):
                    return line
        if server.poll() is not None:
            return None
        time.sleep(0.2)
    return None


def run_window(server: subprocess.Popen[bytes] | None = None) -> int:
    """The window, until the user closes it. A window that ends any other way (a crash in a library, an error it
    could not survive) is started again: the office server the other PCs work with must not stop with it. When it
    keeps failing, the server goes on alone until Ctrl+C."""
    failures: list[float] = []
    while True:
        code = subprocess.call(python("-m", "client"))
        if code == 0 or server is None or server.poll() is not None:
            return code
        now = time.monotonic()
        failures = [t for t in failures if now - t < WINDOW_RETRY_S] + [now]
        print(_("The window closed unexpectedly (code {code}); the office server keeps running.").format(code=code),
              file=sys.stderr, flush=True)
        if len(failures) > WINDOW_RETRIES:
            print(_("The window keeps failing; its log is in the organizer's data folder. The office server goes on "
                    "serving the office: Ctrl+C stops it."), file=sys.stderr, flush=True)
            return server.wait()
        print(_("Starting the window again ..."), file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    args = parse(argv)
    set_language(from_environment())  # the first start's words in the user's language, as the window's
    if args.client:
        return subprocess.call(python("-m", "client"))
    data = args.data or default_data()
    password = None
    if not (data / "server.json").exists():
        password = new_admin_password()
        subprocess.run(python("-m", "lan_server", "init", str(data), "--admin-password", password), check=True,
                       stdout=subprocess.DEVNULL)
        print("=" * 60)
        print(" " + _("The office server was created in: {folder}").format(folder=data))
        print(" " + _("Administrator login:  {name}").format(name="admin"))
        print(" " + _("Administrator password: {password}").format(password=password))
        print(" " + _("Write the password down now: it is shown only this once."))
        print("=" * 60, flush=True)
    if server_running(data):
        # A second start while the office server already runs here: the window is what the user wants.
        print(_("The office server is already running ({folder}).").format(folder=data), flush=True)
        return 0 if args.server_only else subprocess.call(python("-m", "client"))
    web_port = args.web_port if args.web_port is not None else (0 if args.port == 0 else 7756)
    serve = python("-m", "lan_server", "serve", str(data), "--port", str(args.port), "--web-port", str(web_port))
    if not args.lan:
        serve += ["--host", "127.0.0.1", "--no-discovery"]
    if args.server_only:
        print(_("Starting the server (Ctrl+C stops it) ..."), flush=True)
        if os.name == "posix":
            os.execv(sys.executable, serve)  # the server itself gets the service manager's signals
        return subprocess.call(serve)
    log = data / "server.log"
    log.unlink(missing_ok=True)
    with open(log, "wb") as out:
        server = subprocess.Popen(serve, stdout=out, stderr=subprocess.STDOUT)
    try:
        listening = wait_for_listening(log, server)
        if listening is None:
            server.terminate()
            print(_("error: the server did not start; its log says:"), file=sys.stderr)
            print(log.read_text(encoding="utf-8", errors="replace"), file=sys.stderr)
            return 1
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(("listening on", "web on", "fingerprint")):
                print(line)
        connect = "127.0.0.1:" + listening.rsplit(":", 1)[1]  # this PC reaches its own server on 127.0.0.1
        if args.lan:
            print(_("Colleagues: start the organizer on your PC and pick this server from the list,"))
            print(_("or type this PC's network address with port {port}.").format(port=args.port))
        sys.stdout.flush()
        if password is not None:
            subprocess.run(python("-m", "client", "login", connect, "--user", "admin", "--password", password),
                           check=True, stdout=subprocess.DEVNULL)
        else:  # started on another --port than last time: the window follows its server there
            subprocess.run(python("-m", "client", "server", connect), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        return run_window(server)
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
