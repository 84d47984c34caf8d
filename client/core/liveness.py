"""Finds a server that hangs (stopped, frozen, overloaded past answering) while a PC waits for it, within seconds.

A server answers one request of a connection at a time, so a long push leaves the connection silent whether the
server is busy or hung. A fresh connection's hello tells the two apart: it is answered by the server's event loop
at once unless the server itself does not run."""

from __future__ import annotations

import asyncio
import time
from typing import Awaitable, Callable

from client.core.connection import Connection, silent_reason
from client.core.errors import ClientError, ServerSilent

# A request unanswered this long gets a second opinion; a second opinion unanswered this long means the server hangs.
# Together with a look every LOOK_S, a PC shows the server offline within 10 s, typing or not (sync.HEARTBEAT_S and
# sync.PING_TIMEOUT_S bound the idle case the same way).
PROBE_AFTER_S = 3.0
PROBE_TIMEOUT_S = 5.0
LOOK_S = 0.5


async def watch(conn: Connection, probe: Callable[[], Awaitable[None]]) -> None:
    """Runs beside everything a PC asks of `conn`: when the server has been silent PROBE_AFTER_S while a request waits
    and `probe()` (a fresh connection's hello) fails or takes over PROBE_TIMEOUT_S, gives up on `conn` with the
    reason, so what waited fails at once instead of after its own long timeout."""
    vouched = 0.0  # when a probe last found the server alive
    while not conn.closed.is_set():
        await asyncio.sleep(LOOK_S)
        if min(conn.silent_for(), time.monotonic() - vouched) < PROBE_AFTER_S:
            continue
        started = time.monotonic()
        try:
            await asyncio.wait_for(probe(), PROBE_TIMEOUT_S)
        except (ClientError, OSError, asyncio.TimeoutError):
            if conn.silent_for() >= time.monotonic() - started:  # still nothing on `conn` either
                conn.give_up(ServerSilent(silent_reason()))
                return
        vouched = time.monotonic()  # busy, not hung: ask again after another PROBE_AFTER_S of silence


async def probe(address: str, fingerprint: str | None, company: str | None) -> None:
    """A new connection to the server and its hello, then closed: raises when the server does not answer."""
    conn = await Connection.open(address, fingerprint=fingerprint, timeout=PROBE_TIMEOUT_S, company=company)
    await conn.close()
