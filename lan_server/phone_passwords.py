"""Passwords for phones: one per phone, made and revoked in the window, good only for CardDAV/CalDAV.

A phone keeps the password it is given, so it gets one of its own: random (80 bits, typed on a phone's keyboard
in four groups of four), stored as a SHA-256 hash (a random secret needs no slow hash), revoked without touching
the user's office password or their other phones. Called only from the database thread.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from lan_server.protocol.reasons import Reason
from lan_server.records import Store
from lan_server.records.ops import new_id

_DDL = [
    """CREATE TABLE IF NOT EXISTS phone_passwords (
        id TEXT PRIMARY KEY, usr TEXT NOT NULL, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
        created DOUBLE PRECISION NOT NULL, last_used DOUBLE PRECISION NOT NULL DEFAULT 0,
        revoked INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS phone_passwords_usr ON phone_passwords(usr)",
]
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a screen and typed on a phone
GROUPS = 4
MAX_NAME = 60
MAX_PHONES = 20  # per user: a list the window can show, and no table filled by a script


@dataclass(frozen=True)
class Phone:
    id: str
    user: str
    name: str
    created: float
    last_used: float

    def to_wire(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "created": self.created, "last_used": self.last_used}


def normalized(password: str) -> str:
    """A typed phone password as stored: case, spaces and dashes do not matter."""
    return "".join(ch for ch in password.lower() if ch not in " -\t")


def _hash(password: str) -> str:
    return hashlib.sha256(normalized(password).encode("utf-8")).hexdigest()


def looks_like_one(password: str) -> bool:
    """Whether a password has a phone password's shape (else it can only be an office password)."""
    text = normalized(password)
    return len(text) == 4 * GROUPS and all(ch in ALPHABET for ch in text)


class PhonePasswords:
    def __init__(self, store: Store) -> None:
        self.store = store
        with store.atomic():
            for stmt in _DDL:
                store.execute(stmt)

    def add(self, user: str, name: str) -> tuple[Phone, str]:
        """A new phone of `user` and its password, shown once (only its hash is kept)."""
        name = " ".join(name.split())[:MAX_NAME]
        if not name:
            raise ValueError(Reason("phone_name_needed"))
        if len(self.of(user)) >= MAX_PHONES:
            raise ValueError(Reason("too_many_phones", detail=MAX_PHONES))
        password = "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(GROUPS))
        phone = Phone(new_id(), user, name, time.time(), 0.0)
        self.store.execute("INSERT INTO phone_passwords(id, usr, name, hash, created) VALUES (?,?,?,?,?)",
                           (phone.id, user, name, _hash(password), phone.created))
        return phone, password

    def of(self, user: str) -> list[Phone]:
        rows = self.store.execute("SELECT id, usr, name, created, last_used FROM phone_passwords "
                                  "WHERE usr = ? AND revoked = 0 ORDER BY created", (user,)).fetchall()
        return [Phone(r[0], r[1], r[2], float(r[3]), float(r[4])) for r in rows]

    def revoke(self, user: str, phone_id: str) -> bool:
        """Revoke one of `user`'s phones; False when they have no such phone."""
        cur = self.store.execute("UPDATE phone_passwords SET revoked = 1 WHERE id = ? AND usr = ? AND revoked = 0",
                                 (phone_id, user))
        return bool(getattr(cur, "rowcount", 0))

    def check(self, user: str, password: str) -> str | None:
        """The phone's id when `password` is one of `user`'s phone passwords, still valid; else None."""
        if not looks_like_one(password):
            return None
        row = self.store.execute("SELECT id FROM phone_passwords WHERE hash = ? AND usr = ? AND revoked = 0",
                                 (_hash(password), user)).fetchone()
        return str(row[0]) if row else None

    def valid(self, phone_id: str) -> bool:
        return self.store.execute("SELECT 1 FROM phone_passwords WHERE id = ? AND revoked = 0",
                                  (phone_id,)).fetchone() is not None

    def used(self, phone_id: str, at: float | None = None) -> None:
        """Note when the phone last synced (shown in the window); at most once a minute per phone."""
        now = time.time() if at is None else at
        self.store.execute("UPDATE phone_passwords SET last_used = ? WHERE id = ? AND last_used < ?",
                           (now, phone_id, now - 60))
