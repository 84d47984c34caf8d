"""What connections may hold of the server's memory before they are served: TLS read buffers, half-received frames."""

from __future__ import annotations

import asyncio
import asyncio.sslproto
import logging
import socket
import time
from collections import OrderedDict
from enum import IntEnum
from itertools import islice
from typing import Any, Awaitable, Callable, Hashable, Protocol

log = logging.getLogger(__name__)

# Frames arrive whole in milliseconds on an office network; what a connection holds of a frame it has not finished
# counts here. 12 MiB lets an 8 MiB push arrive beside a few small ones, and keeps a flood of connections that
# announce 8 MiB frames and trickle them (each may, for up to a minute) to that, not to 8 MiB each.
FRAMES_BUDGET = 12 * 1024 * 1024
# Connections not logged in yet (about 40 KiB each once TLS is done); a new one pushes out the one that waited longest.
MAX_WAITING = 192
# A connection at work on its login is passed over for a silent one when the doorway must push one out; so many of the
# oldest are looked at per newcomer: connections that all say hello and stall cost a bounded look, then go as before.
SPARE_LOOKS = 8
# A step towards logging in (TLS done, hello answered) counts as work this long: the PC's next frame may have been
# read off the socket but not yet by its session while a burst of connections keeps the server busy.
STEP_S = 1.0
HANDSHAKE_S = 10.0  # a connection has this long to finish TLS
# A connection that has said nothing yet costs the transport alone; TLS at accept cost 63 KiB each (asyncio's buffer
# and OpenSSL's state) for every connection still in its handshake, and those were in no line. So TLS begins once
# the doorway has let the connection in, which bounds them (Python 3.11 and later; 3.10 does TLS at accept).
TLS_AFTER_ADMISSION = hasattr(asyncio.StreamWriter, "start_tls")
# asyncio gives every TLS connection a 256 KiB read buffer the moment it is accepted, filled with zeros (so it is
# resident): a thousand connections that never say a word held 250 MiB. Reading 8 KiB at a time costs a frame of
# 8 MiB about a thousand more reads, a few milliseconds.
TLS_READ_BUFFER = 8 * 1024


def small_tls_read_buffers() -> None:
    """Accepted TLS connections read into TLS_READ_BUFFER bytes, not 256 KiB (Python 3.11 and later keep the
    size as a class attribute of their TLS protocol; earlier ones allocate per read, not per connection)."""
    protocol = getattr(asyncio.sslproto, "SSLProtocol", None)
    if protocol is not None and getattr(protocol, "max_size", 0) > TLS_READ_BUFFER:
        protocol.max_size = TLS_READ_BUFFER


class AtWork(IntEnum):
    """How far a connection that has not logged in is at work on it; the doorway pushes out the least."""
    SILENT = 0        # it has said nothing the server has seen, or nothing since a step a while ago
    PCS_TURN = 1      # it took a step a moment ago (its TLS hello read, TLS done, hello answered): the PC answers next
    SERVERS_TURN = 2  # the server owes it: its bytes wait unread, or its TLS is done
    # It speaks our protocol, as a flood's TLS connections do not: a request of its is being answered (a password
    # checked), or it said hello a moment ago, or its next frame waits unread after it.
    SPEAKING = 3


class Waiting(Hashable, Protocol):
    address: str  # where it comes from: the PC's network address

    def close(self) -> None:
        """Close the connection (pushed out of the doorway)."""

    def at_work(self) -> AtWork:
        """How far the connection is at work on its login now, rather than merely holding a place."""


def unread(sock: Any) -> bool:
    """Whether the PC's bytes wait in the system's buffer of a connection's socket, not read by the server yet (in a
    burst the server reads a TLS hello or a frame a while after it arrived). A peek: nothing is taken, nothing waits.
    `sock` is the transport's (asyncio's TransportSocket); a socket object is made over its descriptor and let go."""
    if sock is None:
        return False
    try:
        peek = socket.socket(sock.family, sock.type, 0, sock.fileno())
    except (OSError, ValueError):  # closed meanwhile
        return False
    try:
        peek.setblocking(False)  # asyncio's sockets are already; this makes Python's object say so too
        return bool(peek.recv(1, socket.MSG_PEEK))  # b"": the PC has closed its end
    except OSError:  # BlockingIOError: nothing waits; any other: the connection is gone
        return False
    finally:
        peek.detach()  # the descriptor stays the transport's


class Refusals:
    """One log line per kind of refused connection and minute, not a traceback per socket."""

    def __init__(self, every: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.every, self.clock = every, clock
        self._counts: dict[str, int] = {}
        self._logged: dict[str, float] = {}

    def note(self, reason: str) -> None:
        self._counts[reason] = self._counts.get(reason, 0) + 1
        now = self.clock()
        if now - self._logged.get(reason, -self.every) >= self.every:
            log.warning("refused %d connection(s) in the last minute: %s", self._counts[reason], reason)
            self._logged[reason], self._counts[reason] = now, 0


class Doorway:
    """The server's door, one for all its connections. Those that have not logged in: at most `limit` at a time,
    the oldest pushed out first, so a flood of idle connections cannot keep a colleague's login out. Frames half
    received, logged in or not: `frames` (passwords are checked one at a time: auth.verify_password)."""

    def __init__(self, refusals: Refusals, limit: int | None = None) -> None:
        self.refusals, self.limit = refusals, MAX_WAITING if limit is None else limit
        self._waiting: OrderedDict[Waiting, None] = OrderedDict()
        self._places: dict[str, int] = {}  # address -> how many of the waiting come from it
        self.frames = FrameBudget(note=refusals.note)

    def enter(self, session: Waiting) -> None:
        while len(self._waiting) >= self.limit:
            self._push_out()
        self._waiting[session] = None
        self._places[session.address] = self._places.get(session.address, 0) + 1

    def _push_out(self) -> None:
        """Close a connection of the address that holds the most places in the line: a colleague's PC holds one
        while it logs in, a flood holds many, so however far a flood's connections get in their handshakes (all
        the oldest may be owed a read), they push out their own. Among that address's SPARE_LOOKS oldest, the one
        least at work goes (silent ones first, then those whose PC is to answer, then those owed a read), the
        oldest of those; when all speak our protocol, the oldest goes. When every address holds as many, the same
        among the SPARE_LOOKS oldest of all: a colleague's login in its TLS handshake, or its password being
        checked, outlasts newer ones that say nothing."""
        most = max(self._places.values())
        crowded = {address for address, held in self._places.items() if held == most}
        out, least = None, None
        for waiting in islice((w for w in self._waiting if w.address in crowded), SPARE_LOOKS):
            work = waiting.at_work()
            if least is None or work < least:
                out, least = waiting, work
                if work == AtWork.SILENT:
                    break
        assert out is not None
        self.leave(out)
        self.refusals.note(f"more than {self.limit} connections waiting to log in (one of the address holding the "
                           "most places is closed)")
        out.close()

    def progressed(self, session: Waiting) -> None:
        """`session` took a step towards logging in (TLS done, hello said): it goes to the back of the line, so
        a colleague's login, step by step, outlasts connections that arrive and say nothing."""
        if session in self._waiting:
            self._waiting.move_to_end(session)

    def leave(self, session: Waiting) -> None:
        if session not in self._waiting:
            return
        del self._waiting[session]
        held = self._places[session.address] - 1
        if held:
            self._places[session.address] = held
        else:
            del self._places[session.address]

    def __len__(self) -> int:
        return len(self._waiting)


class _Held(asyncio.StreamReaderProtocol):
    """Reads nothing until TLS begins: a byte read before would be lost to TLS, which reads the socket itself."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.ReadTransport)
        transport.pause_reading()  # before the loop first reads (it begins after this call); TLS resumes it
        super().connection_made(transport)

    def eof_received(self) -> bool:
        return False  # the session ends at the PC's end of data; nothing is sent after it (TLS allows no half-close)


def connection_protocol(handle: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]], *,
                        hold: bool) -> asyncio.StreamReaderProtocol:
    """What asyncio.start_server makes for each connection; with `hold`, one that reads nothing until TLS."""
    loop = asyncio.get_running_loop()
    return (_Held if hold else asyncio.StreamReaderProtocol)(asyncio.StreamReader(loop=loop), handle, loop=loop)


class Holder(Hashable, Protocol):
    def drop(self) -> None:
        """Let go of the half-received frame and close the connection."""


class FrameBudget:
    """The bytes every connection holds of frames it has not received whole. When they pass the budget, the
    connection whose frame began longest ago is dropped (a colleague's frame arrives whole within a moment; the
    one that began long ago is being trickled), until they fit again."""

    def __init__(self, limit: int | None = None, *, note: Callable[[str], None] = lambda reason: None) -> None:
        self.limit = FRAMES_BUDGET if limit is None else limit
        self.note = note
        self._held: OrderedDict[Holder, int] = OrderedDict()  # oldest frame first
        self.total = 0

    def hold(self, holder: Holder, pending: int, *, new_frame: bool) -> None:
        """`holder` now holds `pending` bytes of frames not yet whole; `new_frame` when its current frame began
        since the last call (it goes to the back of the line)."""
        if not pending:
            self.release(holder)
            return
        self.total += pending - self._held.get(holder, 0)
        self._held[holder] = pending  # a frame still arriving keeps its place in the line
        if new_frame:
            self._held.move_to_end(holder)
        while self.total > self.limit and self._held:
            oldest, held = self._held.popitem(last=False)
            self.total -= held
            self.note(f"half-received frames passed {self.limit // (1024 * 1024)} MiB (the one begun longest ago "
                      "is dropped)")
            oldest.drop()

    def release(self, holder: Holder) -> None:
        self.total -= self._held.pop(holder, 0)

    def __len__(self) -> int:
        return len(self._held)
