"""Document numbers on the PC: from the server when it answers, provisional offline, replaced on reconnect."""

from __future__ import annotations

from typing import Any

from client.core.connection import Connection
from client.core.i18n import _
from client.core.replica import Replica

PROVISIONAL_PREFIX = "ВРЕМ-"  # "temporary": the user sees at a glance that the number is not final


def is_provisional(number: Any) -> bool:
    return isinstance(number, str) and number.startswith(PROVISIONAL_PREFIX)


def _series_mark(series: str) -> str:
    """The built-in series are marked in the user's language (ВРЕМ-СЧ-…); an office's own as it was named."""
    return {"invoice": _("INV"), "act": _("ACT"), "contract": _("CTR")}.get(series, series)


def provisional(replica: Replica, series: str, doc: str, field: str) -> str:
    """A number to use until the server gives the real one; remembered so the swap happens by itself."""
    def take() -> str:  # on the writer, in one transaction: two numbers asked at once never collide
        n = int(replica.meta("provisional_counter") or 0) + 1
        number = f"{PROVISIONAL_PREFIX}{_series_mark(series)}-{replica.device[:4]}-{n}"
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
