"""`python -m client` opens the window; with a command (`python -m client list contact`) runs it headless."""

from __future__ import annotations

import sys

# Options of the window (ours, and Qt's own) that take a value: "--lang ru" is an option and its value,
# not a command "ru".
_WINDOW_OPTIONS_WITH_VALUE = ("--profile", "--lang", "--discovery-interface", "-platform", "-style", "-display",
                              "-qwindowgeometry", "-qwindowtitle")


def is_command(args: list[str]) -> bool:
    """Whether the words name a headless command (or ask for help) rather than the window."""
    if {"-h", "--help", "--version"} & set(args):
        return True
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _WINDOW_OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from lan_server.console import utf8_output
    utf8_output()
    if is_command(args):
        from client import cli
        try:
            return cli.main(args)
        except BrokenPipeError:  # `... | head` closed the pipe: what was wanted has been printed
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    from client.ui.app import run_window
    return run_window(args)


if __name__ == "__main__":
    sys.exit(main())
