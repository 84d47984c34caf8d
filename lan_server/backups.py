"""Verified backups (SQLite online backup API, safe while clients push), nightly job, rotation, and restore.

After a restore the server gets a new `epoch`: every PC notices on connect and sends back everything it
holds, so what was typed after the backup is not lost (the server keeps what it already has, once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import shutil
import sqlite3
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from lan_server.backup_copies import BackupError, choose_folder, missing, second_copy
from lan_server.config import CONFIG_FILE, DB_FILE, SetupError, load_config
from lan_server.files import hold_lock, is_locked, write_whole

log = logging.getLogger(__name__)
BACKUP_DIR = "backups"
LOCK_FILE = "server.lock"
DEFAULTS = {"backup_time": "02:00", "backup_keep": 14, "backup_copy_to": None}


def verify(path: Path) -> int:
    """Integrity check and a test read; returns the number of ops, or raises BackupError."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"{path.name} is damaged: {result}")
            ops = int(con.execute("SELECT COUNT(*) FROM ops").fetchone()[0])
            con.execute("SELECT COUNT(*) FROM records").fetchone()
            con.execute("SELECT COUNT(*) FROM users").fetchone()
            return ops
        finally:
            con.close()
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{path.name} is not a usable organizer database ({e})") from None


def backup(db_path: Path, dest_dir: Path, *, keep: int = 14, copy_to: Path | None = None) -> Path:
    """A consistent copy of the live database into dest_dir, verified, then the oldest beyond `keep` removed."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    final = dest_dir / f"organizer-{stamp}.db"
    partial = final.with_suffix(".partial")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # one read transaction: a consistent picture even while writes go on
        finally:
            dst.close()
    except sqlite3.Error as e:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup failed: {e}") from None
    finally:
        src.close()
    try:
        verify(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(final)
    if copy_to is not None:
        second_copy(final, copy_to, verify, lambda folder: prune(folder, keep))
    prune(dest_dir, keep)
    return final


def prune(folder: Path, keep: int) -> None:
    found = sorted(folder.glob("organizer-*.db"))
    for old in found[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)


def server_running(data_dir: Path) -> bool:
    """The running server holds an exclusive lock on DATA_DIR/server.lock."""
    return is_locked(data_dir / LOCK_FILE)


def restore(data_dir: Path, backup_file: Path, *, follow: bool = False, verified: bool = False,
            keep_at: Path | None = None) -> Path:
    """Put a backup in place of the database (server stopped); the replaced database is kept beside it.

    `follow`: the office goes back to the backup's state and its PCs follow it (they forget what the backup lacks,
    all but their edits not yet sent); without it (the command line's disaster recovery) they send back all they
    hold. `verified`: the caller has checked the backup whole already (`verify`). `keep_at`: where the replaced
    database is kept (by default beside it, stamped). The backup is copied whole before anything is moved: a full
    disk leaves the database as it was."""
    if server_running(data_dir):
        raise BackupError("the server is running on this folder: stop it first, restore, then start it again")
    if not verified:
        if not backup_file.exists():
            raise BackupError(f"no such backup: {backup_file}")
        verify(backup_file)
    db = data_dir / DB_FILE
    incoming = data_dir / f"{DB_FILE}.restoring"
    shutil.copy2(backup_file, incoming)
    kept = keep_at or data_dir / f"organizer.db.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}"
    if db.exists():
        # Fold the write-ahead log in first, so the kept copy is whole.
        con = sqlite3.connect(db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        shutil.move(db, kept)
    for extra in ("-wal", "-shm"):
        (data_dir / (DB_FILE + extra)).unlink(missing_ok=True)
    incoming.replace(db)
    new_epoch(data_dir, follow=follow)
    return kept


def kept_among_backups(data_dir: Path) -> Path:
    """Where a restore from the window keeps the database it replaces: among the backups, named as one, so the
    window lists it and can put it back in turn."""
    return data_dir / BACKUP_DIR / f"organizer-{dt.datetime.now():%Y%m%d-%H%M%S}-before-restore.db"


def new_epoch(data_dir: Path, *, follow: bool = False) -> None:
    """After a restore: tells every PC to send back what the backup lacks, or (`follow`) to take the office as
    the backup holds it."""
    config_path = data_dir / CONFIG_FILE
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["epoch"] = uuid.uuid4().hex
    config["follow"] = follow
    write_whole(config_path, json.dumps(config, indent=2, ensure_ascii=False).encode("utf-8"))


def restore_any(data_dir: Path, backup_file: Path) -> Path:
    """Restore an SQLite backup or, for an office in PostgreSQL, a pg_dump; the server must be stopped."""
    url = load_config(data_dir).get("database")
    if not url:
        return restore(data_dir, backup_file)
    if server_running(data_dir):
        raise BackupError("the server is running on this folder: stop it first, restore, then start it again")
    from lan_server import pg_backups
    kept = pg_backups.restore(str(url), backup_file, data_dir / BACKUP_DIR)
    new_epoch(data_dir)
    return kept


def backup_any(data_dir: Path, config: dict[str, Any], dest_dir: Path, keep: int,
               copy_to: Path | None = None) -> Path:
    """A checked backup of the office's database, whichever it is: SQLite's online copy or pg_dump."""
    if config.get("database"):
        from lan_server import pg_backups
        return pg_backups.backup(str(config["database"]), dest_dir, keep=keep, copy_to=copy_to)
    return backup(data_dir / DB_FILE, dest_dir, keep=keep, copy_to=copy_to)


def check_any(path: Path, config: dict[str, Any]) -> int:
    if path.suffix == ".pgdump":
        from lan_server import pg_backups
        return pg_backups.verify(str(config["database"]), path)
    return verify(path)


class BackupJobs:
    """The running server's nightly backup (APScheduler); also holds the folder lock while it runs."""

    def __init__(self, server: Any) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler
        self.server = server
        self.config = {**DEFAULTS, **server.config}
        self.scheduler = BackgroundScheduler(job_defaults={"misfire_grace_time": 3600, "coalesce": True})
        self._lock: Any = None
        self._checked: dict[tuple[str, int, float], str] = {}
        # Why the last backup has no second copy (its disk was not there), and when: shown to the administrator.
        self.copy_problem: dict[str, Any] | None = None

    def start(self) -> None:
        # None when another process has it; the server's own socket bind already refuses a second server.
        self._lock = hold_lock(self.server.data_dir / LOCK_FILE)
        self._schedule()
        self.scheduler.start()

    def _schedule(self) -> None:
        """The nightly job at the configured time (SQLite's online copy, or pg_dump for PostgreSQL)."""
        if self.scheduler.get_job("nightly") is not None:
            self.scheduler.remove_job("nightly")
        hour, minute = (int(x) for x in str(self.config["backup_time"]).split(":"))
        self.scheduler.add_job(self.now, "cron", hour=hour, minute=minute, id="nightly")

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # ---- for an administrator's window (lan_server/sessions.py "backups")

    def _folder(self) -> Path:
        return self.server.data_dir / BACKUP_DIR

    def listing(self) -> dict[str, Any]:
        """The backups with their check, the nightly time, the second folder, and how many are kept."""
        items = []
        found = [*self._folder().glob("organizer-*.db"), *self._folder().glob("organizer-*.pgdump")]
        for path in sorted(found, key=lambda p: p.name, reverse=True):
            stat = path.stat()
            key = (path.name, stat.st_size, stat.st_mtime)
            if key not in self._checked:  # checking reads the whole file: once per backup
                try:
                    check_any(path, self.server.config)
                    self._checked[key] = ""
                except BackupError as e:
                    self._checked[key] = str(e)
            items.append({"name": path.name, "size": stat.st_size, "at": stat.st_mtime,
                          "ok": not self._checked[key], "problem": self._checked[key]})
        return {"backups": items, "copy_problem": self.copy_problem,
                "time": self.config["backup_time"], "copy_to": self.config["backup_copy_to"] or "",
                "keep": int(self.config["backup_keep"]), "folder": str(self._folder()),
                "engine": "postgresql" if self.server.config.get("database") else "sqlite"}

    def now(self) -> str:
        """A backup now (the nightly job, or "Back up now"); a second folder whose disk is not there gets nothing,
        and that is logged and kept to be shown, each time until the disk is back."""
        copy_to = Path(self.config["backup_copy_to"]) if self.config["backup_copy_to"] else None
        gone = missing(copy_to) if copy_to is not None else None
        made = backup_any(self.server.data_dir, self.server.config, self._folder(), int(self.config["backup_keep"]),
                          copy_to if gone is None else None)
        if gone is not None:
            log.warning("backup %s: %s", made.name, gone)
            self.copy_problem = {"reason": gone.to_wire(), "text": str(gone), "at": time.time(), "backup": made.name}
        else:
            self.copy_problem = None
        return made.name

    def configure(self, time: str | None = None, copy_to: str | None = None, keep: int | None = None) -> None:
        """Change the nightly time, the second folder ("" for none) or how many to keep; saved in the server's
        folder and in force at once."""
        changes: dict[str, Any] = {}
        if time is not None:
            hour, _, minute = time.partition(":")
            if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
                raise BackupError(f"not a time of day: {time!r} (use 02:30)")
            changes["backup_time"] = f"{int(hour):02d}:{int(minute):02d}"
        if copy_to is not None:
            if copy_to and not Path(copy_to).is_absolute():
                raise BackupError(f"the second folder must be a full path on the server's PC, not {copy_to!r}")
            if copy_to and copy_to != self.config["backup_copy_to"]:
                choose_folder(Path(copy_to))  # a disk that is not there is refused now, not found out at night
            changes["backup_copy_to"] = copy_to or None
        if keep is not None:
            if keep < 1:
                raise BackupError("keep at least one backup")
            changes["backup_keep"] = keep
        path = self.server.data_dir / CONFIG_FILE
        config = json.loads(path.read_text(encoding="utf-8"))
        config.update(changes)
        write_whole(path, json.dumps(config, indent=2, ensure_ascii=False).encode("utf-8"))
        self.config.update(changes)
        self.server.config.update(changes)
        if self.scheduler.running:
            self._schedule()


def _cmd_backup(args: argparse.Namespace) -> int:
    try:
        config = {**DEFAULTS, **load_config(args.data_dir)}
    except SetupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    try:
        path = backup_any(args.data_dir, config, args.to or args.data_dir / BACKUP_DIR,
                          args.keep or int(config["backup_keep"]))
    except BackupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"backup written and checked: {path}")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    try:
        kept = restore_any(args.data_dir, args.backup)
    except BackupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"restored {args.backup.name}; the previous database is kept as {kept.name}")
    print("start the server: the office PCs will send back anything typed after this backup")
    return 0


def add_commands(sub: Any) -> None:
    p = sub.add_parser("backup", help="make a checked backup now (works while the server runs)")
    p.add_argument("data_dir", type=Path)
    p.add_argument("--to", type=Path, help="folder for the backup (default DATA_DIR/backups)")
    p.add_argument("--keep", type=int, help="how many backups to keep in that folder")
    p.set_defaults(func=_cmd_backup)
    p = sub.add_parser("restore", help="put a backup in place of the database (stop the server first)")
    p.add_argument("data_dir", type=Path)
    p.add_argument("backup", type=Path)
    p.set_defaults(func=_cmd_restore)
