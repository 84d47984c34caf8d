"""`import`, `export` and `merge` on the command line (the window's dialogs use the same functions)."""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from client import cli
from client.cli import CliError, Context, command
from client.cli.shared import parse_assignments, push_after_edit, refuse_early, resolve_kind
from client.core import gc_pause
from client.core.error_words import in_words
from client.core.i18n import _, language
from client.core.io import block_reading, import_history, importer, readers
from client.core.io.arriving import Widened
from client.core.io.mapping import auto_map, best_table, normalize
from client.core.io.table import Table
from client.core.plugins import read_file, registry
from client.core.replica import Replica
from client.core.rights import may_export
from lan_server.records import Record


def read_tables(path: Path, **options: Any) -> list[Table]:
    try:
        return read_file(path, **options)
    except ValueError as e:
        raise CliError(str(e), cli.BAD_INPUT) from None


def choose_table(tables: list[Table], sheet: str | None, replica: Replica, kind: str) -> Table:
    if not tables:
        raise CliError(_("the file holds no data"), cli.BAD_INPUT)
    if sheet:
        for t in tables:
            if t.name == sheet:
                return t
        raise CliError(_("no sheet {sheet!r}; sheets: {sheets}").format(
            sheet=sheet, sheets=", ".join(t.name for t in tables)), cli.BAD_INPUT)
    return tables[best_table(tables, replica.schema(), kind)]


def build_mapping(table: Table, replica: Replica, kind: str, overrides: list[str]) -> dict[int, str]:
    schema = replica.schema()
    # An address book's columns are the person's own (its site, its phones): nothing goes to the organization.
    mapping = auto_map(table.headers, schema, kind, linked=not table.keep_rest_in_note)
    for item in overrides:
        column, sep, field = item.partition("=")
        if not sep:
            raise CliError(_("--map takes COLUMN=FIELD, not {item!r}").format(item=item), cli.BAD_INPUT)
        idx = next((i for i, h in enumerate(table.headers) if normalize(h) == normalize(column)), None)
        if idx is None and column.isdigit():
            idx = int(column) - 1
        if idx is None or not 0 <= idx < len(table.headers):
            raise CliError(_("no column {column!r}; columns: {columns}").format(
                column=column, columns=", ".join(table.headers)), cli.BAD_INPUT)
        if not field:
            mapping.pop(idx, None)
            continue
        link, dot, linked = field.partition(".")
        try:
            if dot:  # organization.kpp: a field of the linked organization
                fd = schema.field(kind, link)
                mapping[idx] = f"{fd.key}.{schema.field(str(fd.options.get('link_kind')), linked).key}"
            else:
                mapping[idx] = schema.field(kind, field).key
        except KeyError:
            raise CliError(_("unknown field {field!r} in {kind}").format(
                field=field, kind=kind), cli.BAD_INPUT) from None
    return mapping


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, nargs="?")
    p.add_argument("--kind", default="contact")
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help=_("map a column to a field (COLUMN= leaves it out)"))
    p.add_argument("--on-duplicate", choices=importer.DUPLICATE_MODES, default="skip")
    p.add_argument("--new-fields", action="store_true",
                   help=_("columns with no matching field become new fields, named from their headers"))
    p.add_argument("--dry-run", action="store_true", help=_("check and report, change nothing"))
    p.add_argument("--sheet", help=_("which sheet of a workbook"))
    p.add_argument("--encoding", help=_("force the text encoding of a CSV (detected by default)"))
    p.add_argument("--report", type=Path, help=_("write the rows that were not imported to this .xlsx"))
    p.add_argument("--undo", action="store_true", help=_("undo the last import instead"))
    p.add_argument("--offline", action="store_true")


def _import_statement(ctx: Context, args: argparse.Namespace) -> int:
    from client.core import bank_import
    from client.core.bank_statement import StatementError
    try:
        report = bank_import.run(ctx.replica, args.file, dry_run=args.dry_run)
    except (StatementError, OSError) as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    for line in report.lines():
        print(line, file=ctx.out)
    return push_after_edit(ctx, args.offline or args.dry_run, set())


@command("import", "import records from xlsx, ods, csv, txt or vcf, or a bank statement (1CClientBankExchange)",
         _import_args)
def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    if args.undo:
        undone = import_history.undo_last(replica)
        if undone is None:
            raise CliError(_("there is no import to undo on this PC"), cli.BAD_INPUT)
        print(_("undid the import of {table!r} ({added} added, {updated} updated)").format(
            table=undone["table"], added=undone["created"], updated=undone["updated"]), file=ctx.out)
        return push_after_edit(ctx, args.offline, set())
    if args.file is None:
        raise CliError(_("name the file to import"), cli.USAGE)
    from client.core import bank_statement
    if bank_statement.sniff(args.file):  # a bank statement, whatever it is called: payments for invoices
        return _import_statement(ctx, args)
    kind = resolve_kind(replica.schema(), args.kind)
    refuse_early(replica, kind, None, {})  # a role that may not add records imports none
    options = {"encoding": args.encoding} if args.encoding else {}
    # A big file's second process (block_reading) starts while the file is read, so it is ready for the first rows.
    process = block_reading.early_process() if _size(args.file) >= block_reading.PROCESS_BYTES else None
    try:
        return _import_table(ctx, args, kind, options, process)
    finally:
        if process is not None:
            process.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # not there or not readable: reading it says so, in words
        return 0


@gc_pause.pausing  # the file's rows too are many small lists, freed as they go
def _import_table(ctx: Context, args: argparse.Namespace, kind: str, options: dict[str, Any],
                  process: block_reading.SecondProcess | None) -> int:
    # A big CSV is imported while it is parsed, so its first rows are written at once (readers.read_csv).
    if process is not None and _reads_csv(args.file):
        try:
            return _import_read(ctx, args, kind, {**options, "arriving": True}, process)
        except Widened:  # a column further down its first rows did not show: taken back, read whole
            process = None
    return _import_read(ctx, args, kind, options, process)


def _reads_csv(path: Path) -> bool:
    try:
        return registry().reader_for(path) is readers.read_csv
    except ValueError:
        return False


def _import_read(ctx: Context, args: argparse.Namespace, kind: str, options: dict[str, Any],
                 process: block_reading.SecondProcess | None) -> int:
    replica = ctx.replica
    # A workbook is parsed without holding the interpreter (python-calamine): the records already in the section
    # are read for the duplicate check meanwhile, which in an office's copy takes as long as the file.
    with ThreadPoolExecutor(1, thread_name_prefix="organizer-read") as pool:
        reading = pool.submit(read_tables, args.file, **options)
        known = importer.DuplicateIndex(replica, kind)
        tables = reading.result()
    arriving = [t.coming for t in tables if t.coming is not None]
    try:
        return _import_chosen(ctx, args, kind, tables, known, process)
    finally:
        for coming in arriving:
            coming.stop()


def _import_chosen(ctx: Context, args: argparse.Namespace, kind: str, tables: list[Table],
                   known: importer.DuplicateIndex, process: block_reading.SecondProcess | None) -> int:
    replica = ctx.replica
    table = choose_table(tables, args.sheet, replica, kind)
    mapping = build_mapping(table, replica, kind, args.map)
    if args.new_fields and not args.dry_run:
        mapping.update(importer.make_fields(replica, kind, table,
                                            [i for i in range(len(table.headers)) if i not in mapping]))
    shown = ", ".join(f"{table.headers[i]} → {importer.target_label(replica.schema(), kind, k, language())}"
                      for i, k in sorted(mapping.items()))
    unmapped = [h for i, h in enumerate(table.headers) if i not in mapping]

    def tell_table() -> None:
        print(_("sheet {sheet!r}, header on row {row}, {n} rows; columns: {columns}").format(
            sheet=table.name, row=table.header_row, n=len(table.rows), columns=shown), file=ctx.err)
        if unmapped:
            print(_("not imported (no matching field; use --map, or --new-fields): {columns}").format(
                columns=", ".join(unmapped)), file=ctx.err)
    if table.coming is None:
        tell_table()
    else:  # said once its rows are counted, while they are imported
        table.coming.then(tell_table)
    try:
        report = importer.run_import(replica, table, kind, mapping, on_duplicate=args.on_duplicate,
                                     dry_run=args.dry_run, source=args.file.name, known=known, process=process)
    except readers.Unparsable as e:  # a line further down an arriving file, said as one read whole says it
        raise CliError(_("cannot read {name}: {reason}").format(name=args.file.name, reason=e), cli.BAD_INPUT) \
            from None
    except ValueError as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    print(report.summary(), file=ctx.out)
    for p in report.problems[:20]:
        print("  " + _("row {row}: {reason}").format(row=p.row, reason=p.reason), file=ctx.out)
    if len(report.problems) > 20:
        print("  " + _("... and {n} more").format(n=len(report.problems) - 20), file=ctx.out)
    for c in report.left_out[:20]:
        said = (_("row {row}, {column}: left out (kept in the note): {reason}") if c.in_note else
                _("row {row}, {column}: left out: {reason}"))
        print("  " + said.format(row=c.row, column=c.column, reason=c.reason), file=ctx.out)
    for line, text in report.checks[:20]:
        print("  " + _("row {row}: check: {reason}").format(row=line, reason=text), file=ctx.out)
    if report.needs_file():
        target = args.report or args.file.with_name(importer.report_name(args.file.stem))
        report.write_xlsx(target, table.headers)
        print(_("rows and values not imported, with reasons: {file}").format(file=target), file=ctx.out)
    if args.dry_run:
        return cli.OK
    return push_after_edit(ctx, args.offline, set())


def selection_args(p: argparse.ArgumentParser) -> None:
    """Which records a command works on: chosen ids, or a quick search and exact field values."""
    p.add_argument("--ids", nargs="*", help=_("only these records"))
    p.add_argument("--search", help=_("quick search over all text fields"))
    p.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE")


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind")
    p.add_argument("file", type=Path)
    selection_args(p)
    p.add_argument("--fields", help=_("comma-separated field keys or labels, in order"))
    p.add_argument("--encoding", default="utf-8-sig", help=_("for csv/txt: utf-8-sig (default) or cp1251"))
    p.add_argument("--lang", choices=["en", "ru"], default="en", help=_("column titles and yes/no words"))


def select_records(replica: Replica, kind: str, *, ids: list[str] | None, search: str | None,
                   where: list[str]) -> list[Record]:
    if ids:
        found = replica.get_many(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise CliError(_("no record {id}").format(id=missing[0]), cli.BAD_INPUT)
        return [found[i] for i in ids]
    return replica.records(kind, search=search, where=parse_assignments(replica, kind, where) or None)


@command("export", "export records to xlsx, csv, html, txt, docx, vcf or ics", _export_args)
def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    kind = resolve_kind(replica.schema(), args.kind)
    if not may_export(replica, kind):
        raise CliError(_("your role ({role}) may not export {kind}").format(role=replica.meta("role"), kind=kind),
                       cli.FORBIDDEN)
    records = select_records(replica, kind, ids=args.ids, search=args.search, where=args.where)
    try:
        writer = registry().writer_for(args.file)
        count = writer(args.file, replica.schema().kind(kind), records,
                       fields=[f.strip() for f in args.fields.split(",")] if args.fields else None,
                       titles=replica.link_titles(records), lang=args.lang, encoding=args.encoding)
    except ValueError as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    except OSError as e:
        raise CliError(_("cannot write {file}: {reason}").format(
            file=args.file, reason=in_words(e, file=False)), cli.ERROR) from None
    print(_("exported {count} records to {file}").format(count=count, file=args.file), file=ctx.out)
    return cli.OK


def _merge_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("template", type=Path)
    p.add_argument("--kind", default="contact")
    selection_args(p)
    p.add_argument("--out", type=Path, required=True, help=_("a folder (one file per record) or a .docx"))
    p.add_argument("--single", action="store_true", help=_("one combined document, a page per record"))
    p.add_argument("--list", action="store_true", help=_("one document with all records (a table row each)"))


@command("merge", "Word mail merge: letters, contracts, lists from a .docx template", _merge_args)
def cmd_merge(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.merge import MergeError, merge
    replica = ctx.replica
    kind = resolve_kind(replica.schema(), args.kind)
    records = select_records(replica, kind, ids=args.ids, search=args.search, where=args.where)
    try:
        result = merge(replica, args.template, kind, records, args.out, single=args.single, as_list=args.list)
    except MergeError as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    for title, fields in result.empty.items():
        print(_("note: {title}: empty {fields}").format(title=title, fields=", ".join(fields)), file=ctx.err)
    print(_("wrote {files} document(s) for {records} record(s): {place}").format(
        files=len(result.files), records=len(records),
        place=args.out if len(result.files) != 1 else result.files[0]), file=ctx.out)
    return cli.OK


def _mail_settings_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--tls", choices=["starttls", "ssl", "none"])
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--sender", help=_("the From address"))
    p.add_argument("--sender-name")
    p.add_argument("--no-verify", action="store_true", help=_("accept the mail server's self-signed certificate"))


@command("mail-settings", "set the office mail (SMTP) server for mailings, kept on this PC only",
         _mail_settings_args)
def cmd_mail_settings(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.mailing import MailError, save_settings
    try:
        cfg = save_settings(ctx.replica, host=args.host, port=args.port, tls=args.tls, user=args.user,
                            password=args.password, sender=args.sender, sender_name=args.sender_name,
                            verify=False if args.no_verify else None)
    except MailError as e:
        raise CliError(str(e), cli.BAD_INPUT) from None
    kept = cfg.pop("password_kept_in", None)
    print(", ".join(f"{k}={v}" for k, v in cfg.items()), file=ctx.out)
    if kept and args.password is not None:
        print(_("the password is kept in {place}, not in this PC's data file").format(place=kept), file=ctx.out)
    return cli.OK


def _mail_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", default="contact")
    selection_args(p)
    p.add_argument("--subject", required=True)
    p.add_argument("--body-file", type=Path, required=True, help=_("a UTF-8 text file with {{ placeholders }}"))
    p.add_argument("--test", action="store_true", help=_("send one letter to yourself first"))


@command("mail", "send a templated e-mail to the chosen records through the office mail server", _mail_args)
def cmd_mail(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.mailing import MailError, send
    replica = ctx.replica
    kind = resolve_kind(replica.schema(), args.kind)
    records = select_records(replica, kind, ids=args.ids, search=args.search, where=args.where)
    try:
        body = args.body_file.read_text(encoding="utf-8")
    except OSError as e:
        raise CliError(_("cannot read {name}: {reason}").format(name=args.body_file, reason=in_words(e, file=False)),
                       cli.BAD_INPUT) from None
    try:
        results = send(replica, kind, records, args.subject, body, test=args.test)
    except MailError as e:
        hint = f" (mail-settings --{e.setting} ...)" if e.setting else ""
        raise CliError(str(e) + hint, cli.BAD_INPUT) from None
    for r in results:
        print(f"{'sent' if r.ok else 'FAILED'}\t{r.to or '-'}\t{r.rec}\t{r.error}", file=ctx.out)
    ok = sum(1 for r in results if r.ok)
    print(_("{ok} of {total} letters sent").format(ok=ok, total=len(results)), file=ctx.err)
    if not args.test:
        push_after_edit(ctx, False, set())
    return cli.OK if ok == len(results) else cli.ERROR
