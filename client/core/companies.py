"""The companies this PC holds copies of: one copy per folder under the profile, and which one is in use."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from client.core.errors import ClientError
from client.core.i18n import _
from lan_server.files import write_whole
from lan_server.records.store.text import named

INDEX_FILE = "companies.json"
LOCK_FILE = "companies.lock"
COPIES_DIR = "companies"
# The profile folder itself holds the first copy, as every profile did before there were companies.
HERE = "."


@dataclass(frozen=True)
class Copy:
    folder: Path
    name: str  # the company's name as its server gives it ("" until the copy has logged in)


def _read(root: Path) -> dict[str, Any]:
    try:
        index = json.loads((root / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: the copies themselves are untouched
        return {"current": HERE, "copies": {}}
    return index if isinstance(index, dict) and isinstance(index.get("copies"), dict) else {"current": HERE,
                                                                                            "copies": {}}


def _write(root: Path, index: dict[str, Any]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    write_whole(root / INDEX_FILE, json.dumps(index, indent=2, ensure_ascii=False).encode("utf-8"))


def _relative(root: Path, folder: Path) -> str:
    return HERE if folder.resolve() == root.resolve() else folder.resolve().relative_to(root.resolve()).as_posix()


def held(root: Path) -> list[Copy]:
    """Every copy on this PC, the profile folder's own first, the rest by name."""
    index = _read(root)
    copies = [Copy(root / rel, str(entry.get("name") or "")) for rel, entry in index["copies"].items()
              if isinstance(entry, dict) and (root / rel).is_dir()]
    if not any(c.folder == root / HERE for c in copies):
        copies.append(Copy(root / HERE, ""))
    return sorted(copies, key=lambda c: (c.folder != root / HERE, c.name.casefold()))


def current(root: Path) -> Path:
    """The copy in use: the one last chosen in the window or logged in to; the profile folder's own at first."""
    rel = str(_read(root).get("current") or HERE)
    folder = root / rel
    return folder if folder.is_dir() else root


@contextlib.contextmanager
def _changing(root: Path) -> Iterator[dict[str, Any]]:
    """The index to change, read and written under a lock: the window and a command may change it at once."""
    from filelock import FileLock
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / LOCK_FILE), timeout=10):
        index = _read(root)
        before = json.dumps(index, sort_keys=True)
        yield index
        if json.dumps(index, sort_keys=True) != before:  # each start notes its company: most find it noted
            _write(root, index)


def choose(root: Path, folder: Path) -> None:
    with _changing(root) as index:
        index["current"] = _relative(root, folder)


def remember(root: Path, folder: Path, name: str) -> None:
    """After a login: the copy in `folder` is of the company `name`, and it is the one in use now."""
    with _changing(root) as index:
        rel = _relative(root, folder)
        index["copies"][rel] = {"name": name}
        index["current"] = rel


def find(root: Path, wanted: str) -> Path | None:
    """The copy of the company named `wanted` (any case; a part of the name when only one has it)."""
    found = named([c for c in held(root) if c.name], wanted, lambda c: c.name)
    return found.folder if found is not None else None


def new_folder(root: Path) -> Path:
    """A folder for one more company's copy: a new one, or one left by a login that did not succeed."""
    base = root / COPIES_DIR
    known = set(_read(root)["copies"])
    for n in range(1, 10_000):
        folder = base / str(n)
        if not folder.exists() or _relative(root, folder) not in known:
            folder.mkdir(parents=True, exist_ok=True)
            return folder
    raise ClientError(_("too many companies' copies in {folder}").format(folder=base))


def place_for(root: Path, wanted: str | None, *, logging_in: bool) -> Path:
    """The folder a command works in: the copy of `wanted`, or the copy in use. Logging in to a company this
    PC holds no copy of makes a folder for it (the profile folder itself while it holds nobody's data)."""
    if not wanted:
        return current(root)
    found = find(root, wanted)
    if found is not None:
        return found
    if not logging_in:
        raise ClientError(_("this PC holds no copy of the company {name!r}: log in to it first (login ... "
                            "--company NAME)").format(name=wanted))
    return root if _unused(root) else new_folder(root)


def _unused(root: Path) -> bool:
    """The profile folder holds nobody's data yet (no copy, or one never logged in to a server)."""
    import sqlite3

    from client.core.replica import REPLICA_FILE
    path = root / REPLICA_FILE
    if not path.exists():
        return True
    try:  # read-only: the copy may be open in the window at this moment
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)) as db:
            return db.execute("SELECT 1 FROM meta WHERE key = 'server_id' AND value != 'null'").fetchone() is None
    except sqlite3.Error:
        return False
