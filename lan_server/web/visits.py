"""A browser's login: a session cookie holding a login token of the office's own kind (revoked like a PC's), its
CSRF token, and the rules that end it: idleness, a disabled user, a changed password or role, logging out."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiohttp import web

from lan_server.auth import User

if TYPE_CHECKING:
    from lan_server.web.host import Office, Web
    from lan_server.web.reader import Reader

# __Host-: the browser keeps it only from this origin over HTTPS, for every path, never for another domain.
COOKIE = "__Host-organizer"
DEVICE_COOKIE = "__Host-organizer-device"  # which browser this is, so the user's lockout spares it (auth.py)
IDLE_S = 30 * 60.0        # a session nobody used this long ends by itself
TOUCH_EVERY_S = 60.0      # how often a session's last use is written down (it outlives a server restart)
DEVICE_PREFIX = "browser-"
LIVE_HEADER = "X-Organizer-Live"  # sent by a page refreshing what it shows after a colleague's change
# Why a session ended, as the page says it (lan_server/web/words.py has the words).
ENDED, IDLE, ROLE, NONE = "ended", "idle", "role", "none"


@dataclass
class Visit:
    office: Office
    token: str
    user: User
    device: str
    role: str       # the role when the session began: a change ends the session
    csrf: str
    seen: float     # time.time() of its last request
    touched: float  # when `seen` was last written to the database

    @property
    def cookie(self) -> str:
        return f"{self.office.key}.{self.token}"


def csrf_of(token: str) -> str:
    """The CSRF token of a session: only a page that read it from the server (same origin) can send it back."""
    return hashlib.sha256(b"organizer csrf " + token.encode()).hexdigest()[:32]


def device_of(request: web.Request) -> tuple[str, bool]:
    """This browser's id from its device cookie (made when missing: then True)."""
    found = request.cookies.get(DEVICE_COOKIE, "")
    if len(found) == 32 and all(c in "0123456789abcdef" for c in found):
        return DEVICE_PREFIX + found, False
    return DEVICE_PREFIX + secrets.token_hex(16), True


def set_cookie(response: web.StreamResponse, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(name, value, path="/", secure=True, httponly=True, samesite="Strict", max_age=max_age)


class Visits:
    """The browsers' sessions of every company on this server."""

    def __init__(self, web_: Web, idle_s: float | None = None) -> None:
        self.web = web_
        self.idle_s = IDLE_S if idle_s is None else idle_s
        self._known: dict[str, Visit] = {}

    async def begin(self, office: Office, user: User, device: str, device_name: str) -> Visit:
        hub = office.hub
        token = await hub.call(hub.users.issue_token, user.name, device, device_name[:120])
        role = await hub.call(hub.rights.role_of, user)
        now = time.time()
        visit = Visit(office, token, user, device, role, csrf_of(token), now, now)
        self._known[visit.cookie] = visit
        return visit

    async def find(self, request: web.Request) -> tuple[Visit | None, str]:
        """The request's session, or None and why there is none (NONE: never logged in here)."""
        cookie = request.cookies.get(COOKIE, "")
        key, _, token = cookie.partition(".")
        if not token or len(cookie) > 200:
            return None, NONE
        visit = self._known.get(cookie)
        office = self.web.server.offices.get(key)
        if office is None:
            return None, NONE
        reader = self.web.reader(office)
        found = await reader.call(lambda r: r.users.login_of(token))
        if found is None:  # revoked: logged out, password changed, user disabled (or a guessed id)
            self._known.pop(cookie, None)
            return None, ENDED if visit is not None else NONE
        user, device, last_seen = found
        role = await reader.call(_role_now, user)
        if visit is None:  # a session from before a restart of the server
            visit = Visit(office, token, user, device, role, csrf_of(token), last_seen, last_seen)
            self._known[cookie] = visit
        reason = self.ended(visit, role)
        if reason:
            await self.end(visit)
            return None, reason
        visit.user = user
        if not request.headers.get(LIVE_HEADER):  # a page refreshing itself after a change is not the user's use
            visit.seen = time.time()
        if visit.seen - visit.touched >= TOUCH_EVERY_S:
            visit.touched = visit.seen
            await office.hub.call(office.hub.users.touch, token)
        return visit, ""

    def ended(self, visit: Visit, role: str) -> str:
        """Why this session may not go on ("" while it may)."""
        if role != visit.role:
            return ROLE
        if time.time() - visit.seen > self.idle_s:
            return IDLE
        return ""

    async def end(self, visit: Visit) -> None:
        self._known.pop(visit.cookie, None)
        hub = visit.office.hub
        await hub.call(hub.users.revoke_token, visit.token)

    async def still(self, visit: Visit) -> str:
        """For an open live page: "" while its session holds, else why it ended (checked every second)."""
        reader = self.web.reader(visit.office)
        found = await reader.call(lambda r: r.users.login_of(visit.token))
        if found is None:
            self._known.pop(visit.cookie, None)
            return ENDED
        role = await reader.call(_role_now, found[0])
        reason = self.ended(visit, role)
        if reason:
            await self.end(visit)
        return reason


def _role_now(reader: Reader, user: User) -> str:
    reader.rights.recheck()  # a role changed by the command line a moment ago holds now
    return reader.rights.role_of(user)
