"""One TLS connection to the server: pinned certificate, hello, request/reply by id, server events."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from typing import Any, Callable

from client.core.error_words import in_words, refused
from client.core.errors import (
    AuthError,
    CertificateChanged,
    ConnectError,
    ServerError,
    ServerSilent,
    VersionMismatch,
)
from client.core.i18n import _, language
from client.core.refusals import in_language, reason_of
from lan_server.protocol import PROTOCOL_VERSION, FrameDecoder, ProtocolError, encode
from lan_server.protocol import errors as codes
from lan_server.protocol.pinning import fingerprint as fingerprint_of
from lan_server.protocol.pinning import matches

CONNECT_TIMEOUT = 5.0
REQUEST_TIMEOUT = 60.0
READ_SIZE = 64 * 1024
# A 0.1 server announces no frame limit and may send pages bigger than today's 8 MiB: read those too.
OLD_SERVER_MAX_FRAME = 64 * 1024 * 1024
_AUTH_CODES = {codes.AUTH_FAILED, codes.TOKEN_INVALID, codes.RATE_LIMITED}


def parse_address(text: str, default_port: int = 7755) -> tuple[str, int]:
    host, sep, port = text.strip().rpartition(":")
    if not sep:
        return text.strip(), default_port
    try:
        return host.strip("[]"), int(port)
    except ValueError:
        raise ConnectError(_("not a server address: {text!r} (use host:port, e.g. 192.168.1.10:7755)").format(
            text=text)) from None


def silent_reason() -> str:
    """Why a PC gave up on a server that is there and says nothing, in the language of the moment."""
    return _("the server does not answer (it may be stopped or overloaded)")


def _unreachable_reason(e: OSError) -> str:
    if refused(e):  # at one address, or at each of a name's (asyncio: "Multiple exceptions: [Errno 111] ...")
        return _("no server is running at that address")
    return in_words(e)


def _tls_context() -> ssl.SSLContext:
    # No certificate authority: the office server's self-signed certificate is trusted by its pinned fingerprint.
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, fingerprint: str) -> None:
        self.reader = reader
        self.writer = writer
        self.fingerprint = fingerprint
        self.server_info: dict[str, Any] = {}
        self.on_event: Callable[[dict[str, Any]], None] | None = None
        self._next_id = 0
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.last_heard = time.monotonic()     # when the server last sent anything
        self.given_up: ConnectError | None = None  # why this PC stopped waiting for the server
        self._reader_task: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()
        self.close_reason = ""
        self._decoder = FrameDecoder(OLD_SERVER_MAX_FRAME)  # the same reader as the server's

    @classmethod
    async def open(cls, address: str, *, fingerprint: str | None = None, timeout: float = CONNECT_TIMEOUT,
                   company: str | None = None) -> Connection:
        """Connect, check the certificate against `fingerprint` (when known) and say hello (naming `company`
        on a server of several; none: the one the server was made with)."""
        host, port = parse_address(address)
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port, ssl=_tls_context(), server_hostname=host or "localhost",
                                        limit=2 ** 20), timeout)
        except asyncio.TimeoutError:  # something is there and says nothing: a hung server, a network dropping packets
            raise ServerSilent(_("cannot reach the server at {address} ({reason})").format(
                address=f"{host}:{port}", reason=silent_reason())) from None
        except (OSError, ssl.SSLError) as e:
            raise ConnectError(_("cannot reach the server at {address} ({reason})").format(
                address=f"{host}:{port}", reason=_unreachable_reason(e))) from None
        der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
        if fingerprint and not matches(fingerprint, der):
            writer.close()
            raise CertificateChanged(_(
                "the server at {address} shows a different certificate than the one this PC trusts (expected "
                "{expected}, got {got}). If the server was really reinstalled, log in again with the new "
                "fingerprint; otherwise tell your administrator.").format(
                    address=f"{host}:{port}", expected=fingerprint, got=fingerprint_of(der)), fingerprint_of(der))
        conn = cls(reader, writer, fingerprint_of(der))
        conn._reader_task = asyncio.create_task(conn._read_loop())
        try:
            chosen = {"company": company} if company else {}  # a 0.2 server knows one company and no such key
            # rows: ops come as rows (half a map's bytes: Op.read reads either; a server of 0.4 sends maps)
            conn.server_info = await conn.request("hello", v=PROTOCOL_VERSION, client="organizer", timeout=timeout,
                                                  rows=True, **chosen)
            if isinstance(conn.server_info.get("max_frame"), int):
                conn._decoder.max_frame = conn.server_info["max_frame"]  # what the server keeps its frames to
        except BaseException:
            await conn.close()
            raise
        return conn

    async def _read_loop(self) -> None:
        try:
            while True:
                data = await self.reader.read(READ_SIZE)
                self.last_heard = time.monotonic()
                if not data:
                    self.close_reason = self.close_reason or _("the server closed the connection")
                    return
                for msg in self._decoder.messages(data):
                    self._dispatch(msg)
        except (ConnectionError, OSError, ProtocolError, ssl.SSLError) as e:
            self.close_reason = self.close_reason or _("connection lost ({reason})").format(reason=in_words(e))
        finally:
            for fut in self._waiting.values():
                if not fut.done():
                    fut.set_exception(ConnectError(_("the server closed the connection: {reason}").format(
                        reason=self.close_reason)))
            self._waiting.clear()
            self.closed.set()

    def _dispatch(self, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind in ("ok", "error"):
            re_id = msg.get("re")
            fut = self._waiting.pop(re_id, None) if isinstance(re_id, int) else None
            if fut is not None and not fut.done():
                fut.set_result(msg)
            elif kind == "error":
                self.close_reason = str(msg.get("message", ""))
        elif self.on_event is not None:
            self.on_event(msg)

    async def request(self, kind: str, *, timeout: float = REQUEST_TIMEOUT, **fields: Any) -> dict[str, Any]:
        if self.closed.is_set():
            raise ConnectError(_("not connected: {reason}").format(reason=self.close_reason))
        self._next_id += 1
        req_id = self._next_id
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[req_id] = fut
        self.writer.write(encode({"type": kind, "id": req_id, **fields}))
        try:
            await self.writer.drain()
            reply = await asyncio.wait_for(fut, timeout)
        except asyncio.TimeoutError:  # before OSError: since Python 3.11 a timeout is one too
            raise ServerSilent(_("the server did not answer ({request}) within {seconds} s").format(
                request=kind, seconds=f"{timeout:.0f}")) from None
        except (ConnectionError, OSError) as e:
            raise self.given_up or ConnectError(_("connection lost ({reason})").format(reason=in_words(e))) from None
        finally:
            self._waiting.pop(req_id, None)
        if reply["type"] == "error":
            code = reply.get("code", "")
            message = in_language(reason_of(reply.get("message"), reply.get("reason")), language())
            if code in _AUTH_CODES:
                raise AuthError(message)
            if code == codes.VERSION_MISMATCH:
                raise VersionMismatch(message)
            raise ServerError(code, message)
        return reply

    def silent_for(self) -> float:
        """Seconds the server has said nothing, while a request waits for its answer (0 when none waits)."""
        return time.monotonic() - self.last_heard if self._waiting else 0.0

    def give_up(self, error: ConnectError) -> None:
        """Stop waiting for this server: every request waiting fails with `error`, and the connection is cut."""
        self.close_reason, self.given_up = str(error), error
        for fut in self._waiting.values():
            if not fut.done():
                fut.set_exception(error)
        self.writer.transport.abort()

    async def close(self) -> None:
        if self._reader_task is not None:
            self._reader_task.cancel()
            with contextlib.suppress(BaseException):
                await self._reader_task
        self.writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.writer.wait_closed(), 2)
        self.closed.set()
