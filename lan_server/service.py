"""The server run by a service manager: started and stopped from another thread (the Windows service)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lan_server import app
from lan_server.service_runner import service_data_dir


def new_admin_password() -> str:
    """A password that passes the server's rule (letters and digits), for a server made by Setup.exe."""
    import secrets
    import string
    alphabet = string.ascii_letters + string.digits
    return "Adm" + "".join(secrets.choice(alphabet) for _ in range(9)) + "7"


def prepare(data_dir: Path, password: str | None = None) -> str | None:
    """Make the office server in `data_dir` unless there is one, its administrator with `password` (checked by the
    server's rule) or a new one; returns the administrator's password when it made the server, else None."""
    if (data_dir / app.CONFIG_FILE).exists():
        return None
    password = password or new_admin_password()
    app.init(data_dir, password, None, None)
    return password


def _cmd_service(args: argparse.Namespace) -> int:
    data_dir = args.data or service_data_dir()
    if args.action == "prepare":
        try:
            password = prepare(data_dir, args.admin_password)
        except ValueError as e:  # a password given that the server's rule refuses
            print(f"error: {e}", file=sys.stderr)
            return 2
        print(f"data folder: {data_dir}")
        if password:
            print("administrator: admin")
            if not args.admin_password:  # one given was typed by whoever installs: not printed back
                print(f"Administrator password: {password}")
        return 0
    if sys.platform != "win32":
        print("error: the Windows service exists on Windows only; on Linux use installers/organizer-server.service",
              file=sys.stderr)
        return 2
    from lan_server import winservice
    if args.action == "run":
        winservice.dispatch()
    elif args.action == "install":
        winservice.install()
    else:
        winservice.control(args.action)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("service", help="the office server as a Windows service (install, start, stop, remove)")
    p.add_argument("action", choices=["prepare", "install", "start", "stop", "remove", "run"],
                   help="prepare: make the server's data folder if there is none (shows the admin password once)")
    p.add_argument("--data", type=Path, help="data folder (default: the machine's shared data folder)")
    p.add_argument("--admin-password", help="prepare: the administrator's password (Setup.exe /ADMINPASSWORD=...); "
                   "without it one is made and shown")
    p.set_defaults(func=_cmd_service)
