"""Users, argon2 password hashes, per-device tokens, and the wrong-password rate limit."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Callable, Iterable, NamedTuple

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from lan_server.records import Store

ROLES = ("admin", "manager", "viewer")
_DDL = [
    """CREATE TABLE IF NOT EXISTS users (
        name TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
        groups TEXT NOT NULL DEFAULT '', full_name TEXT NOT NULL DEFAULT '', created REAL NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS tokens (
        hash TEXT PRIMARY KEY, usr TEXT NOT NULL, device TEXT NOT NULL, device_name TEXT NOT NULL DEFAULT '',
        created REAL NOT NULL, last_seen REAL NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)""",
    # wrong passwords per user from unknown PCs, shared by every server process on one PostgreSQL
    "CREATE TABLE IF NOT EXISTS login_failures (usr TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_failures_usr ON login_failures(usr, at)",
]
CHEAP_HASHES = "ORGANIZER_TEST_CHEAP_HASHES"


def make_hasher() -> PasswordHasher:
    """argon2 with the library's defaults (RFC 9106 low memory: 64 MiB, 0.13 s here). The test suite alone sets
    ORGANIZER_TEST_CHEAP_HASHES=1 for argon2-cffi's CHEAPEST profile ("for testing only"): its hundreds of users
    and logins then cost microseconds each, through the same code. A hash records its own parameters, so either
    hasher verifies the other's."""
    if os.environ.get(CHEAP_HASHES) == "1":
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()


_hasher = make_hasher()


class AuthError(Exception):
    pass


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool = False
    groups: tuple[str, ...] = ()
    full_name: str = ""


def check_password_rules(password: str) -> None:
    """At least 8 characters with letters and digits; raises ValueError saying what is missing."""
    if len(password) < 8:
        raise ValueError("the password needs at least 8 characters")
    if not re.search(r"[^\W\d_]", password) or not re.search(r"\d", password):
        raise ValueError("the password needs both letters and digits")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Resumed(NamedTuple):
    """What a PC's token says when it logs in again: its user (None when the token does not hold), the name the PC
    gave at its login, and whether the token failed because its user was disabled."""
    user: User | None
    device_name: str
    disabled: bool


class Users:
    """User and token tables in the server database. Called only from the database thread."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.atomic():
            for stmt in _DDL:
                store.execute(stmt)

    def recent_failures(self, name: str, window: float) -> int:
        """Wrong passwords for `name` from unknown PCs in the last `window` seconds, through any process."""
        return int(self.store.execute("SELECT COUNT(*) FROM login_failures WHERE usr = ? AND at > ?",
                                      (name, time.time() - window)).fetchone()[0])

    def note_failure(self, name: str, window: float) -> None:
        now = time.time()
        with self.store.atomic():
            self.store.execute("DELETE FROM login_failures WHERE at < ?", (now - window,))
            self.store.execute("INSERT INTO login_failures(usr, at) VALUES (?, ?)", (name, now))

    def clear_failures(self, name: str) -> None:
        self.store.execute("DELETE FROM login_failures WHERE usr = ?", (name,))

    # An address's login attempts, counted as they begin (RateLimiter's rule), through any process. Kept
    # beside the users' failures under a key no user name can take (names have no spaces).

    def begin_attempt(self, address: str, window: float, limit: int) -> bool:
        """Count one attempt from `address`; False (and not counted) when it began `limit` in `window` s."""
        key = f"address {address}"
        with self.store.atomic():
            if self.recent_failures(key, window) >= limit:
                return False
            self.note_failure(key, window)
        return True

    def forget_attempt(self, address: str) -> None:
        """A right password does not count against its address."""
        key = f"address {address}"
        self.store.execute("DELETE FROM login_failures WHERE usr = ? AND at = (SELECT MAX(at) FROM login_failures "
                           "WHERE usr = ?)", (key, key))

    def add(self, name: str, password: str, role: str = "manager", *, groups: str = "", full_name: str = "") -> User:
        if not re.fullmatch(r"[\w.@-]{1,64}", name):
            raise ValueError("a user name is 1-64 letters, digits, dots, dashes or underscores")
        if role not in ROLES and not self._role_exists(role):
            raise ValueError(f"unknown role {role!r}")
        check_password_rules(password)
        if self.get(name) is not None:
            raise ValueError(f"user {name!r} already exists")
        self.store.execute("INSERT INTO users(name, hash, role, groups, full_name, created) VALUES (?,?,?,?,?,?)",
                           (name, _hasher.hash(password), role, groups, full_name, time.time()))
        return User(name, role, False, tuple(g for g in groups.split(",") if g), full_name)

    def _role_exists(self, role: str) -> bool:
        try:
            return self.store.execute("SELECT 1 FROM roles WHERE name = ?", (role,)).fetchone() is not None
        except Exception:  # no roles table yet: only the built-in roles exist
            return False

    def get(self, name: str) -> User | None:
        row = self.store.execute("SELECT name, role, disabled, groups, full_name FROM users WHERE name = ?",
                                 (name,)).fetchone()
        if row is None:
            return None
        return User(row[0], row[1], bool(row[2]), tuple(g for g in row[3].split(",") if g), row[4])

    def all(self) -> list[User]:
        rows = self.store.execute("SELECT name FROM users ORDER BY name").fetchall()
        return [u for u in (self.get(r[0]) for r in rows) if u is not None]

    def set_password(self, name: str, password: str) -> None:
        check_password_rules(password)
        if self.get(name) is None:
            raise ValueError(f"no user {name!r}")
        self.store.execute("UPDATE users SET hash = ? WHERE name = ?", (_hasher.hash(password), name))
        self.revoke_all(name)

    def set_role(self, name: str, role: str) -> None:
        if self.get(name) is None:
            raise ValueError(f"no user {name!r}")
        if role not in ROLES and not self._role_exists(role):
            raise ValueError(f"unknown role {role!r}")
        self.store.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))

    def set_disabled(self, name: str, disabled: bool) -> None:
        if self.get(name) is None:
            raise ValueError(f"no user {name!r}")
        self.store.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name))
        if disabled:
            self.revoke_all(name)

    def password_hash(self, name: str) -> str | None:
        row = self.store.execute("SELECT hash FROM users WHERE name = ? AND disabled = 0", (name,)).fetchone()
        return row[0] if row else None

    def issue_token(self, name: str, device: str, device_name: str = "") -> str:
        token = secrets.token_urlsafe(32)
        now = time.time()
        self.store.execute(
            "INSERT INTO tokens(hash, usr, device, device_name, created, last_seen) VALUES (?,?,?,?,?,?)",
            (_token_hash(token), name, device, device_name, now, now))
        return token

    def resume(self, token: str, device: str) -> Resumed:
        """A PC logging in again with its token: who it is and the name it gave at its login (one read), or
        that the token does not hold, saying whether its user was disabled."""
        h = _token_hash(token)
        row = self.store.execute("SELECT t.usr, t.device, t.device_name, t.revoked, u.disabled FROM tokens t "
                                 "LEFT JOIN users u ON u.name = t.usr WHERE t.hash = ?", (h,)).fetchone()
        if row is None:
            return Resumed(None, "", False)
        usr, on_device, device_name, revoked, disabled = row
        user = self.get(usr) if not revoked and on_device == device and not disabled else None
        if user is None or user.disabled:
            return Resumed(None, "", bool(disabled))
        self.store.execute("UPDATE tokens SET last_seen = ? WHERE hash = ?", (time.time(), h))
        return Resumed(user, str(device_name or ""), False)

    def let_go(self, tokens: Iterable[str]) -> dict[str, bool]:
        """Of the login tokens of the PCs connected now, those no longer valid, each with whether its user was
        disabled (else it was revoked, or is gone): the server lets those PCs go, saying why. One read for them all."""
        hashes = {_token_hash(token): token for token in tokens}
        good: set[str] = set()
        disabled: set[str] = set()
        wanted = list(hashes)
        for i in range(0, len(wanted), 500):  # within SQLite's limit on parameters
            part = wanted[i:i + 500]
            for h, revoked, off in self.store.execute(
                    "SELECT t.hash, t.revoked, u.disabled FROM tokens t JOIN users u ON u.name = t.usr "
                    f"WHERE t.hash IN ({','.join('?' * len(part))})", part):
                if off:
                    disabled.add(h)
                elif not revoked:
                    good.add(h)
        return {token: h in disabled for h, token in hashes.items() if h not in good}

    def login_of(self, token: str) -> tuple[User, str, float] | None:
        """(user, device, last seen) of a valid login token, else None: a browser's session cookie holds one."""
        row = self.store.execute("SELECT usr, device, last_seen FROM tokens WHERE hash = ? AND revoked = 0",
                                 (_token_hash(token),)).fetchone()
        user = self.get(row[0]) if row else None
        if row is None or user is None or user.disabled:
            return None
        return user, str(row[1]), float(row[2])

    def touch(self, token: str) -> None:
        self.store.execute("UPDATE tokens SET last_seen = ? WHERE hash = ?", (time.time(), _token_hash(token)))

    def revoke_token(self, token: str) -> None:
        self.store.execute("UPDATE tokens SET revoked = 1 WHERE hash = ?", (_token_hash(token),))

    def revoke_all(self, name: str) -> None:
        self.store.execute("UPDATE tokens SET revoked = 1 WHERE usr = ?", (name,))

    def knows_device(self, name: str, device: str) -> bool:
        """Whether this PC has logged in as this user before (its login may have been revoked since)."""
        return self.store.execute("SELECT 1 FROM tokens WHERE usr = ? AND device = ? LIMIT 1",
                                  (name, device)).fetchone() is not None

    def revoke_device(self, name: str, device: str) -> None:
        self.store.execute("UPDATE tokens SET revoked = 1 WHERE usr = ? AND device = ?", (name, device))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Slow on purpose (argon2); run it off the event loop. A missing user costs the same time. One check at a time
    in the process: each takes 64 MiB for its moment, and a burst of logins (at any door) held that times the
    number of worker threads."""
    with _ONE_CHECK_AT_A_TIME:
        return _verify(stored_hash, password)


_ONE_CHECK_AT_A_TIME = threading.Lock()


def _verify(stored_hash: str | None, password: str) -> bool:
    if stored_hash is None:
        try:
            _hasher.verify(_dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    """What a missing user's password is checked against, so that costs what a real check does. Made on first use
    (under the one-check lock), not at import: every process importing this module paid 64 MiB and 0.1 s for it."""
    return _hasher.hash("not-a-real-password-1")


class RateLimiter:
    """Limits password guessing; attempts count when they begin, before the slow password check.

    The rule: an address may begin `limit` attempts per `window` seconds, so 100 parallel guesses from one
    address get 5 checks. A user name takes `limit` wrong passwords per window from PCs it has never logged
    in from; a PC that holds (or held) that user's login is exempt from the user's count, so a stranger
    guessing "olga" locks himself out, never Olga at her own desk. Memory is bounded: at most
    `max_keys` addresses and names are remembered (the oldest are forgotten first).
    """

    def __init__(self, limit: int = 5, window: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str) -> deque[float]:
        q = self._hits.get(key)
        if q is None:
            q = self._hits[key] = deque()
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
        else:
            self._hits.move_to_end(key)
        now = self.clock()
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def _wait(self, q: deque[float]) -> float:
        return self.window - (self.clock() - q[0]) if len(q) >= self.limit else 0.0

    def begin(self, address: str, user: str, known_device: bool) -> float:
        """0 when this attempt may go on (it is counted now), else the seconds to wait."""
        by_address = self._recent(f"addr:{address}")
        by_user = self._recent(f"user:{user}")
        wait = max(self._wait(by_address), 0.0 if known_device else self._wait(by_user))
        if wait <= 0:
            by_address.append(self.clock())
        return wait

    def failed(self, address: str, user: str, known_device: bool) -> None:
        if not known_device:
            self._recent(f"user:{user}").append(self.clock())

    def succeeded(self, address: str, user: str) -> None:
        self._hits.pop(f"user:{user}", None)
        by_address = self._hits.get(f"addr:{address}")
        if by_address:
            by_address.pop()  # a right password does not count against the address

    def __len__(self) -> int:
        return len(self._hits)
