"""The headless commands (`python -m client [--profile DIR] COMMAND ...`): a registry that feature modules fill."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO, cast

from client.core.i18n import _

# Exit codes, stable because office scripts check them.
OK = 0
ERROR = 1
USAGE = 2
UNREACHABLE = 3
AUTH_FAILED = 4
CERT_CHANGED = 5
BAD_INPUT = 6          # unknown kind or field, bad value, unreadable file
FORBIDDEN = 7
NOT_IN_STEP = 8        # sync ran but something is still waiting

# Modules that register commands with @command; each is optional so features can land independently. Each keeps
# what it loads at its top cheap (what its commands need is loaded by their handlers): a command's start loads every
# one of them to build the parser, and `import` should not wait for what `watch` or `document` need.
COMMAND_MODULES = (
    "client.cli.records",
    "client.cli.io",
    "client.cli.reminders",
    "client.cli.admin",
    "client.cli.sales",
    "client.cli.talk",
)


class CliError(Exception):
    def __init__(self, message: str, code: int = ERROR) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    profile: Path  # the folder of the copy the command works on
    root: Path | None = None  # the profile folder holding every company's copy (the copy itself, in tests)
    company: str | None = None  # as the user named it with --company
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _replica: Any = None

    @property
    def replica(self) -> Any:
        """The profile's replica, opened on first use (so `--help` and errors need no database)."""
        if self._replica is None:
            from client.core.plugins import registry
            from client.core.replica import Replica
            # a command ends when its work is done: the search text it writes in bulk is indexed by the window
            self._replica = Replica(self.profile, background_search=False)
            registry().attach(self._replica)
        return self._replica

    def close(self) -> None:
        if self._replica is not None:
            self._replica.close()
            self._replica = None


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Context, argparse.Namespace], int]


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, configure: Callable[[argparse.ArgumentParser], None] | None = None
            ) -> Callable[[Callable[[Context, argparse.Namespace], int]], Callable[[Context, argparse.Namespace], int]]:
    """Register `run(ctx, args) -> exit code` as a subcommand; `configure(parser)` adds its arguments."""
    def wrap(run: Callable[[Context, argparse.Namespace], int]) -> Callable[[Context, argparse.Namespace], int]:
        COMMANDS[name] = Command(name, help, configure or (lambda p: None), run)
        return run
    return wrap


def load_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:  # the feature's package is not there at all
            found = False
        if found:
            importlib.import_module(name)


class _CommandParser(argparse.ArgumentParser):
    """A command's parser that adds its arguments (Command.configure) only when its command is the one run: a
    command's configure may load what its choices come from."""

    configure: Callable[[argparse.ArgumentParser], None] | None = None

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self.configure is not None:
            configure, self.configure = self.configure, None
            configure(self)
        return super().parse_known_args(args, namespace)


def build_parser() -> argparse.ArgumentParser:
    load_commands()
    from client.core.plugins import registry
    for name, (text, run, configure) in registry().commands.items():  # what plugins added as they registered
        command(name, text, configure)(run)
    from lan_server import __version__
    parser = argparse.ArgumentParser(prog="python -m client", description=_("Office organizer client."))
    parser.add_argument("--version", action="version", version=f"LAN organizer {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--lang", choices=["en", "ru"], default=None,
                        help=_("the language of messages (default: the system's)"))
    parser.add_argument("--profile", type=Path, default=None,
                        help=_("folder with this PC's copy of the office data (default: the user's data folder)"))
    parser.add_argument("--company", metavar=_("NAME"), default=None,
                        help=_("the company to work in, on a server of several (default: the one last used)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for cmd in sorted(COMMANDS.values(), key=lambda c: c.name):
        p = cast(_CommandParser, sub.add_parser(cmd.name, help=_(cmd.help), description=_(cmd.help)))
        p.configure = cmd.configure
    return parser


def _log_fault(profile: Path, command: str) -> Path:
    """Write the exception being handled, with its traceback, to the copy's log; returns the log's path. The
    command is named, not its arguments (a password may be among them)."""
    import logging

    from client.core.errors import LOG_FILE, log_file_handler
    handler = log_file_handler(profile)
    log = logging.getLogger("organizer.command")
    log.addHandler(handler)
    try:
        log.exception("the command %s failed", command)
    finally:
        log.removeHandler(handler)
        handler.close()
    return profile / LOG_FILE


def _language(argv: list[str]) -> str:
    """--lang (read before the parser is built, so its help speaks it too), else the system's language."""
    from client.core import i18n as core_i18n
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("en", "ru"):
            return argv[i + 1]
        if arg in ("--lang=en", "--lang=ru"):
            return arg.split("=", 1)[1]
    return core_i18n.from_environment()


def main(argv: list[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    from client.core import i18n as core_i18n
    core_i18n.set_language(_language(sys.argv[1:] if argv is None else argv))
    argparse._ = core_i18n._  # type: ignore[attr-defined]  # its "usage:", "options", errors: in the catalog
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(out or sys.stdout)
        return USAGE
    from client.core import companies
    from client.core.errors import ClientError
    from client.core.replica import default_profile
    from lan_server.records.versions import NewerData
    root = args.profile or default_profile()
    company = args.company or getattr(args, "login_company", None)
    try:
        profile = companies.place_for(root, company, logging_in=args.command == "login")
    except ClientError as e:
        print(_("error: {message}").format(message=e), file=err or sys.stderr)
        return USAGE
    ctx = Context(profile=profile, root=root, company=company, out=out or sys.stdout, err=err or sys.stderr)
    try:
        return COMMANDS[args.command].run(ctx, args)
    except CliError as e:
        print(_("error: {message}").format(message=e), file=ctx.err)
        return e.code
    except NewerData as e:  # this PC's copy was written by a newer release: it stays untouched
        print(_("error: {message}").format(message=e), file=ctx.err)
        return ERROR
    except ClientError as e:  # the server or this PC's copy said no, in words (another program busy writing ...)
        print(_("error: {message}").format(message=e), file=ctx.err)
        return ERROR
    except KeyboardInterrupt:
        return 130
    except Exception:  # a fault of ours: its details to the log, a line to the user
        print(_("error: something went wrong; the details are in {log}").format(log=_log_fault(profile, args.command)),
              file=ctx.err)
        return ERROR
    finally:
        ctx.close()
