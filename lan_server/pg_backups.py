"""Backups of an office whose data is in PostgreSQL: pg_dump, checked by restoring into a scratch database, and
restore with the same new-epoch rule as SQLite (every PC sends back what the backup lacks)."""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from lan_server.backup_copies import BackupError, second_copy

SUFFIX = ".pgdump"
_SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "C:/Program Files/PostgreSQL/*/bin")


def tool(name: str) -> str:
    """A PostgreSQL program (pg_dump, pg_restore): on the PATH, else in PostgreSQL's usual install folders."""
    found = shutil.which(name)
    if found:
        return found
    for pattern in _SEARCH:
        for folder in sorted(glob.glob(pattern), reverse=True):  # the newest version first
            candidate = Path(folder) / (name + (".exe" if os.name == "nt" else ""))
            if candidate.exists():
                return str(candidate)
    raise BackupError(f"{name} is not installed on this PC: install PostgreSQL's client programs "
                      "(the same version as the server or newer)")


def _run(args: list[str], what: str, timeout: float = 3600) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise BackupError(f"{what} failed: {e}") from None
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip()[:500]}")
    return done.stdout


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def verify(url: str, dump: Path) -> int:
    """Restore the dump into a scratch database next to the office's, read it, drop it: the number of ops, or
    BackupError. Needs the right to create databases (the office's own user normally has it)."""
    import psycopg2
    scratch = f"organizer_check_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(_with_database(url, "postgres"))
    admin.autocommit = True
    try:
        try:
            admin.cursor().execute(f'CREATE DATABASE "{scratch}"')
        except psycopg2.Error as e:
            raise BackupError(f"cannot check the backup: creating a scratch database was refused ({e})") from None
        try:
            _run([tool("pg_restore"), "--no-owner", "--exit-on-error", "-d", _with_database(url, scratch),
                  str(dump)], "checking the backup (pg_restore)")
            con = psycopg2.connect(_with_database(url, scratch))
            try:
                cur = con.cursor()
                counts = []
                for table in ("ops", "records"):  # the office's changes and their current values
                    cur.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (our own table names)
                    counts.append(int(cur.fetchone()[0]))
                return counts[0]
            except psycopg2.Error as e:
                raise BackupError(f"{dump.name} is not a usable organizer database ({e})") from None
            finally:
                con.close()
        finally:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    finally:
        admin.close()


def backup(url: str, dest_dir: Path, *, keep: int = 14, copy_to: Path | None = None) -> Path:
    """A consistent dump of the live database (pg_dump reads one snapshot while clients push), checked by a
    scratch restore, then the oldest beyond `keep` removed."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    final = dest_dir / f"organizer-{dt.datetime.now():%Y%m%d-%H%M%S-%f}{SUFFIX}"
    partial = final.with_suffix(".partial")
    try:
        _run([tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), url], "pg_dump")
        verify(url, partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(final)
    if copy_to is not None:  # a dump's check is a restore: the copy is compared with the checked file instead
        second_copy(final, copy_to, lambda path: _same(final, path), lambda folder: prune(folder, keep))
    prune(dest_dir, keep)
    return final


def _same(made: Path, copy: Path) -> None:
    if copy.stat().st_size != made.stat().st_size or copy.read_bytes() != made.read_bytes():
        raise BackupError(f"{copy} differs from the checked backup")


def prune(folder: Path, keep: int) -> None:
    found = sorted(folder.glob(f"organizer-*{SUFFIX}"))
    for old in found[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)


def restore(url: str, dump: Path, keep_dir: Path) -> Path:
    """Put a dump in place of the office's database (the server stopped): the current one is dumped to
    `keep_dir` first, so a restore can be undone."""
    if not dump.exists():
        raise BackupError(f"no such backup: {dump}")
    verify(url, dump)
    kept = backup(url, keep_dir, keep=1000)
    kept = kept.rename(kept.with_name(f"before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}{SUFFIX}"))
    _run([tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error", "--single-transaction",
          "-d", url, str(dump)], "restoring (pg_restore)")
    return kept
