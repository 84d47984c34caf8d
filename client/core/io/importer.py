"""Run an import: map, clean, find duplicates, write everything as one undoable batch, report every row."""

from __future__ import annotations

import contextlib
import re
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from client.core.io.table import Table
from client.core.replica import Replica
from client.core.values import parse_value
from lan_server.records import new_id
from lan_server.records.phones import phone_key
from lan_server.records.store import fold

_GUARDED = re.compile(r"^'[=+\-@]")
CHUNK = 500  # rows per write: what a card save may wait for (about 0.1 s)
DUPLICATE_MODES = ("skip", "update", "create")


class Cancelled(Exception):
    pass


@dataclass
class RowProblem:
    row: int          # row number in the file
    reason: str
    values: list[Any]


@dataclass
class ImportReport:
    kind: str
    batch: str
    created: int = 0
    updated: int = 0
    skipped: int = 0
    organizations_created: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (f"{self.created} records {verb} added, {self.updated} updated, {self.skipped} duplicates skipped, "
                f"{len(self.problems)} rows could not be imported")

    def write_xlsx(self, path: Path, headers: list[str]) -> None:
        """The rows that were not imported, with the reason, as a workbook the user can fix and import again."""
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        ws.title = "Not imported"
        ws.append(["Row", "Reason", *headers])
        for p in self.problems:
            ws.append([p.row, p.reason, *[_safe_cell(v) for v in p.values]])
        wb.save(path)


def _safe_cell(v: Any) -> Any:
    return f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v


class DuplicateIndex:
    """Normalized e-mail, phone, tax id and (name, organization) of the records already in a section."""

    def __init__(self, replica: Replica, kind: str) -> None:
        self.by: dict[tuple[str, str], str] = {}
        for r in replica.records(kind):
            self.add(r.id, r.fields)

    @staticmethod
    def keys(fields: Mapping[str, Any]) -> list[tuple[str, str]]:
        out = []
        if fields.get("email"):
            out.append(("email", str(fields["email"]).strip().lower()))
        if fields.get("phone") and len(phone_key(str(fields["phone"]))) >= 6:
            out.append(("phone", phone_key(str(fields["phone"]))))
        if fields.get("tax_id"):
            out.append(("tax_id", "".join(ch for ch in str(fields["tax_id"]) if ch.isdigit())))
        name = fields.get("name") or fields.get("title")
        if name:
            out.append(("name", fold(str(name)).strip() + "|" + str(fields.get("organization") or "")))
        return out

    def find(self, fields: Mapping[str, Any]) -> str | None:
        for key in self.keys(fields):
            if key in self.by:
                return self.by[key]
        return None

    def add(self, rec: str, fields: Mapping[str, Any]) -> None:
        for key in self.keys(fields):
            self.by.setdefault(key, rec)


def run_import(replica: Replica, table: Table, kind: str, mapping: Mapping[int, str], *,
               on_duplicate: str = "skip", dry_run: bool = False, region: str = "RU",
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Import `table` into `kind`. All or nothing: a failure or a cancel leaves the data as it was."""
    if on_duplicate not in DUPLICATE_MODES:
        raise ValueError(f"on_duplicate must be one of {', '.join(DUPLICATE_MODES)}")
    start = time.perf_counter()
    schema = replica.schema()
    kd = schema.kind(kind)
    fields = {i: fd for i, key in mapping.items() if (fd := kd.field(key)) is not None}
    if not fields:
        raise ValueError("no column is mapped to a field; name the columns with --map COLUMN=FIELD")
    report = ImportReport(kind=kind, batch=f"import:{new_id()}", dry_run=dry_run)
    dupes = DuplicateIndex(replica, kind)
    orgs: dict[str, str] = {}
    org_field = kd.field("organization")
    if org_field is not None and org_field.type == "link" and any(f.key == "organization" for f in fields.values()):
        link_kind = str(org_field.options.get("link_kind", "organization"))
        title = schema.kind(link_kind).title_field
        orgs = {fold(str(r.fields.get(title, ""))).strip(): r.id for r in replica.records(link_kind)}
    else:
        link_kind, title = "", ""
    total = len(table.rows)
    pending: list[Any] = []
    written: Future[Any] | None = None
    # The rows go to the writer in chunks, so a card saved or a colleague's change arriving meanwhile waits
    # for one chunk, not for the whole import. The chunks are held back from the server until the end; a
    # failure, a cancel or a crash takes them back, so the import stays all or nothing.
    try:
        for n, row in enumerate(table.rows):
            if cancelled is not None and n % 200 == 0 and cancelled():
                raise Cancelled("the import was cancelled; nothing was changed")
            line = table.row_numbers[n] if n < len(table.row_numbers) else n + table.header_row + 1
            values: dict[str, Any] = {}
            problem = None
            for i, fd in fields.items():
                cell = row[i] if i < len(row) else None
                try:
                    if isinstance(cell, str) and _GUARDED.match(cell):
                        cell = cell[1:]  # a value our own export protected against formula injection
                    value = parse_value(fd, cell, region) if fd.type != "link" else (str(cell).strip() if cell
                                                                                    else None)
                except ValueError as e:
                    problem = f"{fd.label('en')}: {e}"
                    break
                if value not in (None, ""):
                    values[fd.key] = value
            if problem is None and not values:
                problem = "the row has no value in the imported columns"
            if problem is None and link_kind and values.get("organization"):
                name = str(values["organization"])
                found = orgs.get(fold(name).strip())
                if found is None:
                    found = new_id()
                    orgs[fold(name).strip()] = found
                    report.organizations_created += 1
                    if not dry_run:
                        pending.append(("add", found, link_kind, {title: name}))
                values["organization"] = found
            if problem is not None:
                report.problems.append(RowProblem(line, problem, list(row)))
                continue
            existing = dupes.find(values)
            if existing is not None and on_duplicate == "skip":
                report.skipped += 1
                continue
            if existing is not None and on_duplicate == "update":
                report.updated += 1
                if not dry_run:
                    pending.append(("set", existing, kind, values))
                continue
            rec = new_id()
            dupes.add(rec, values)
            report.created += 1
            if not dry_run:
                pending.append(("add", rec, kind, values))
            if len(pending) >= CHUNK:
                written = _write(replica, pending, report.batch, written)
                pending = []
            if progress is not None and n % 500 == 0:
                progress(n, total)
        written = _write(replica, pending, report.batch, written)
        if written is not None:
            written.result()
    except BaseException:
        if written is not None:
            with contextlib.suppress(Exception):
                written.result()
        replica.retract_batch(report.batch)
        raise
    if progress is not None:
        progress(total, total)
    if not dry_run and (report.created or report.updated):
        history = list(replica.meta("imports", []) or [])[-19:]
        history.append({"batch": report.batch, "kind": kind, "table": table.name, "created": report.created,
                        "updated": report.updated, "at": time.time()})
        replica.transaction(lambda: (replica.release_batch(report.batch, {kind, link_kind} - {""}),
                                     replica.set_meta("imports", history)))
    report.seconds = time.perf_counter() - start
    return report


def _write(replica: Replica, pending: list[Any], batch: str, before: Future[Any] | None) -> Future[Any] | None:
    """Hand a chunk to the writer once the previous one is in: the next chunk is read and cleaned meanwhile,
    and at most one chunk waits ahead of a card save."""
    if before is not None:
        before.result()
    if not pending:
        return None
    ops = []
    for action, rec, kind, values in pending:
        if action == "set":
            current = replica.get(rec)
            values = {k: v for k, v in values.items() if current is None or current.fields.get(k) != v}
        ops += replica.stamp(rec, kind, values)
    return replica.later(replica.apply_local, ops, batch=batch, hold=True)


def preview(table: Table, mapping: Mapping[int, str], limit: int = 5) -> list[dict[str, Any]]:
    return [{mapping[i]: row[i] for i in mapping if i < len(row)} for row in table.rows[:limit]]


def undo_last(replica: Replica) -> dict[str, Any] | None:
    """Undo the newest import on this PC (as ops, so every PC sees it undone)."""
    history = list(replica.meta("imports", []) or [])
    if not history:
        return None
    last = history.pop()
    replica.undo_batch(last["batch"])
    replica.set_meta("imports", history)
    return dict(last)

