"""The imports made on this PC, newest first, each with its file, sheet, time and what it added or changed; undoing
the one the user picks (as ops, so every PC sees it undone)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from client.core.i18n import _
from client.core.replica import Replica
from lan_server.records.dates import moment_text

META = "imports"
KEPT = 20  # the last twenty imports can be undone


def remembered(replica: Replica, report: Any, table_name: str, source: str) -> list[dict[str, Any]]:
    """The list with the finished import (`report`: its ImportReport) added, for the import to write in the same
    transaction as its release."""
    new = {"batch": report.batch, "kind": report.kind, "table": table_name, "file": source,
           "created": report.created, "updated": report.updated,
           "organizations": report.organizations_created, "at": time.time()}
    return [*list(replica.meta(META, []) or [])[-(KEPT - 1):], new]


def recent(replica: Replica) -> list[dict[str, Any]]:
    """The imports that can be undone, newest first."""
    return [dict(e) for e in reversed(replica.meta(META, []) or []) if isinstance(e, dict) and e.get("batch")]


def describe(item: dict[str, Any], replica: Replica, lang: str) -> str:
    """One import in words: "06.12.2026 10:41 — клиенты.xlsx (Лист1): added to Контакты: 8, organizations: 5"."""
    schema = replica.schema()
    kind = str(item.get("kind", ""))
    section = schema.kind(kind).label(lang) if schema.has_kind(kind) else kind
    when = moment_text(datetime.fromtimestamp(float(item.get("at", 0))), lang)
    name = str(item.get("file") or "")
    sheet = str(item.get("table") or "")
    where = f"{name} ({sheet})" if name and sheet and sheet not in (name, name.rsplit(".", 1)[0]) else (name or sheet)
    parts = [_("added to {section}: {n}").format(n=item.get("created", 0), section=section)]
    if item.get("organizations"):
        parts.append(_("organizations: {n}").format(n=item["organizations"]))
    if item.get("updated"):
        parts.append(_("updated: {n}").format(n=item["updated"]))
    return f"{when} — {where}: {', '.join(parts)}"


def undo(replica: Replica, batch: str) -> dict[str, Any] | None:
    """Undo the import `batch` (and only it): the records it added go to the bin, the values it changed get their
    earlier values back. Returns what it was; None when it is not in the list (undone already, on this PC)."""
    history = list(replica.meta(META, []) or [])
    found = next((e for e in history if isinstance(e, dict) and e.get("batch") == batch), None)
    if found is None:
        return None
    replica.transaction(lambda: (replica.undo_batch(batch),
                                 replica.set_meta(META, [e for e in history if e is not found])))
    return dict(found)


def undo_last(replica: Replica) -> dict[str, Any] | None:
    """Undo the newest import on this PC (the command line's `import --undo`, which names what it undid)."""
    newest = recent(replica)
    return undo(replica, newest[0]["batch"]) if newest else None
