"""Document numbers on the PC: from the server when it answers, provisional offline, replaced on reconnect."""

from __future__ import annotations

from typing import Any

from client.core.connection import Connection
from client.core.replica import Replica

PROVISIONAL_PREFIX = "ВРЕМ-"  # "temporary": the user sees at a glance that the number is not final


def is_provisional(number: Any) -> bool:
    return isinstance(number, str) and number.startswith(PROVISIONAL_PREFIX)


def provisional(replica: Replica, series: str, doc: str, field: str) -> str:
    """A number to use until the server gives the real one; remembered so the swap happens by itself."""
    def take() -> str:  # on the writer, in one transaction: two numbers asked at once never collide
        n = int(replica.meta("provisional_counter") or 0) + 1
        number = f"{PROVISIONAL_PREFIX}{series}-{replica.device[:4]}-{n}"
        pending = list(replica.meta("pending_numbers") or [])
        pending.append({"series": series, "doc": doc, "field": field, "provisional": number})
        replica.set_metas({"provisional_counter": n, "pending_numbers": pending})
        if replica.get(doc) is not None:
            replica.set(doc, {field: number})
        return number
    return replica.transaction(take)


async def allocate(conn: Connection, replica: Replica, series: str, doc: str, field: str) -> str:
    reply = await conn.request("number", series=series, doc=doc)
    number = str(reply["number"])
    record = replica.get(doc)
    if record is not None and record.fields.get(field) != number:
        replica.set(doc, {field: number})
    return number


async def settle(conn: Connection, replica: Replica) -> list[tuple[str, str]]:
    """Swap every provisional number for a real one; returns (provisional, real) pairs."""
    pending = list(replica.meta("pending_numbers") or [])
    swapped = []
    for item in list(pending):
        record = replica.get(item["doc"])
        number = await allocate(conn, replica, item["series"], item["doc"], item["field"]) \
            if record is None or record.fields.get(item["field"]) in (item["provisional"], None) else None
        if number is None:  # someone typed a number by hand meanwhile: keep theirs, ask nothing
            pending.remove(item)
            continue
        swapped.append((item["provisional"], number))
        pending.remove(item)
        replica.set_meta("pending_numbers", pending)
    replica.set_meta("pending_numbers", pending)
    return swapped


def take(replica: Replica, series: str, doc: str, field: str, *, timeout: float = 3.0) -> str:
    """The record's number: the one it has, else the server's next one, else (offline) a provisional one that
    the sync replaces by itself. Blocking: for commands and worker threads, never the window's thread."""
    from client.core.errors import ConnectError, NotLoggedIn
    from client.core.sync import push_outbox, run_on_server
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
    bill is never sent unnumbered; None when it has one, has no line yet, or is cancelled. Blocking, as `take`."""
    from lan_server.records import derived
    invoice = replica.get(invoice_id)
    if invoice is None or invoice.kind != "invoice" or invoice.fields.get("number") or invoice.fields.get("cancelled"):
        return None
    if not derived.children(replica, "invoice_line", "invoice", [invoice_id])[invoice_id]:
        return None
    fd = replica.schema().kind("invoice").field("number")
    series = str(fd.options.get("series") or "invoice") if fd else "invoice"
    return provisional(replica, series, invoice_id, "number") if offline else take(replica, series, invoice_id,
                                                                                    "number")
