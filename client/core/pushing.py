"""A PC's outbox sent to the server: pushes of up to PUSH_BATCH edits, a second one on its way while the first is
stored when that is safe, each answer taken in (acknowledged, restamped, refused) in the order they were sent."""

from __future__ import annotations

import asyncio
import collections
import contextlib

from client.core import lost_edits
from client.core.connection import Connection
from client.core.errors import ServerError
from client.core.replica import Replica
from lan_server.protocol.replies import Ack, HistoryItem, Refusal, SnapshotRecord
from lan_server.records import Op

PUSH_BATCH = 1000
# Pushes sent and not answered yet, at most. A server of this release reads the second while it stores the first,
# and one before it leaves it in the socket until the first is answered: either way, answers come in order.
PUSHES_IN_FLIGHT = 2


async def push_outbox(conn: Connection, replica: Replica) -> dict[str, int | None]:
    """Send queued edits until the outbox is empty; returns the acknowledged ops' sequence numbers.

    The next push goes before the one sent is answered only when it touches none of its records (an import's new
    records, a burst of new notes): a refusal of the first then puts back nothing the second holds, and the second
    is as it would have been read after the first's answer. Otherwise it waits for that answer, as one push at a
    time always did. Only what is answered leaves the outbox, so a connection lost with two pushes on their way
    loses nothing; the server leaves out what it already has when they are sent again."""
    acked: dict[str, int | None] = {}
    flying: collections.deque[tuple[list[Op], asyncio.Future[dict]]] = collections.deque()
    rows = conn.server_info.get("rows") is True
    try:
        while True:
            if len(flying) < PUSHES_IN_FLIGHT:
                sent = [op for ops, _answer in flying for op in ops]
                ops = replica.outbox(PUSH_BATCH, skip={op.id for op in sent})
                busy = {op.rec for op in sent}
                if ops and not any(op.rec in busy for op in ops):
                    # as rows to a server that reads them (it says so in hello), else as maps (a server of 0.4)
                    wire = [op.to_row() for op in ops] if rows else [op.to_wire() for op in ops]
                    flying.append((ops, asyncio.ensure_future(conn.request("push", ops=wire))))
                    continue
                if not flying:
                    return acked
            ops, answer = flying[0]
            reply = await answer
            flying.popleft()
            await _take_answer(conn, replica, ops, reply, acked)
    finally:
        for _ops, answer in flying:  # the first failed: the rest are sent again next time
            answer.cancel()
            with contextlib.suppress(BaseException):
                await answer


async def _take_answer(conn: Connection, replica: Replica, ops: list[Op], reply: dict,
                       acked: dict[str, int | None]) -> None:
    try:
        acks = [Ack.from_wire(a) for a in reply["acks"]]
        refusals = [Refusal.from_wire(r) for r in reply["rejected"]]
    except (KeyError, TypeError, ValueError) as e:
        raise ServerError("internal", f"the server's answer to a push is not understood: {e}") from None
    stamps = {a.op: a.stamp for a in acks if a.stamp is not None}
    if stamps:
        replica.restamp(stamps)
    seqs = {a.op: a.seq for a in acks}
    lost_edits.acknowledge(replica, ops, seqs)
    if refusals:
        refused = {r.op for r in refusals}
        kinds = {op.rec: op.kind for op in ops if op.id in refused}
        replica.reject(sorted(refused), {r.op: r.reason for r in refusals})
        replica.note_rejections([r.to_wire() for r in refusals])
        # The value before a refused edit may exist here only as a snapshot value, which the edit
        # replaced: take the record's current values back from the server.
        for rec, kind in kinds.items():
            entries = [HistoryItem.from_wire(e) for e in (await conn.request("history", rec=rec))["entries"]]
            current = [e.as_field_value() for e in entries if e.current]
            if current:
                replica.load_snapshot([SnapshotRecord(rec, kind, tuple(current)).as_page()])
    acked.update((a.op, a.seq) for a in acks)
    if not acks and not refusals:
        raise ServerError("internal", "the server neither accepted nor refused the edits")
