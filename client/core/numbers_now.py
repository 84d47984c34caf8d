"""A document's number taken now, for commands and worker threads: the server's next one when it answers,
else a provisional one that the sync replaces by itself (client/core/numbers.py)."""

from __future__ import annotations

from client.core.connection import Connection
from client.core.errors import ConnectError, NotLoggedIn
from client.core.numbers import allocate, is_provisional, provisional
from client.core.replica import Replica
from client.core.sync import push_outbox, run_on_server


def take(replica: Replica, series: str, doc: str, field: str, *, timeout: float = 3.0) -> str:
    """The record's number: the one it has, else the server's next one, else (offline) a provisional one that
    the sync replaces by itself. Blocking: for commands and worker threads, never the window's thread."""
    record = replica.get(doc)
    have = record.fields.get(field) if record is not None else None
    if have and not is_provisional(have):
        return str(have)

    async def online(conn: Connection) -> str:
        number = await allocate(conn, replica, series, doc, field)
        await push_outbox(conn, replica)
        return number
    try:
        return run_on_server(replica, online, timeout=timeout)
    except (ConnectError, NotLoggedIn, OSError, TimeoutError):
        return str(have) if have else provisional(replica, series, doc, field)


def number_when_lined(replica: Replica, invoice_id: str, *, offline: bool = False) -> str | None:
    """An invoice takes its number when it is first saved with a line (the server's, provisional offline), so a
    bill is never sent unnumbered; None when it has one, has nothing to pay for yet, or is cancelled. Blocking, as
    `take`."""
    from lan_server.documents.forms import number_due
    invoice = replica.get(invoice_id)
    if invoice is None or invoice.fields.get("cancelled"):
        return None
    # an empty invoice (no line, nothing priced) stays a draft; one numbered already keeps its number
    if (series := number_due(replica, "invoice", invoice)) is None:
        return None
    return provisional(replica, series, invoice_id, "number") if offline else take(replica, series, invoice_id,
                                                                                    "number")
