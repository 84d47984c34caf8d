"""HTTP Basic login for phones: a phone password (Settings > Phones) or the office password, the latter through the
password check every door shares (lan_server/logins.py: one limiter, one lockout).

A phone sends its password with every request (a first sync is hundreds), and argon2 costs 0.13 s by design, so a
password checked once is remembered for a while by a keyed digest (never the password): the next requests cost a
table lookup that still sees a revoked phone, a disabled user or a changed password at once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from lan_server.auth import User
from lan_server.logins import LoginRefused
from lan_server.protocol import errors as codes

REMEMBER_S = 15 * 60
MAX_REMEMBERED = 10_000
MAX_LOGIN = 200
MAX_PASSWORD = 1024


@dataclass(frozen=True)
class Login:
    office: Any  # the company's Office (lan_server/app.py)
    login: str  # as typed: "anna", or "anna@branch" for a company other than the first
    user: User
    device: str  # the ops' device: "phone:<id>" with a phone password, "dav:<login>" with the office password
    phone_id: str = ""


@dataclass
class _Known:
    login: Login
    proof: str  # the stored password hash it was checked against, or the phone's id
    until: float


class Refused(Exception):
    def __init__(self, status: int, message: str, retry_after: int = 0) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


def credentials(header: str | None) -> tuple[str, str] | None:
    """(login, password) of an `Authorization: Basic ...` header, or None."""
    if not header or not header[:6].lower() == "basic ":
        return None
    try:
        raw = base64.b64decode(header[6:].strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # RFC 7617 leaves the charset to the client; old ones send Latin-1
    login, sep, password = text.partition(":")
    if not sep or not login or len(login) > MAX_LOGIN or len(password) > MAX_PASSWORD:
        return None
    return login, password


class Doorman:
    """Who a request comes from. One per server; offices (companies) are chosen by the login."""

    def __init__(self, web_: Any, views: Any) -> None:
        self.web = web_
        self.server = web_.server
        self.views = views  # async (office) -> DavView
        self._secret = secrets.token_bytes(32)
        self._known: OrderedDict[tuple[str, str], _Known] = OrderedDict()

    async def _office(self, login: str) -> tuple[Any, str] | None:
        """The company a login is for, and the user's name in it: "anna" in the first, "anna@branch" in branch
        (unless the first company has a user named "anna@branch")."""
        main = self.server.offices[""]
        if "@" not in login or await main.hub.call(main.users.get, login) is not None:
            return main, login
        name, _, key = login.rpartition("@")
        known = {c["id"] for c in self.server.listing()}
        if key not in known:
            return main, login
        await self.server.choose(key)
        return self.server.offices[key], name

    async def login(self, request: Any) -> Login:
        """The login of a request; Refused(401) without valid credentials, Refused(429) while limited."""
        found = credentials(request.headers.get("Authorization"))
        if found is None:
            raise Refused(401, "log in with your office login and a phone password")
        login, password = found
        digest = hmac.new(self._secret, password.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
        key = (login, digest)
        known = self._known.get(key)
        if known is not None and known.until > time.monotonic():
            if await known.login.office.hub.call(self._still_valid, known):
                self._known.move_to_end(key)
                return known.login
            self._known.pop(key, None)
        placed = await self._office(login)
        if placed is None:
            raise Refused(401, "wrong login or password")
        office, name = placed
        view = await self.views(office)
        hub = office.hub
        # A phone password is checked first: 80 random bits cannot be guessed, so the phone of a user whose name a
        # stranger is guessing keeps syncing (as a PC that holds the user's login does). Anything else, a wrong
        # phone password too, is an office password attempt through the shared check and its limiter.
        phone_id = await hub.call(view.phones.check, name, password)
        proof = phone_id or ""
        if phone_id:
            user = await hub.call(office.users.get, name)
            if user is None or user.disabled:
                raise Refused(401, "wrong login or password")
        else:
            try:
                user = await self.web.password_login(office, request, name, password, f"dav:{name}")
            except LoginRefused as e:
                if e.code == codes.RATE_LIMITED:
                    raise Refused(429, e.message, int(e.wait) + 1) from None
                raise Refused(401, "wrong login or password") from None
            proof = await hub.call(office.users.password_hash, name) or ""
        made = Login(office, login, user, f"phone:{phone_id}" if phone_id else f"dav:{name}", phone_id or "")
        self._known[key] = _Known(made, proof, time.monotonic() + REMEMBER_S)
        while len(self._known) > MAX_REMEMBERED:
            self._known.popitem(last=False)
        if phone_id:
            await hub.call(view.phones.used, phone_id)
        return made

    def _still_valid(self, known: _Known) -> bool:
        """On the database thread: the user is still enabled, and the phone not revoked or the password the same."""
        login = known.login
        users = login.office.users
        user = users.get(login.user.name)
        if user is None or user.disabled:
            return False
        if login.phone_id:
            return bool(self.views_now(login.office).phones.valid(login.phone_id))
        return users.password_hash(login.user.name) == known.proof

    def views_now(self, office: Any) -> Any:
        return self.views.made[office.key]
