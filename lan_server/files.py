"""Portable file helpers: the running server's lock, files only their owner may read, and files written whole."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)


def hold_lock(path: Path) -> FileLock | None:
    """Take the lock at `path` for as long as the process wants it; None when another process holds it.

    filelock uses flock on POSIX and LockFileEx on Windows, and the system drops the lock when the holder
    dies, so a crashed server never leaves its folder locked.
    """
    lock = FileLock(path, preserve_lock_file=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return None
    return lock


def write_whole(path: Path, data: bytes) -> None:
    """Write `path` so that it appears whole or not at all: a full disk or a crash midway leaves the old file
    (or none), never half of a new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def is_locked(path: Path) -> bool:
    """Whether another process holds the lock at `path` (it is not taken here)."""
    if not path.exists():
        return False
    lock = hold_lock(path)
    if lock is None:
        return True
    lock.release()
    return False


def protect(path: Path) -> None:
    """Let only the owner (and on Windows the system and administrators, for the service) read `path`."""
    if sys.platform != "win32":
        os.chmod(path, 0o600)
        return
    # icacls ships with every Windows since Vista; the SIDs are the same in every language of Windows:
    # S-1-5-18 is the SYSTEM account the service runs as, S-1-5-32-544 the Administrators group.
    user = os.environ.get("USERNAME", "")
    grants = ["/grant:r", "*S-1-5-18:F", "/grant:r", "*S-1-5-32-544:F"] + (["/grant:r", f"{user}:F"] if user else [])
    try:
        subprocess.run(["icacls", str(path), "/inheritance:r", *grants], check=True, capture_output=True,
                       timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        log.warning("could not limit who may read %s (%s); it is readable as the folder allows", path, e)
