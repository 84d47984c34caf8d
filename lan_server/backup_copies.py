"""What the SQLite and the PostgreSQL backups share: the error they raise, and the second copy of a backup (to a
USB disk or a share, which may not be there on a given night: then nothing is written elsewhere, and it is said)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from lan_server.protocol.reasons import Reason

# Written into the second folder when it is chosen: a folder without it is not the one chosen (an unplugged disk's
# empty mount point, or a drive letter now given to another disk), so no copy goes there.
MARK = "organizer-backups.txt"
_MARK_TEXT = "The office organizer's server copies its nightly backups here. Keep this file.\n"


class BackupError(Exception):
    pass


def choose_folder(folder: Path) -> None:
    """Take `folder` as the second copies' folder: it must be there, or be new inside a folder that is (never a
    whole path made up on the system disk); refused at once when its disk or share is missing."""
    try:
        if not folder.is_dir():
            if not folder.parent.is_dir() or folder.parent == folder:
                raise BackupError(Reason("backup_disk_missing", detail=str(folder)))
            folder.mkdir()
        (folder / MARK).write_text(_MARK_TEXT, encoding="utf-8")
    except OSError:
        raise BackupError(Reason("backup_disk_missing", detail=str(folder))) from None


def missing(folder: Path) -> Reason | None:
    """Why the second folder cannot take a copy now (its disk is not there), or None. A folder chosen before the
    mark existed, already holding copies, is taken as marked."""
    try:
        if folder.is_dir() and not (folder / MARK).exists() and any(folder.glob("organizer-*")):
            (folder / MARK).write_text(_MARK_TEXT, encoding="utf-8")
        if folder.is_dir() and (folder / MARK).exists():
            return None
    except OSError:
        pass
    return Reason("backup_copy_missing", detail=str(folder))


def second_copy(made: Path, folder: Path, check: Any, prune_folder: Any) -> str | None:
    """The backup copied to the second folder and checked there; a failure is a warning (returned and printed),
    never a copy written elsewhere: the second copy is a bonus, the first one stands."""
    gone = missing(folder)
    if gone is not None:
        print(f"warning: {gone}", file=sys.stderr)
        return gone
    try:
        shutil.copy2(made, folder / made.name)
        check(folder / made.name)
        prune_folder(folder)
    except (OSError, BackupError) as e:
        print(f"warning: the copy to {folder} failed: {e}", file=sys.stderr)
        return f"the copy to {folder} failed: {e}"
    return None
