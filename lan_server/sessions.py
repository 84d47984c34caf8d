"""One client connection: read a frame, check it, dispatch it, reply; bad input closes only this connection."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import socket
import ssl
import struct
import sys
from typing import Any, Awaitable, Callable

from lan_server.auth import RateLimiter, User
from lan_server.hub import Hub
from lan_server.intake import HANDSHAKE_S, STEP_S, AtWork, Doorway, Refusals, unread
from lan_server.logins import LoginRefused, check_password
from lan_server.protocol import OLDEST_PROTOCOL, PROTOCOL_VERSION, FrameDecoder, ProtocolError, encode, error, ok
from lan_server.protocol import errors as codes
from lan_server.protocol.frames import DEFAULT_MAX_FRAME, PRE_LOGIN_MAX_FRAME
from lan_server.protocol.messages import MAX_PAGE, event, validate_request
from lan_server.protocol.reasons import Reason
from lan_server.protocol.replies import Refusal
from lan_server.records import Op
from lan_server.records.ops import op_id_of

log = logging.getLogger(__name__)
# A subscriber this far behind is cut off; it catches up with `pull` when it reconnects.
MAX_SEND_BUFFER = 64 * 1024 * 1024
READ_SIZE = 64 * 1024
LOGIN_DEADLINE_S = 15.0   # from connecting to logged in; then the connection may stay as long as it likes
FRAME_DEADLINE_S = 60.0   # a frame begun must be whole by then: a trickled 8 MiB frame cannot hold memory long
PUSHES_AHEAD = 2  # a connection's pushes being stored or read ahead, at most; the frames after them wait unread


_OPEN = ("hello",)
_UNAUTHED = ("login", "resume", "ping")


class Session:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, hub: Hub,
                 limiter: RateLimiter, *, server_info: dict[str, Any], max_frame: int = DEFAULT_MAX_FRAME,
                 registry: set[Session] | None = None, doorway: Doorway | None = None,
                 choose: Callable[[str], Awaitable[tuple[Hub, dict[str, Any]]]] | None = None,
                 tls: ssl.SSLContext | None = None,
                 restore: Callable[[Hub, str, Session], Awaitable[str]] | None = None) -> None:
        self.reader = reader
        self.writer = writer
        self.hub = hub
        self.limiter = limiter
        self.server_info = server_info
        self.max_frame = max_frame
        self.registry = registry if registry is not None else set()
        self.doorway = doorway if doorway is not None else Doorway(Refusals())  # an empty one is falsy
        self.choose = choose  # a server of several companies: the hub of the one named in hello
        self.restore = restore  # the server's: put this company back as a backup holds it (an administrator's window)
        self.tls = tls  # TLS to begin once the doorway has let this connection in (none: begun at accept)
        self._handshake: asyncio.Future[None] | None = None
        self._answering = False  # a request of this connection's is being answered (a password check takes a while)
        self._stepped: float | None = None  # when it last took a step towards logging in (TLS done, hello answered)
        peer = writer.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        self.greeted = False
        self.protocol = PROTOCOL_VERSION  # what the PC said in hello: its changes are sent in that form
        self.rows = False  # and whether it reads ops as rows (hub.ops_to_wire)
        self.user: User | None = None
        self.device = ""
        self.device_name = ""
        self.token = ""
        self.closed = False
        # The one frame reader of both sides (fuzzed); small frames until the user has logged in.
        self.decoder = FrameDecoder(PRE_LOGIN_MAX_FRAME)
        # Pushes handed to the hub and not answered yet, oldest first: (request id, the answer being made).
        self._ahead: collections.deque[tuple[int, asyncio.Future[dict[str, Any]]]] = collections.deque()

    # ---- sending

    def send(self, message: dict[str, Any]) -> None:
        self.send_frame(encode(message))

    def send_frame(self, frame: bytes) -> None:
        if self.closed or self.writer.is_closing():
            return
        self.writer.write(frame)
        if self._buffered() > MAX_SEND_BUFFER:
            log.warning("dropping %s: it does not read its changes", self.address)
            self.close()
            self._reset()

    def _reset(self) -> None:
        """Cut the connection now, with what it did not read: a plain close would leave the system trying to
        deliver it (about 100 s here) while the PC's receive window stays shut."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                struct.pack("HH" if sys.platform == "win32" else "ii", 1, 0))
        self.writer.transport.abort()

    def _buffered(self) -> int:
        """Bytes waiting to go to this PC. The TLS transport counts only what it has not yet encrypted; what
        it has encrypted waits in the socket transport below it (asyncio keeps that one private)."""
        transport = self.writer.transport
        below = getattr(getattr(transport, "_ssl_protocol", None), "_transport", None)
        return int(transport.get_write_buffer_size()) + (int(below.get_write_buffer_size()) if below else 0)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if self._handshake is not None:
                self._handshake.cancel()
            self.doorway.leave(self)
            self.hub.unsubscribe(self)
            self.writer.close()

    def at_work(self) -> AtWork:
        """How far this connection, not logged in yet, is at work on logging in rather than holding a place (a
        flood's silent connections never say a word). Read from TLS's own state and a peek at the socket: nothing is
        taken from it, nothing copied."""
        if self._answering:
            return AtWork.SPEAKING
        recent = self._stepped is not None and asyncio.get_running_loop().time() - self._stepped < STEP_S
        if self.greeted and recent:
            return AtWork.SPEAKING
        work = AtWork.SILENT
        if self._handshake is not None:
            if self._handshake.done():  # TLS is over; its session has not taken that in yet
                return AtWork.SERVERS_TURN
            transport = self.writer.transport  # the plain one until TLS is done: asyncio's TLS protocol reads it
            tls = getattr(transport.get_protocol(), "_sslobj", None) if transport is not None else None
            # A server's TLS object knows the ciphers both sides offer once the client's hello has been read, and
            # its version once the handshake is done on the server's side.
            if isinstance(tls, ssl.SSLObject) and tls.shared_ciphers() is not None:
                if tls.version() is not None:
                    return AtWork.SERVERS_TURN
                work = AtWork.PCS_TURN
        elif recent:
            work = AtWork.PCS_TURN
        # Its TLS hello, the rest of its handshake or its next frame has arrived; a busy server has not read it yet
        if unread(self.writer.get_extra_info("socket")):
            return AtWork.SPEAKING if self.greeted else AtWork.SERVERS_TURN
        return work

    def _step(self) -> None:
        """A step towards logging in: to the back of the doorway's line, and at work for a moment."""
        self._stepped = asyncio.get_running_loop().time()
        self.doorway.progressed(self)

    def drop(self) -> None:
        """Cut the connection and let go of its half-received frame now (the server holds too much of those)."""
        self.decoder.clear()
        self.close()
        self._reset()

    def kick(self, reason: str) -> None:
        self.send(event("kicked", reason=reason, **({"why": reason.to_wire()} if isinstance(reason, Reason) else {})))
        self.close()

    # ---- the loop

    async def run(self) -> None:
        self.registry.add(self)
        self.doorway.enter(self)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + LOGIN_DEADLINE_S
        if self.tls is not None and not await self._begin_tls():
            self.registry.discard(self)
            self.close()
            return
        decoder, frames = self.decoder, self.doorway.frames
        partial_since: float | None = None  # when the frame now being received began to arrive
        try:
            while not self.closed:
                now = loop.time()
                limits = [deadline] if self.user is None else []
                if partial_since is not None:
                    limits.append(partial_since + FRAME_DEADLINE_S)
                wait = max(0.0, min(limits) - now) if limits else None
                try:
                    data = await asyncio.wait_for(self.reader.read(READ_SIZE), wait)
                except asyncio.TimeoutError:
                    late_login = self.user is None and loop.time() >= deadline
                    self.doorway.refusals.note(f"did not log in within {LOGIN_DEADLINE_S:.0f} s" if late_login else
                                               f"began a frame and did not finish it within {FRAME_DEADLINE_S:.0f} s")
                    return
                except (ConnectionError, OSError):
                    return
                if not data:
                    return
                whole = 0
                try:
                    for msg in decoder.messages(data):
                        whole += 1
                        if self.user is not None and await self._push_ahead(msg):
                            continue  # stored while the next frames are read; answered in order
                        await self._answer_ahead()  # any other request is answered after the pushes before it
                        self._answering = True
                        try:
                            answered = await self._handle(msg)
                        finally:
                            self._answering = False
                        if not answered:
                            return
                        if self.user is not None:
                            decoder.max_frame = self.max_frame
                except ProtocolError as e:  # a broken or oversize frame: the stream cannot be resynchronised
                    self.send(error(None, e.code, e.message))
                    return
                began = bool(decoder.pending) and (whole > 0 or partial_since is None)
                if not decoder.pending:
                    partial_since = None
                elif began:
                    partial_since = loop.time()  # a new frame began (or the first part of one arrived)
                frames.hold(self, decoder.pending, new_frame=began)
        except (ConnectionError, OSError) as e:  # the PC went away while it was being answered: nothing to fix
            log.warning("%s went away before its reply was sent (%s)", self.address, type(e).__name__)
        except Exception:
            log.exception("session %s failed", self.address)
            self.send(error(None, codes.INTERNAL, "internal server error; the server log has details"))
        finally:
            frames.release(self)
            self.decoder.clear()
            self.registry.discard(self)
            self.close()
            try:
                await asyncio.wait_for(self.writer.wait_closed(), 2)
            except (Exception, asyncio.CancelledError):
                pass

    async def _begin_tls(self) -> bool:
        """TLS over the connection the doorway let in; False (and a refusal noted) when it does not come about."""
        plain = self.writer.transport
        assert self.tls is not None
        self._handshake = asyncio.ensure_future(self.writer.start_tls(self.tls, ssl_handshake_timeout=HANDSHAKE_S))
        try:
            await asyncio.wait([self._handshake])  # bounded by the handshake's own timeout
        finally:
            if not self._handshake.done():  # the server is stopping
                self._handshake.cancel()
        handshake, self._handshake = self._handshake, None
        if not handshake.cancelled() and handshake.exception() is None:
            self._step()
            return True
        if self.writer.transport is None:
            # A PC that hangs up mid-handshake makes asyncio's start_tls hand back no transport (CPython 3.11-3.13);
            # the writer keeps the closed one, so closing and collecting it stay quiet.
            self.writer._transport = plain  # type: ignore[attr-defined]
        if not handshake.cancelled():  # cancelled: pushed out of the doorway, already counted there
            self.doorway.refusals.note(f"did not begin TLS ({type(handshake.exception()).__name__})")
        return False

    async def _push_ahead(self, msg: dict[str, Any]) -> bool:
        """A logged-in PC's push goes to the hub at once, and the frames after it are read meanwhile: the loop
        decodes push N+1 while the database thread stores push N, and pushes waiting together are stored in one
        transaction. Answers go out in the order the pushes came (_answered). False: not a push, answer it as usual."""
        if msg.get("type") != "push":
            return False
        try:
            validate_request(msg)
        except ProtocolError:
            return False  # answered with its error in order, by _handle
        while len(self._ahead) >= PUSHES_AHEAD:  # bounded: a PC that sends faster than it is served waits
            await asyncio.wait([self._ahead[0][1]])
        if self.closed:
            return True
        # A task starts in the order made and hands its ops to the hub before it first waits (Hub.push_soon), so the
        # hub takes a connection's pushes in the order they came.
        stored = asyncio.ensure_future(self.on_push(msg))
        self._ahead.append((msg["id"], stored))
        stored.add_done_callback(self._answered)
        self.doorway.leave(self)
        await self.writer.drain()  # what this PC is owed waits no more than its answers allow
        return True

    def _answered(self, _done: asyncio.Future[dict[str, Any]] | None = None) -> None:
        """Send the answers of the pushes stored so far, oldest first, and no later one before an earlier one."""
        while self._ahead and self._ahead[0][1].done():
            req_id, stored = self._ahead.popleft()
            if stored.cancelled():
                continue
            failure = stored.exception()
            if failure is None:
                self.send(ok(req_id, **stored.result()))
                continue
            log.error("session %s failed", self.address, exc_info=failure)
            self.send(error(None, codes.INTERNAL, "internal server error; the server log has details"))
            self._ahead.clear()
            self.close()

    async def _answer_ahead(self) -> None:
        """Wait until every push begun has been answered."""
        while self._ahead:
            await asyncio.wait([self._ahead[0][1]])
            self._answered()

    async def _handle(self, msg: dict[str, Any]) -> bool:
        """Answer one request; False when the connection must close."""
        req_id: int | None = None
        try:
            kind, req_id = validate_request(msg)
            self._check_order(kind)
            if self.user is not None and kind != "push":  # a push's judge reads them as it takes the push
                await self.hub.call(self.hub.rights.recheck)
            reply = await getattr(self, _HANDLERS[kind])(msg)
            if self.user is not None:
                self.doorway.leave(self)
            self.send(ok(req_id, **reply))
        except ProtocolError as e:
            self.send(error(req_id, e.code, e.message))
            if e.fatal:
                return False
        await self.writer.drain()
        return True

    def _check_order(self, kind: str) -> None:
        if not self.greeted and kind not in _OPEN:
            raise ProtocolError(codes.OUT_OF_ORDER, "send hello first")
        if self.user is None and kind not in _OPEN + _UNAUTHED:
            raise ProtocolError(codes.OUT_OF_ORDER, f"log in before {kind}")

    # ---- handlers: each returns the reply's fields or raises ProtocolError

    async def on_hello(self, msg: dict[str, Any]) -> dict[str, Any]:
        if not OLDEST_PROTOCOL <= msg["v"] <= PROTOCOL_VERSION:
            raise ProtocolError(codes.VERSION_MISMATCH, Reason(
                "update_client" if msg["v"] < OLDEST_PROTOCOL else "update_server", server=PROTOCOL_VERSION,
                client=msg["v"]))
        company = msg.get("company")
        if company and self.user is not None:  # a login holds for the company it was made in, never another
            raise ProtocolError(codes.OUT_OF_ORDER, Reason("choose_company"))
        if company and self.choose is not None:
            try:
                self.hub, self.server_info = await self.choose(company)
            except LookupError as e:
                raise ProtocolError(codes.NOT_FOUND, e.args[0] if e.args else str(e)) from None
        self.greeted = True
        self.protocol = msg["v"]  # a PC of 0.1-0.3 (protocol 1) is served in the form it reads
        self.rows = msg.get("rows") is True and self.protocol >= 2
        self._step()
        # The client reads frames up to the same limit the server keeps to (pages are bounded by bytes).
        # now_ms: PCs stamp their edits in the server's time, whatever their own clocks say.
        # rows: this server reads a push's ops as rows too (half the bytes of maps, a quarter of the reading)
        return {"v": self.protocol, "max_frame": self.max_frame, "now_ms": self.hub.now_ms(), "rows": True,
                **self.server_info}

    async def on_login(self, msg: dict[str, Any]) -> dict[str, Any]:
        try:
            self.user = await check_password(self.hub, self.limiter, address=self.address, name=msg["user"],
                                             password=msg["password"], device=str(msg["device"]),
                                             company=str(self.server_info.get("company") or ""))
        except LoginRefused as e:
            raise ProtocolError(e.code, e.message) from None
        self.device, self.device_name = msg["device"], msg.get("device_name", "")
        self.token = await self.hub.call(self.hub.users.issue_token, self.user.name, self.device, self.device_name)
        return {"token": self.token, **await self.hub.call(self.hub.whoami, self.user)}

    async def on_resume(self, msg: dict[str, Any]) -> dict[str, Any]:
        resumed = await self.hub.call(self.hub.users.resume, msg["token"], msg["device"])
        if resumed.user is None:
            raise ProtocolError(codes.TOKEN_INVALID, Reason("login_disabled" if resumed.disabled else "login_invalid"))
        self.user, self.device, self.token = resumed.user, msg["device"], msg["token"]
        self.device_name = resumed.device_name
        return dict(await self.hub.call(self.hub.whoami, resumed.user))

    async def on_push(self, msg: dict[str, Any]) -> dict[str, Any]:
        ops: list[Op] = []
        malformed: list[Refusal] = []
        for d in msg["ops"]:  # maps, or rows from a PC this server told it reads them (on_hello)
            try:
                ops.append(Op.read(d))
            except ValueError as e:
                # Refused one by one, so a broken op cannot block the good ones queued behind it.
                raw_id = op_id_of(d)
                malformed.append(Refusal(raw_id if isinstance(raw_id, str) else "?",
                                         Reason("malformed_edit", detail=str(e))))
        assert self.user is not None
        result = await self.hub.push_soon(self.user, ops)
        return {"acks": [a.to_wire() for a in result.acks],
                "rejected": [r.to_wire() for r in malformed + result.rejected]}

    async def on_pull(self, msg: dict[str, Any]) -> dict[str, Any]:
        return await self.hub.call(self.hub.pull, self.user, msg["since"], min(msg.get("limit", MAX_PAGE), MAX_PAGE),
                                   self.protocol, self.rows)

    async def on_snapshot(self, msg: dict[str, Any]) -> dict[str, Any]:
        try:
            return await self.hub.call(self.hub.snapshot, self.user, msg["after"],
                                       min(msg.get("limit", MAX_PAGE), MAX_PAGE), self.protocol)
        except ValueError as e:  # a cursor this server did not make
            raise ProtocolError(codes.INVALID, str(e)) from None

    async def on_subscribe(self, msg: dict[str, Any]) -> dict[str, Any]:
        if self in self.hub.subscribers():
            raise ProtocolError(codes.OUT_OF_ORDER, "already subscribed")
        return await self.hub.call(self.hub.subscribe, self, msg["since"])

    async def on_ping(self, msg: dict[str, Any]) -> dict[str, Any]:
        return {"time_ms": self.hub.now_ms()}

    async def on_digest(self, msg: dict[str, Any]) -> dict[str, Any]:
        return await self.hub.call(self.hub.digest, self.user)

    async def on_history(self, msg: dict[str, Any]) -> dict[str, Any]:
        return await self.hub.call(self.hub.history, self.user, msg["rec"], self.protocol)

    async def on_users(self, msg: dict[str, Any]) -> dict[str, Any]:
        users = await self.hub.call(self.hub.users.all)
        admin = self.user is not None and await self.hub.call(self.hub.rights.is_admin, self.user)
        roles = await self.hub.call(self.hub.rights.roles) if admin else []
        # Each PC once (its sync and a dialog's request are two connections of one PC), this company's only.
        online = list({(s.user.name, s.device): {"user": s.user.name, "device": s.device, "device_name": s.device_name,
                                                 "address": s.address}
                       for s in list(self.registry) if s.user is not None and s.hub is self.hub}.values())
        # Colleagues see each other's names (to assign work), a former colleague's too, marked (their name is on
        # records: the pages say it, every PC does); roles are for admins. A PC of the previous release skips
        # whoever is marked disabled, as it did when only admins were told.
        return {"users": [{"name": u.name, "role": u.role, "disabled": u.disabled, "full_name": u.full_name}
                          if admin else {"name": u.name, "full_name": u.full_name, **({"disabled": True}
                                                                                      if u.disabled else {})}
                          for u in users],
                "connected": online if admin else [], "roles": roles}

    async def on_backups(self, msg: dict[str, Any]) -> dict[str, Any]:
        """An administrator's window: list the backups (checked), make one now, or change the nightly time,
        the second folder and how many are kept."""
        assert self.user is not None
        if not await self.hub.call(self.hub.rights.is_admin, self.user):
            raise ProtocolError(codes.FORBIDDEN, Reason("admin_only_restore" if msg.get("action") == "restore"
                                                        else "admin_only_backups"))
        jobs = self.hub.backups
        if jobs is None:
            raise ProtocolError(codes.NOT_FOUND, Reason("no_backups"))
        from lan_server.backups import BackupError
        loop = asyncio.get_running_loop()
        action = msg.get("action", "list")
        try:  # file work off the loop and off the database thread: a backup of a big office takes a while
            if action == "now":
                made = await loop.run_in_executor(None, jobs.now)
                return {"made": made, **await loop.run_in_executor(None, jobs.listing)}
            if action == "restore":
                if not msg.get("backup") or self.restore is None:
                    raise ProtocolError(codes.INVALID, "restore: name the backup")
                kept = await self.restore(self.hub, str(msg["backup"]), self)
                # This connection served the office as it was: it ends once the answer is out; the PC reconnects
                # (as every other PC of the office does) and follows the restored office.
                loop.call_later(1.0, self.close)
                return {"restored": msg["backup"], "kept": kept}
            if action == "set":
                keep = msg.get("keep")
                await loop.run_in_executor(None, lambda: jobs.configure(
                    time=msg.get("time"), copy_to=msg.get("copy_to"), keep=int(keep) if keep is not None else None))
            elif action != "list":
                raise ProtocolError(codes.INVALID, f"unknown backups action {action!r}")
            return dict(await loop.run_in_executor(None, jobs.listing))
        except BackupError as e:  # a Reason stays one, to be said in the administrator's language
            raise ProtocolError(codes.INVALID, e.args[0] if isinstance(e.args[0], Reason) else str(e)) from None

    async def on_phones(self, msg: dict[str, Any]) -> dict[str, Any]:
        """The user's own phones (Settings > Phones): list them, add one (its password is in this answer only),
        or revoke one. A phone password opens CardDAV/CalDAV, nothing else."""
        assert self.user is not None
        from lan_server.phone_passwords import PhonePasswords
        user, action = self.user.name, msg.get("action", "list")

        def work() -> dict[str, Any]:
            phones = PhonePasswords(self.hub.store)
            made: dict[str, Any] = {}
            if action == "add":
                phone, password = phones.add(user, msg.get("name", ""))
                made = {"added": phone.id, "password": password}
            elif action == "revoke":
                if not phones.revoke(user, msg.get("phone", "")):
                    raise ValueError(Reason("no_such_phone"))
            elif action != "list":
                raise ValueError(f"unknown phones action {action!r}")
            return {"phones": [p.to_wire() for p in phones.of(user)], "login": self.user_login(),
                    "web_port": self.server_info.get("web_port") or 0, **made}
        try:
            return await self.hub.call(work)
        except ValueError as e:
            raise ProtocolError(codes.INVALID, e.args[0] if e.args and isinstance(e.args[0], Reason) else str(e)) \
                from None

    def user_login(self) -> str:
        """What the user types as the login on a phone: their name, with the company when it is not the first."""
        assert self.user is not None
        company = self.server_info.get("company") or ""
        return f"{self.user.name}@{company}" if company else self.user.name

    async def on_number(self, msg: dict[str, Any]) -> dict[str, Any]:
        assert self.user is not None
        try:
            return await self.hub.call(self.hub.number, self.user, msg["series"], msg.get("doc"))
        except (KeyError, ValueError) as e:
            raise ProtocolError(codes.NOT_FOUND, str(e)) from None
        except PermissionError as e:
            raise ProtocolError(codes.FORBIDDEN, str(e)) from None

    async def on_admin(self, msg: dict[str, Any]) -> dict[str, Any]:
        """User management from an administrator's window; the same rules as the server's command line."""
        assert self.user is not None
        if not await self.hub.call(self.hub.rights.is_admin, self.user):
            raise ProtocolError(codes.FORBIDDEN, Reason("admin_only_users"))
        users, action, name = self.hub.users, msg["action"], msg["name"]
        calls = {
            "add": lambda: users.add(name, msg.get("password", ""), msg.get("role", "manager"),
                                     full_name=msg.get("full_name", "")),
            "disable": lambda: users.set_disabled(name, True),
            "enable": lambda: users.set_disabled(name, False),
            "passwd": lambda: users.set_password(name, msg.get("password", "")),
            "role": lambda: users.set_role(name, msg.get("role", "")),
        }
        if action not in calls:
            raise ProtocolError(codes.INVALID, f"unknown action {action!r}")
        if action == "disable" and name == self.user.name:
            raise ProtocolError(codes.INVALID, Reason("disable_self"))
        try:
            await self.hub.call(calls[action])
        except ValueError as e:
            raise ProtocolError(codes.INVALID, str(e)) from None
        await self.hub.call(self.hub.rights.refresh)  # a changed role holds at once, on open connections too
        return {}

    async def on_reach(self, msg: dict[str, Any]) -> dict[str, Any]:
        assert self.user is not None
        return await self.hub.call(self.hub.reach, self.user, str(msg["section"]))

    async def on_logout(self, msg: dict[str, Any]) -> dict[str, Any]:
        assert self.user is not None
        await self.hub.call(self.hub.users.revoke_device, self.user.name, self.device)
        return {}


# Request type -> the method that answers it: by name, so a session holds no bound methods of itself (a cycle that
# kept a closed connection, and OpenSSL's state with it, until the garbage collector's rare full pass).
_HANDLERS = {"hello": "on_hello", "login": "on_login", "resume": "on_resume", "push": "on_push", "pull": "on_pull",
             "snapshot": "on_snapshot", "subscribe": "on_subscribe", "ping": "on_ping", "digest": "on_digest",
             "history": "on_history", "users": "on_users", "logout": "on_logout", "number": "on_number",
             "admin": "on_admin", "backups": "on_backups", "phones": "on_phones", "reach": "on_reach"}

