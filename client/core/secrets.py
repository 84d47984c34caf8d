"""Passwords this PC must remember (the office mail server's): in the system's credential store through the
keyring library (Windows Credential Manager, macOS Keychain, Secret Service on Linux), never in the data file.
Where there is no such store, a file only this user may read, in the profile, and the user is told where."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
SERVICE = "lan-organizer"


def _keyring() -> Any:
    """The system's credential store, or None where this system has none (a bare Linux, a service account)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    return None if isinstance(keyring.get_keyring(), fail.Keyring) else keyring


def _file(profile: Path, name: str) -> Path:
    return profile / "secrets" / name


def _account(device: str, name: str) -> str:
    return f"{device}:{name}"  # one entry per profile: two copies on one PC keep their own passwords


def store(profile: Path, device: str, name: str, secret: str) -> str:
    """Keep `secret`; returns where it is kept, in words for the user."""
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, _account(device, name), secret)
            _file(profile, name).unlink(missing_ok=True)
            return f"the system's credential store ({type(kr.get_keyring()).__name__})"
        except Exception as e:  # a locked or broken store: the file below still keeps it
            log.warning("the credential store refused the password: %s", e)
    from lan_server.files import protect
    path = _file(profile, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(secret, encoding="utf-8")
    protect(path)
    return f"a file only this Windows/Linux user may read: {path}"


def load(profile: Path, device: str, name: str) -> str | None:
    kr = _keyring()
    if kr is not None:
        try:
            found = kr.get_password(SERVICE, _account(device, name))
            if found is not None:
                return str(found)
        except Exception as e:
            log.warning("the credential store could not be read: %s", e)
    path = _file(profile, name)
    return path.read_text(encoding="utf-8") if path.exists() else None
