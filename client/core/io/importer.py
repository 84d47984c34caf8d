"""Run an import: map, clean, find duplicates, write everything as one undoable batch, report every row."""

from __future__ import annotations

import contextlib
import re
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from client.core import gc_pause, requisites_check, twins
from client.core.i18n import _
from client.core.io import import_history, row_keys
from client.core.io.block_reading import Blocks, SecondProcess, unguarded
from client.core.io.table import Table
from client.core.replica import Replica
from client.core.values import Unreadable, office_region, parse_value
from lan_server.records import Schema, new_id, new_ids
from lan_server.records.access import OWNER_FIELDS
from lan_server.records.defaults import new_record_defaults
from lan_server.records.store.text import title_key

# A row under a table that sums it up ("Итого", "Всего", "Total"): not a record.
_TOTAL = re.compile(r"^\s*(итого|итог|всего|total|grand total|subtotal|sum)\b", re.IGNORECASE)
LINKED = "."  # a mapping to "organization.tax_id" fills the linked organization's field
CHUNK = 2000  # rows per write: what a card save may wait for (the writer writes them in about 0.04 s)
BLOCK = CHUNK  # rows whose values are read (a column at a time) before they are imported
DUPLICATE_MODES = ("skip", "update", "create")


class Cancelled(Exception):
    pass


@dataclass
class RowProblem:
    row: int          # row number in the file
    reason: str
    values: list[Any]


@dataclass
class LeftOut:
    """One cell that could not be read: its row was imported without it (text is kept in the note)."""
    row: int
    column: str
    value: Any
    reason: str
    in_note: bool


@dataclass
class ImportReport:
    kind: str
    batch: str
    created: int = 0
    updated: int = 0
    skipped: int = 0
    organizations_created: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    checks: list[tuple[int, str]] = field(default_factory=list)  # (row, a requisite to check): imported anyway
    totals_skipped: list[int] = field(default_factory=list)   # rows such as "Итого" under a table
    headers_skipped: list[int] = field(default_factory=list)  # the header again (a second table, a new page)
    kept_in_note: list[str] = field(default_factory=list)     # columns with no field, kept in the note
    dry_run: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        counts = {"created": self.created, "updated": self.updated, "skipped": self.skipped,
                  "problems": len(self.problems)}
        text = (_("{created} records would be added, {updated} updated, {skipped} duplicates skipped, "
                  "{problems} rows could not be imported") if self.dry_run else
                _("{created} records were added, {updated} updated, {skipped} duplicates skipped, "
                  "{problems} rows could not be imported")).format(**counts)
        if self.left_out:
            text += _("; {n} values could not be read and were left out (see the report)").format(n=len(self.left_out))
        if self.kept_in_note:
            text += _("; kept in the note (the section has no field for them): {columns}").format(
                columns=", ".join(self.kept_in_note))
        if self.checks:
            text += _("; {n} requisites to check (a wrong check digit or length), imported as they are").format(
                n=len(self.checks))
        if self.totals_skipped:
            text += _("; {n} total rows skipped (rows {rows})").format(
                n=len(self.totals_skipped), rows=", ".join(map(str, self.totals_skipped)))
        if self.headers_skipped:
            text += _("; {n} rows repeating the header skipped (rows {rows})").format(
                n=len(self.headers_skipped), rows=", ".join(map(str, self.headers_skipped)))
        return text

    def needs_file(self) -> bool:
        return bool(self.problems or self.left_out)

    def write_xlsx(self, path: Path, headers: list[str]) -> None:
        """The rows that were not imported and the values left out, each with the reason, as a workbook the user
        can fix and import again."""
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        ws.title = _("Not imported")
        ws.append([_("Row"), _("Reason"), *headers])
        for p in self.problems:
            ws.append([p.row, p.reason, *[_safe_cell(v) for v in p.values]])
        cells = wb.create_sheet(_("Values left out"))
        cells.append([_("Row"), _("Column"), _("Value"), _("Reason"), _("Kept in the note")])
        for c in self.left_out:
            cells.append([c.row, c.column, _safe_cell(c.value), c.reason, _("yes") if c.in_note else _("no")])
        wb.save(path)


def target_label(schema: Schema, kind: str, key: str, lang: str) -> str:
    """How a mapping's target is named to the user: a field's label, "Организация: ИНН" for a linked one."""
    kd = schema.kind(kind)
    own, _dot, linked = key.partition(LINKED)
    fd = kd.field(own)
    if fd is None:
        return key
    if not linked:
        return fd.label(lang)
    link_kind = str(fd.options.get("link_kind", "organization"))
    other = schema.kind(link_kind).field(linked) if schema.has_kind(link_kind) else None
    return f"{fd.label(lang)}: {other.label(lang) if other is not None else linked}"


def owner_defaults(replica: Replica, kind: str) -> dict[str, str]:
    """The owner fields (Менеджер / Исполнитель) a new imported record of `kind` gets where its row has no value: the
    importing user, as for a record typed by hand. A record the import updates keeps its own."""
    made = new_record_defaults(replica.schema().kind(kind), replica.user)
    return {k: str(v) for k, v in made.items() if k in OWNER_FIELDS}


_QUOTES = str.maketrans("", "", "«»\"“”„‘’'")


def organization_key(name: str) -> str:
    """How an organization named in a cell is found among the office's: as its title is found, and with its quotes
    left out, so ООО Ромашка, ООО «Ромашка» and ООО "Ромашка" are one organization, not three."""
    return title_key(name.translate(_QUOTES))


def report_name(source: str) -> str:
    """The file name of an import's report of what was not imported, in the user's language."""
    return _("{name}.not-imported.xlsx").format(name=source)


def _safe_cell(v: Any) -> Any:
    return f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v


class DuplicateIndex:
    """Normalized e-mail, phone, tax id and (name, organization) of the records already in a section."""

    def __init__(self, replica: Replica, kind: str) -> None:
        self.by: dict[tuple[str, str], str] = {}
        for r in replica.records(kind):
            self.add(r.id, self.keys(r.fields))

    keys = staticmethod(row_keys.keys)  # a row's keys are worked out once, to find it and then to add it

    def find(self, keys: list[tuple[str, str]]) -> str | None:
        for key in keys:
            if key in self.by:
                return self.by[key]
        for which, value in keys:  # none as it is: a phone under a name that agrees (twins.wider_phone)
            if which == "phone" and (found := self.by.get(("phone", twins.wider_phone(value)))):
                return found
        return None

    def add(self, rec: str, keys: list[tuple[str, str]]) -> None:
        for key in keys:
            self.by.setdefault(key, rec)
            if key[0] == "phone":
                self.by.setdefault(("phone", twins.also_known_by(key[1])), rec)


@gc_pause.pausing  # a row's values, keys and records' rows are many small objects, freed as they go
def run_import(replica: Replica, table: Table, kind: str, mapping: Mapping[int, str], *,
               on_duplicate: str = "skip", dry_run: bool = False, region: str | None = None,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None, source: str = "",
               known: DuplicateIndex | None = None, process: SecondProcess | None = None) -> ImportReport:
    """Import `table` into `kind`. All or nothing: a failure or a cancel leaves the data as it was. `source`: the
    file's name, remembered with the import so the user can tell it from others when undoing one. `known`: the
    section's records already on this PC as DuplicateIndex(replica, kind) has them, when the caller built it while
    the file was read (the import adds its rows to it). `process`: a second process to read a big table's columns,
    started while the file was read (block_reading.early_process); the import stops it."""
    if on_duplicate not in DUPLICATE_MODES:
        raise ValueError(f"on_duplicate must be one of {', '.join(DUPLICATE_MODES)}")
    start = time.perf_counter()
    region = region or office_region(replica)  # numbers without a country code are the office's country's
    schema = replica.schema()
    kd = schema.kind(kind)
    fields = {i: fd for i, key in mapping.items() if (fd := kd.field(key)) is not None}
    if not fields:
        raise ValueError(_("no column is mapped to a field; choose the field of each column"))
    report = ImportReport(kind=kind, batch=f"import:{new_id()}", dry_run=dry_run)
    owners = owner_defaults(replica, kind)
    dupes = known if known is not None else DuplicateIndex(replica, kind)
    orgs: dict[str, str] = {}
    org_now: dict[str, dict[str, Any]] = {}  # what each existing organization holds: imports only fill gaps
    org_field = kd.field("organization")
    org_columns: dict[int, Any] = {}
    if org_field is not None and org_field.type == "link" and any(f.key == "organization" for f in fields.values()):
        link_kind = str(org_field.options.get("link_kind", "organization"))
        title = schema.kind(link_kind).title_field
        for r in replica.records(link_kind):
            orgs[organization_key(str(r.fields.get(title, "")))] = r.id
            org_now[r.id] = r.fields
        org_owners = owner_defaults(replica, link_kind)  # a new organization's Менеджер, as its people's
        # Columns of the organization in a contact list (its ИНН, КПП, site) fill the organization.
        org_columns = {i: fd for i, key in mapping.items() if key.startswith("organization" + LINKED)
                       and (fd := schema.kind(link_kind).field(key.split(LINKED, 1)[1])) is not None}
    else:
        link_kind, title, org_owners = "", "", {}
    headers = table.headers
    note = kd.field("note")
    keeps_notes = note is not None and note.type in ("text", "multiline")
    header_texts = [str(h or "").strip() for h in table.headers]
    pending: list[Any] = []
    written: Future[Any] | None = None
    # The rows go to the writer in chunks, so a card saved or a colleague's change arriving meanwhile waits
    # for one chunk, not for the whole import. The chunks are held back from the server until the end; a
    # failure, a cancel or a crash takes them back, so the import stays all or nothing.
    # Values are read a column at a time (a column's field type looked at once, its repeated values read once),
    # a block of rows at a time: a chunk's worth, so the writer, which writes the previous chunk meanwhile, is not
    # left idle while a big block is read (a cancel and the progress are not kept waiting either); a big table's
    # blocks are read by a second process meanwhile (block_reading.Blocks). A cell that could not be read is
    # reported in the row loop below, in the order of the rows.
    # A table still arriving (a big CSV being parsed) is imported as its rows come, a block at a time.
    rows = table.rows if table.coming is None else table.coming.each(BLOCK)
    read: dict[int, list[Any]] = {}
    filled = False
    own: list[dict[str, Any]] = []  # the block's rows' values, when `filled`
    org_own: list[dict[str, Any]] = []
    own_keys: list[row_keys.Own] = []  # and what each row's own values make it known by
    ids: Iterator[str] = iter(())
    head = header_texts[0] if header_texts else None
    keys = [(i, fd.key) for i, fd in fields.items()]
    org_keys = [(i, fd.key) for i, fd in org_columns.items()]
    checks_own = kind in requisites_check.CHECKED
    checks_org = bool(link_kind) and "organization" in requisites_check.CHECKED
    name_keys: dict[str, str] = {}  # an organization's name as typed -> its key: a few names, on many rows

    def left_out(i: int, value: Unreadable, row: list[Any], line: int, kept: list[str]) -> None:
        """One bad cell does not cost the row: it is left out and reported (its text kept in the note)."""
        cell = unguarded(row[i]) if i < len(row) else None
        header = headers[i] if i < len(headers) else f"#{i + 1}"
        text = str(cell).strip()
        report.left_out.append(LeftOut(line, header, cell, str(value), keeps_notes and bool(text)))
        if keeps_notes and text:
            kept.append(f"{header}: {text}")
    blocks = Blocks(table, {**fields, **org_columns}, region, keys, org_keys, BLOCK, process)
    try:
        for n, row in enumerate(rows):
            if cancelled is not None and n % 200 == 0 and cancelled():
                raise Cancelled(_("the import was cancelled; nothing was changed"))
            if n % BLOCK == 0:
                read, filled, own, org_own, own_keys = blocks.read(n)
                # a new record's id, for each row of the block (its rows are in) that makes one
                ids = iter(new_ids(min(BLOCK, len(table.rows) - n)))
            line = table.row_numbers[n] if n < len(table.row_numbers) else n + table.header_row + 1
            first = None
            for cell in row:
                if cell is not None and cell != "":
                    first = cell
                    break
            if isinstance(first, str) and _TOTAL.match(first):
                report.totals_skipped.append(line)
                continue
            if (not row or str(row[0] or "").strip() == head) and [str(c or "").strip() for c in row] == header_texts:
                report.headers_skipped.append(line)
                continue
            problem = None
            kept: list[str] = []   # unreadable text, kept in the note so nothing typed is lost
            k = n % BLOCK
            if filled:
                values = own[k]
                org_values = org_own[k] if org_own else {}
            else:
                values, org_values = {}, {}
                for into, pairs in ((values, keys), (org_values, org_keys)):
                    for i, key in pairs:
                        value = read[i][k]
                        if value.__class__ is Unreadable:
                            left_out(i, value, row, line, kept)
                        elif value is not None and value != "":
                            into[key] = value
            if checks_own and values:
                report.checks.extend((line, text) for text in requisites_check.problems(kind, values).values())
            if checks_org and org_values:
                report.checks.extend((line, text) for text in requisites_check.problems("organization",
                                                                                        org_values).values())
            if table.keep_rest_in_note and keeps_notes:
                for i, header in enumerate(headers):
                    if i not in mapping and i < len(row) and row[i] not in (None, ""):
                        kept.append(f"{header}: {row[i]}")
                        if header not in report.kept_in_note:
                            report.kept_in_note.append(header)
            if kept:
                values["note"] = "\n".join([*([str(values["note"])] if values.get("note") else []), *kept])
            if problem is None and not values:
                problem = _("the row has no value in the imported columns")
            if problem is None and link_kind and values.get("organization"):
                name = str(values["organization"])
                name_key = name_keys.get(name)
                if name_key is None:
                    name_key = name_keys[name] = organization_key(name)
                found = orgs.get(name_key)
                if found is None:
                    found = new_id()
                    orgs[name_key] = found
                    org_now[found] = {**org_owners, title: name, **org_values}
                    report.organizations_created += 1
                    if not dry_run:
                        pending.append(("add", found, link_kind, org_now[found]))
                else:
                    missing = {k: v for k, v in org_values.items() if org_now[found].get(k) in (None, "")}
                    if missing:
                        org_now[found] = {**org_now[found], **missing}
                        if not dry_run:
                            pending.append(("set", found, link_kind, missing))
                values["organization"] = found
            if problem is not None:
                report.problems.append(RowProblem(line, problem, list(row)))
                continue
            known_by = row_keys.joined(own_keys[k], values.get("organization")) if filled else dupes.keys(values)
            existing = dupes.find(known_by)
            if existing is not None and on_duplicate == "skip":
                report.skipped += 1
                continue
            if existing is not None and on_duplicate == "update":
                report.updated += 1
                if not dry_run:
                    pending.append(("set", existing, kind, values))
                continue
            rec = next(ids)
            dupes.add(rec, known_by)
            report.created += 1
            if owners:  # a new record's Менеджер the file leaves empty is the one who imports it
                values = {**owners, **values}
            if not dry_run:
                pending.append(("add", rec, kind, values))
            if len(pending) >= CHUNK:
                written = _write(replica, pending, report.batch, written)
                pending = []
            if progress is not None and n % 500 == 0:
                progress(n, len(table.rows))
        written = _write(replica, pending, report.batch, written)
        if written is not None:
            written.result()
    except BaseException:
        if written is not None:
            with contextlib.suppress(Exception):
                written.result()
        replica.retract_batch(report.batch)
        raise
    finally:
        blocks.close()
    if progress is not None:
        progress(len(table.rows), len(table.rows))
    if not dry_run and (report.created or report.updated):
        earlier = list(replica.meta(import_history.META, []) or [])
        history = import_history.remembered(replica, report, table.name, source)
        still = {h.get("batch") for h in history if isinstance(h, dict)}
        gone = [str(h.get("batch")) for h in earlier if isinstance(h, dict) and h.get("batch") not in still]
        replica.transaction(lambda: (replica.release_batch(report.batch, {kind, link_kind} - {""}),
                                     replica.set_meta(import_history.META, history),
                                     replica.forget_undo(gone)))
    report.seconds = time.perf_counter() - start
    return report


def _write(replica: Replica, pending: list[Any], batch: str, before: Future[Any] | None) -> Future[Any] | None:
    """Hand a chunk to the writer once the previous one is in: the next chunk is read, cleaned and worked out as
    rows meanwhile, and at most one chunk waits ahead of a card save."""
    # New records' rows, one op each, are worked out here, on the import's thread, while the writer still writes
    # the previous chunk (it only writes them); then, once that chunk is in, the changes to records held already,
    # stamped after them and compared with what they hold (an organization made above and filled below).
    new = replica.new_records([(rec, kind, values) for action, rec, kind, values in pending if action == "add"])
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

    def write() -> None:
        replica.add_new_records(new, batch=batch)
        if ops:
            replica.apply_local(ops, batch=batch, hold=True)
    return replica.later(replica.transaction, write, held=True)


def make_fields(replica: Replica, kind: str, table: Table, columns: Iterable[int]) -> dict[int, str]:
    """Columns with no field become new fields of `kind`, named from their headers (on every PC): column index
    -> the new field's key. A column whose values all read as dates or numbers gets that type."""
    from lan_server.records.schema import make_key
    taken = {f.key for f in replica.schema().kind(kind).fields}
    made: dict[int, str] = {}
    for i in columns:
        header = str(table.headers[i]).strip() if i < len(table.headers) else ""
        if not header or header.startswith("#"):
            continue  # a column without a header has no name to give
        key = make_key(header, taken)
        taken.add(key)
        replica.set_field(kind, key, {"label_en": header, "label_ru": header, "type": _guess_type(table, i),
                                      "order": 100 + i})
        made[i] = key
    return made


def _guess_type(table: Table, column: int) -> str:
    from lan_server.records.schema import FieldDef
    header = str(table.headers[column]).strip() if column < len(table.headers) else ""
    cells = [r[column] for r in table.rows[:200]
             if column < len(r) and r[column] not in (None, "") and str(r[column]).strip() != header]
    if any(_is_code(c) for c in cells):
        return "text"  # an account, a code with leading zeros: a number would lose digits
    for type_ in ("date", "number"):
        probe = FieldDef(kind="", key="", type=type_, label_en="", label_ru="")
        try:
            if cells and all(parse_value(probe, c) is not None for c in cells):
                return type_
        except ValueError:
            continue
    return "text"


def _is_code(cell: Any) -> bool:
    """Digits that are a code, not a quantity: a leading zero (МСС 0742) or more than 15 digits (an account)."""
    text = str(cell).strip()
    return text.isdigit() and ((len(text) > 1 and text.startswith("0")) or len(text) > 15)


def preview(table: Table, mapping: Mapping[int, str], limit: int = 5) -> list[dict[str, Any]]:
    return [{mapping[i]: row[i] for i in mapping if i < len(row)} for row in table.rows[:limit]]
