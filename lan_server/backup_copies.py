"""What the SQLite and the PostgreSQL backups share: the error they raise, and the second copy of a backup."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any


class BackupError(Exception):
    pass


def second_copy(made: Path, folder: Path, check: Any, prune_folder: Any) -> None:
    """The backup copied to a second folder (a USB disk, a share) and checked there; a failure is a warning:
    the second copy is a bonus, the first one stands."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(made, folder / made.name)
        check(folder / made.name)
        prune_folder(folder)
    except (OSError, BackupError) as e:
        print(f"warning: the copy to {folder} failed: {e}", file=sys.stderr)
