"""What can go wrong talking to the office server, each with a message a user can act on."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

# The log of a PC's programs, in the copy's folder: what went wrong in detail, where the user was told in a line.
LOG_FILE = "organizer.log"


def log_file_handler(profile: Path) -> logging.Handler:
    """A handler writing to the copy's log: 2 MB at most, and the three before it."""
    profile.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(profile / LOG_FILE, maxBytes=2_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


class ClientError(Exception):
    """Base of every error the client core reports to a person."""


class ConnectError(ClientError):
    """The server could not be reached (down, wrong address, network out)."""


class ServerSilent(ConnectError):
    """The server is there but did not answer in time (stopped, frozen, overloaded): worth trying again soon."""


class AuthError(ClientError):
    """Wrong user name or password, a revoked login, or too many tries."""


class CertificateChanged(ClientError):
    """The server's certificate is not the one this PC trusted: maybe another machine pretends to be it, or the
    server was reinstalled or rebuilt. `got` is the fingerprint it showed, for the user to compare and trust."""

    def __init__(self, message: str, got: str = "") -> None:
        super().__init__(message)
        self.got = got


class VersionMismatch(ClientError):
    pass


class NotLoggedIn(ClientError):
    pass


class CopyBusy(ClientError):
    """Another program kept this PC's copy busy writing for longer than a turn is waited for."""


class ServerError(ClientError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class ChooseCompany(ClientError):
    """The server holds several companies and the PC did not say which: `companies` are their names."""

    def __init__(self, message: str, companies: list[str]) -> None:
        super().__init__(message)
        self.companies = companies
