"""`python -m client` opens the window; with a command (`python -m client list contact`) runs it headless."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from client.core import cli
    words = [a for a in args if not a.startswith("-")]
    # `--profile DIR` alone (or nothing) means the window; any command word means headless.
    if "--profile" in args:
        i = args.index("--profile")
        words = [a for j, a in enumerate(args) if not a.startswith("-") and j != i + 1]
    if words or {"-h", "--help", "--version"} & set(args):
        return cli.main(args)
    from client.ui.app import run_window
    return run_window(args)


if __name__ == "__main__":
    sys.exit(main())
