"""`python -m lan_server init|serve|user|role|backup|restore`: set up and run the office server."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Callable

from lan_server import app
from lan_server.config import find_company
from lan_server.records import Store

# Commands on one company's data: `--company` points them at its folder (init: adds the company).
COMPANY_COMMANDS = ("init", "user", "role", "series", "backup", "restore")
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []  # type: ignore[type-arg]


def _cmd_init(args: argparse.Namespace) -> int:
    try:
        info = app.init(args.data_dir, args.admin_password, args.name, args.database, company=args.company)
    except app.SetupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.company:
        print(f"added company {info['name']!r} to the server in {args.data_dir} "
              f"(its folder: {args.data_dir / 'companies' / info['company']})")
    else:
        print(f"created server {info['name']!r} in {args.data_dir}")
    print("administrator: admin")
    print(f"fingerprint {info['fingerprint']}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return app.serve(args.data_dir, args.host, args.port, discovery=not args.no_discovery,
                     discovery_interface=args.discovery_interface, database=args.database,
                     web_port=None if args.no_web else args.web_port)


@app.admin_command
def _cmd_user(store: Store, args: argparse.Namespace) -> int:
    from lan_server.auth import Users
    users = Users(store)
    if args.action == "add":
        if not args.password:
            print("error: --password is required", file=sys.stderr)
            return 2
        users.add(args.name, args.password, args.role, full_name=args.full_name or "", groups=args.groups or "")
        print(f"added {args.name} ({args.role})")
    elif args.action == "passwd":
        users.set_password(args.name, args.password or "")
        print(f"password of {args.name} changed; the user's PCs must log in again")
    elif args.action == "disable":
        users.set_disabled(args.name, True)
        print(f"disabled {args.name}; all their PCs are logged out")
    elif args.action == "enable":
        users.set_disabled(args.name, False)
        print(f"enabled {args.name}")
    elif args.action == "role":
        users.set_role(args.name, args.role)
        print(f"{args.name} is now {args.role}")
    elif args.action == "list":
        for u in users.all():
            print(f"{u.name}\t{u.role}\t{'disabled' if u.disabled else 'active'}\t{u.full_name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from lan_server import __version__
    parser = argparse.ArgumentParser(prog="python -m lan_server", description="The office organizer server.")
    parser.add_argument("--version", action="version", version=f"LAN organizer server {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init", help="create a server: database, admin user, TLS certificate")
    p.add_argument("data_dir", type=Path)
    p.add_argument("--admin-password", required=True, help="at least 8 characters, letters and digits")
    p.add_argument("--name", help="name shown to the office PCs")
    p.add_argument("--database", help="postgresql://user:pw@host/db instead of the built-in SQLite file")
    p.set_defaults(func=_cmd_init)

    p = sub.add_parser("serve", help="run the server")
    p.add_argument("data_dir", type=Path)
    p.add_argument("--host", default=None, help="address to listen on (default: all interfaces)")
    p.add_argument("--port", type=int, default=7755, help="TCP port; 0 picks a free one (default 7755)")
    p.add_argument("--web-port", type=int, default=7756,
                   help="HTTPS port for browsers and phones; 0 picks a free one (default 7756)")
    p.add_argument("--no-web", action="store_true", help="no web port: only the office PCs connect")
    p.add_argument("--no-discovery", action="store_true", help="do not announce the server over zeroconf")
    p.add_argument("--discovery-interface", help="announce only on the interface with this IP address")
    p.add_argument("--database", help="database URL overriding the one given at init")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("user", help="add, disable, enable, list users; change a password or role")
    p.add_argument("action", choices=["add", "disable", "enable", "passwd", "role", "list"])
    p.add_argument("data_dir", type=Path)
    p.add_argument("name", nargs="?", default="")
    p.add_argument("--password")
    p.add_argument("--role", default="manager")
    p.add_argument("--full-name")
    p.add_argument("--groups", help="comma-separated group names")
    p.set_defaults(func=_cmd_user)

    for add in EXTRA_COMMANDS:
        add(sub)
    for command, p in sub.choices.items():
        if command in COMPANY_COMMANDS:
            p.add_argument("--company", metavar="NAME",
                           help="the company (its name or folder) this is for, on a server of several; "
                                "with init: add this company to the server")
    return parser


def main(argv: list[str] | None = None) -> int:
    import importlib.util

    from lan_server.console import utf8_output
    utf8_output()
    for extra in ("lan_server.backups", "lan_server.numbering", "lan_server.roles", "lan_server.service",
                  "lan_server.rebuild"):
        if importlib.util.find_spec(extra) is not None:
            mod = __import__(extra, fromlist=["add_commands"])
            if hasattr(mod, "add_commands"):
                EXTRA_COMMANDS.append(mod.add_commands)
    args = build_parser().parse_args(argv)
    from lan_server.records.versions import NewerData
    if getattr(args, "company", None) and args.command != "init":
        try:
            args.data_dir = find_company(args.data_dir, args.company).folder
        except app.SetupError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    try:
        if hasattr(args, "on_store"):  # a command on the office's store (lower modules do not open it themselves)
            return int(app.admin_command(args.on_store)(args))
        return int(args.func(args))
    except NewerData as e:  # an older release never writes data it does not know
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
