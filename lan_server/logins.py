"""A password login at any door of the server (a PC's sync port, a browser, a phone's CardDAV): one limiter, one
lockout across server processes, argon2 off the event loop."""

from __future__ import annotations

import asyncio

from lan_server import auth
from lan_server.auth import RateLimiter, User
from lan_server.hub import Hub
from lan_server.protocol import errors as codes
from lan_server.protocol.reasons import Reason

MAX_NAME = 128        # a user name; longer ones are refused before anything is remembered about them
MAX_PASSWORD = 1024


class LoginRefused(Exception):
    """A wrong password (codes.AUTH_FAILED) or too many attempts (codes.RATE_LIMITED, `wait` seconds)."""

    def __init__(self, code: str, message: str, wait: float = 0.0) -> None:
        super().__init__(message)
        self.code, self.message, self.wait = code, message, wait


async def check_password(hub: Hub, limiter: RateLimiter, *, address: str, name: str, password: str, device: str,
                         company: str = "") -> User:
    """The user `name` when `password` is theirs; else LoginRefused. `device` is the PC's (or browser's) own id: a
    device that holds or held this user's login is exempt from the user's lockout (RateLimiter says why)."""
    if len(name) > MAX_NAME or len(password) > MAX_PASSWORD:
        raise LoginRefused(codes.AUTH_FAILED, Reason("wrong_password"))
    known = await hub.call(hub.users.knows_device, name, device)
    who = f"{name}@{company}" if company else name  # a user name is counted per company
    wait = limiter.begin(address, who, known)
    shared = not hub.store.sqlite  # several server processes may share this office's database
    users, window, limit = hub.users, limiter.window, limiter.limit
    # The address's attempts and the user's wrong passwords count across processes, not per process.
    if not wait and shared and not await hub.call(users.begin_attempt, address, window, limit):
        wait = window
    if not wait and shared and not known and await hub.call(users.recent_failures, who, window) >= limit:
        wait = window
    if wait > 0:
        raise LoginRefused(codes.RATE_LIMITED, Reason("too_many_passwords", seconds=int(wait) + 1), wait)
    stored = await hub.call(users.password_hash, name)
    # argon2 is slow on purpose: verify on a worker thread, not on the loop or the database thread.
    good = await asyncio.get_running_loop().run_in_executor(None, auth.verify_password, stored, password)
    if not good:
        limiter.failed(address, who, known)
        if shared and not known:
            await hub.call(users.note_failure, who, window)
        raise LoginRefused(codes.AUTH_FAILED, Reason("wrong_password"))
    limiter.succeeded(address, who)
    if shared:
        await hub.call(users.clear_failures, who)
        await hub.call(users.forget_attempt, address)
    user = await hub.call(users.get, name)
    if user is None or user.disabled:  # disabled between the check and now
        raise LoginRefused(codes.AUTH_FAILED, Reason("wrong_password"))
    return user
