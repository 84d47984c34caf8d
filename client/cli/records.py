"""Record and sync commands: login, sync, status, add, set, delete, list, show, watch, apply, kinds, servers."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Any, Mapping

from client import cli
from client.cli import CliError, Context, command
from client.cli.shared import failure, parse_assignments, push_after_edit, refuse_early, resolve_kind
from client.core.errors import ClientError, ConnectError
from client.core.i18n import _
from client.core.replica import Replica
from lan_server.records import Op, Record, new_id
from lan_server.records.hlc import wall_ms
from lan_server.records.schema import REQUISITES_ID
from lan_server.records.store import HistoryEntry

if TYPE_CHECKING:
    from client.core.connection import Connection

# The sync (client.core.sync, asyncio, TLS) is loaded by the commands that talk to the server, not by every command.


def _record_json(record: Record) -> dict[str, Any]:
    return {"id": record.id, "kind": record.kind, "fields": record.fields}


# ---- commands

def _login_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("address", metavar="HOST:PORT")
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--fingerprint", help=_("the server's certificate fingerprint, as printed by the server"))
    p.add_argument("--company", dest="login_company", metavar=_("NAME"),
                   help=_("the company to log in to, on a server of several (its copy is kept apart)"))


@command("login", "log this PC in to the office server and copy the data", _login_args)
def cmd_login(ctx: Context, args: argparse.Namespace) -> int:
    import asyncio

    from client.core.session import login_async

    def progress(done: int, total: int) -> None:
        if total > 2000:
            print("\r" + _("copying records: {done}/{total}").format(
                done=done, total=total), end="", file=ctx.err, flush=True)
    try:
        info = asyncio.run(login_async(ctx.replica, args.address, args.user, args.password,
                                       fingerprint=args.fingerprint, progress=progress, company=ctx.company))
    except ClientError as e:
        raise failure(e) from None
    if ctx.root is not None:
        from client.core import companies
        companies.remember(ctx.root, ctx.profile, str(info["server"]))
    print(_("logged in to {server} as {user} ({role})").format(
        server=info["server"] or args.address, user=info["user"], role=info["role"]), file=ctx.out)
    print(_("fingerprint {fingerprint}").format(fingerprint=info["fingerprint"]), file=ctx.out)
    return cli.OK


def _server_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("address", help=_("HOST:PORT where the same office server answers now"))


@command("server", "use another address for the office server this PC is logged in to (it moved to another port "
         "or PC); its certificate must be the same", _server_args)
def cmd_server(ctx: Context, args: argparse.Namespace) -> int:
    import asyncio

    from client.core.session import move_async
    try:
        asyncio.run(move_async(ctx.replica, args.address))
    except ClientError as e:
        raise failure(e) from None
    print(_("the office server is at {address} from now on").format(address=args.address), file=ctx.out)
    return cli.OK


@command("logout", "forget this PC's login (the data stays for reading)")
def cmd_logout(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.session import logout
    logout(ctx.replica)
    print(_("logged out"), file=ctx.out)
    return cli.OK


@command("sync", "send waiting changes and fetch everything new; exit 0 when in step")
def cmd_sync(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.sync import run_on_server, sync_once
    replica = ctx.replica

    try:
        run_on_server(replica, lambda conn: sync_once(conn, replica))
    except ClientError as e:
        raise failure(e) from None
    waiting = replica.outbox_size()
    print(_("in step at {seq}").format(seq=replica.last_seq) if not waiting else
          _("{n} changes still waiting").format(n=waiting), file=ctx.out)
    return cli.OK if not waiting else cli.NOT_IN_STEP


@command("status", "online or offline, changes waiting, last sequence number, server")
def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    online = False
    error = ""
    if replica.meta("token"):
        from client.core.sync import run_on_server

        async def nothing(conn: Connection) -> None:
            return None
        try:
            run_on_server(replica, nothing, timeout=2)
            online = True
        except ClientError as e:
            error = str(e)
    info = {"state": "online" if online else "offline", "server": replica.meta("server") or "",
            "user": replica.user, "outbox": replica.outbox_size(), "last_seq": replica.last_seq,
            "device": replica.device}
    for key, value in info.items():
        print(f"{key}: {value}", file=ctx.out)
    if error:
        print(_("reason: {reason}").format(reason=error), file=ctx.out)
    return cli.OK


def _add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind")
    p.add_argument("values", nargs="*", metavar="FIELD=VALUE")
    p.add_argument("--offline", action="store_true", help=_("do not try to reach the server now"))


@command("add", "add a record and print its id", _add_args)
def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    kind = resolve_kind(replica.schema(), args.kind)
    values = parse_assignments(replica, kind, args.values)
    if not values:
        raise CliError(_("give at least one FIELD=VALUE"), cli.BAD_INPUT)
    rec = new_id()
    if kind == "requisites":  # the office has one set, under its own id, as the window's Settings make it
        rec = REQUISITES_ID
        if replica.get(rec) is not None:
            raise CliError(_("the office's requisites are there already: change them with "
                             "set {id} FIELD=VALUE").format(id=REQUISITES_ID), cli.BAD_INPUT)
    result = _apply(replica, rec, kind, values, new=True)
    if kind == "invoice_line" and values.get("invoice"):  # an invoice is numbered with its first line
        from client.core.numbers_now import number_when_lined
        number_when_lined(replica, str(values["invoice"]), offline=args.offline)
    print(rec, file=ctx.out)
    return push_after_edit(ctx, args.offline, {op.id for op in result.new})


def _set_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id")
    p.add_argument("values", nargs="+", metavar="FIELD=VALUE")
    p.add_argument("--offline", action="store_true")


def _apply(replica: Replica, rec: str, kind: str, values: Mapping[str, Any], *, new: bool = False) -> Any:
    """Store an edit made by a command (`new`: a new record, made in one op); a value the section refuses (a
    computed total, one too big) is a clear error with exit code 6, not a traceback."""
    refuse_early(replica, kind, replica.get(rec), values)
    try:
        replica.check_edit(kind, rec if replica.get(rec) is not None else None, values)
        return replica.apply_local((replica.stamp_new if new else replica.stamp)(rec, kind, dict(values)))
    except ValueError as e:
        raise CliError(str(e), cli.BAD_INPUT) from None


def _existing(replica: Replica, rec_id: str) -> Record:
    record = replica.get(rec_id)
    if record is None:
        raise CliError(_("no record {id}").format(id=rec_id), cli.BAD_INPUT)
    return record


@command("set", "change fields of a record", _set_args)
def cmd_set(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    record = _existing(replica, args.id)
    values = parse_assignments(replica, record.kind, args.values)
    result = _apply(replica, record.id, record.kind, values)
    return push_after_edit(ctx, args.offline, {op.id for op in result.new})


def _delete_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id")
    p.add_argument("--offline", action="store_true")


@command("delete", "move a record to the bin (it can be restored)", _delete_args)
def cmd_delete(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    record = _existing(replica, args.id)
    result = _apply(replica, record.id, record.kind, {"_deleted": True})
    return push_after_edit(ctx, args.offline, {op.id for op in result.new})


@command("restore", "bring a deleted record back from the bin", _delete_args)
def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    record = _existing(replica, args.id)
    result = _apply(replica, record.id, record.kind, {"_deleted": False})
    return push_after_edit(ctx, args.offline, {op.id for op in result.new})


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind")
    p.add_argument("--search", help=_("quick search over all text fields (prefixes, any case)"))
    p.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE")
    p.add_argument("--deleted", action="store_true", help=_("list the bin instead"))
    p.add_argument("--limit", type=int)
    p.add_argument("--json", action="store_true")


@command("list", "list records of a section", _list_args)
def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    schema = replica.schema()
    kind = resolve_kind(schema, args.kind)
    where = parse_assignments(replica, kind, args.where)
    records = replica.records(kind, search=args.search, where=where, deleted=args.deleted, limit=args.limit)
    if args.json:
        json.dump([_record_json(r) for r in records], ctx.out, ensure_ascii=False)
        ctx.out.write("\n")
        return cli.OK
    fields = [f for f in schema.kind(kind).visible_fields()][:5]
    for r in records:
        cells = [str(r.fields.get(f.key, "")) for f in fields if r.fields.get(f.key) not in (None, "")]
        print(f"{r.id}  " + " | ".join(cells), file=ctx.out)
    print(_("{n} records").format(n=len(records)), file=ctx.err)
    return cli.OK


def _show_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--history", action="store_true", help=_("every value each field had, who set it and when"))


@command("show", "show one record", _show_args)
def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    record = _existing(replica, args.id)
    history: list[HistoryEntry] = []
    if args.history:  # the server's too: a PC that joined later holds only the current values
        from client.core.sync import whole_history
        history, answered = whole_history(replica, record.id)
        if not answered and replica.meta("token"):
            print(_("the server did not answer: the history kept on this PC only"), file=ctx.err)
        history.sort(key=lambda h: (h.hlc, h.dev))
    if args.json:
        out = _record_json(record)
        out["deleted"] = record.deleted
        if args.history:
            out["history"] = [{"field": h.field, "value": h.value, "user": h.user, "device": h.dev,
                               "time": wall_ms(h.hlc), "current": h.current, "op": h.op_id} for h in history]
        json.dump(out, ctx.out, ensure_ascii=False)
        ctx.out.write("\n")
        return cli.OK
    schema = replica.schema()
    kd = schema.kind(record.kind) if schema.has_kind(record.kind) else None
    print(f"{record.kind} {record.id}{'  (' + _('in the bin') + ')' if record.deleted else ''}", file=ctx.out)
    for key, value in record.fields.items():
        fd = kd.field(key) if kd else None
        print(f"  {fd.label() if fd else key}: {value}", file=ctx.out)
    for h in history:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(wall_ms(h.hlc) / 1000))
        print(f"  {when}  {h.user or '?'}  {h.field} = {h.value!r}{'' if h.current else '  (' + _('replaced') + ')'}",
              file=ctx.out)
    return cli.OK


def _watch_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=_("one JSON line per change (the default)"))
    p.add_argument("--count", type=int, help=_("stop after this many changes"))
    p.add_argument("--seconds", type=float, help=_("stop after this many seconds"))


@command("watch", "stay connected and print each change as it arrives", _watch_args)
def cmd_watch(ctx: Context, args: argparse.Namespace) -> int:
    import asyncio

    from client.core.sync import apply_event, connect, sync_once
    replica = ctx.replica
    seen = 0

    async def run() -> None:
        nonlocal seen
        conn = await connect(replica)
        done = asyncio.Event()
        try:
            await sync_once(conn, replica)

            def on_event(msg: dict[str, Any]) -> None:
                nonlocal seen
                received = time.time()
                ops = apply_event(replica, msg)
                applied = time.time()  # stored on this PC's disk: what a window would show from now
                for op in ops:
                    for key, value in op.values().items():  # a record made in one op: a line per field
                        line = {"rec": op.rec, "kind": op.kind, "field": key, "value": value, "seq": op.seq,
                                "received_at": received, "applied_at": applied}
                        ctx.out.write(json.dumps(line, ensure_ascii=False) + "\n")
                        seen += 1
                ctx.out.flush()
                if args.count is not None and seen >= args.count:
                    done.set()
            conn.on_event = on_event
            await conn.request("subscribe", since=replica.last_seq)
            print(_("watching"), file=ctx.err, flush=True)
            closed = asyncio.ensure_future(conn.closed.wait())
            finished = asyncio.ensure_future(done.wait())
            await asyncio.wait([closed, finished], timeout=args.seconds, return_when=asyncio.FIRST_COMPLETED)
            closed.cancel()
            finished.cancel()
            if conn.closed.is_set() and not done.is_set():
                raise ConnectError(f"lost the server: {conn.close_reason}")
        finally:
            await conn.close()
    try:
        asyncio.run(run())
    except ClientError as e:
        raise failure(e) from None
    return cli.OK


def _apply_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--offline", action="store_true", help=_("only apply locally; sync later"))


def apply_line(replica: Replica, line: Mapping[str, Any]) -> tuple[str, list[Op]]:
    """One JSON edit ({op: add|set|delete, ...}) applied locally; returns the record id and its ops."""
    action = line.get("op")
    schema = replica.schema()
    if action == "add":
        kind = resolve_kind(schema, str(line.get("kind", "")))
        values = _typed(replica, kind, line.get("fields") or {})
        rec = new_id()
        return rec, _apply(replica, rec, kind, values, new=True).new
    rec_id = str(line.get("id", ""))
    record = _existing(replica, rec_id)
    if action == "set":
        values = _typed(replica, record.kind, line.get("fields") or {})
    elif action == "delete":
        values = {"_deleted": True}
    else:
        raise CliError(_("unknown op {op!r}; use add, set or delete").format(op=action), cli.BAD_INPUT)
    result = _apply(replica, record.id, record.kind, values)
    return record.id, result.new


def _typed(replica: Replica, kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """JSON values pass as they are (numbers stay numbers); strings are parsed by field type."""
    schema = replica.schema()
    out: dict[str, Any] = {}
    for name, value in fields.items():
        try:
            fd = schema.field(kind, name)
        except KeyError:
            raise CliError(_("unknown field {field!r} in {kind}").format(
                field=name, kind=kind), cli.BAD_INPUT) from None
        out[fd.key] = parse_assignments(replica, kind, [f"{fd.key}={value}"])[fd.key] \
            if isinstance(value, str) else value
    return out


@command("apply", "read JSON edits on stdin, apply and push each, print one JSON line per acknowledged edit",
         _apply_args)
def cmd_apply(ctx: Context, args: argparse.Namespace) -> int:
    import asyncio

    from client.core.sync import connect, push_outbox
    replica = ctx.replica
    status = cli.OK

    async def run() -> None:
        nonlocal status
        conn: Connection | None = None
        if not args.offline:
            try:
                conn = await connect(replica, timeout=3)
            except ClientError as e:
                print(_("note: working offline ({reason})").format(reason=e), file=ctx.err)
        loop = asyncio.get_running_loop()
        try:
            while True:
                raw = await loop.run_in_executor(None, sys.stdin.readline)
                if not raw:
                    break
                if not raw.strip():
                    continue
                try:
                    rec, ops = apply_line(replica, json.loads(raw))
                except (CliError, ValueError) as e:
                    print(json.dumps({"error": str(e)}, ensure_ascii=False), file=ctx.out, flush=True)
                    status = cli.BAD_INPUT
                    continue
                line: dict[str, Any] = {"id": rec, "seq": None, "acked_at": None}
                if conn is not None:
                    try:
                        acked = await push_outbox(conn, replica)
                        line["seq"] = max((s for op in ops if (s := acked.get(op.id)) is not None), default=None)
                        line["acked_at"] = time.time()
                    except ClientError as e:
                        print(_("note: working offline ({reason})").format(reason=e), file=ctx.err)
                        await conn.close()
                        conn = None
                print(json.dumps(line), file=ctx.out, flush=True)
        finally:
            if conn is not None:
                await conn.close()
    asyncio.run(run())
    return status


def _kinds_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["en", "ru"], default="en")


@command("kinds", "list sections and their fields (keys, types, labels)", _kinds_args)
def cmd_kinds(ctx: Context, args: argparse.Namespace) -> int:
    for kd in ctx.replica.schema().kinds(include_hidden=True):
        print(f"{kd.key}: {kd.label(args.lang)}{' (hidden)' if kd.hidden else ''}", file=ctx.out)
        for f in kd.fields:
            print(f"  {f.key} [{f.type}] {f.label(args.lang)}{' (hidden)' if f.hidden else ''}", file=ctx.out)
    return cli.OK


def _servers_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=2.0)
    p.add_argument("--interface", action="append", help=_("listen only on this local IP (repeatable)"))


@command("servers", "list office servers announced on the network", _servers_args)
def cmd_servers(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.discovery import browse
    found = browse(args.timeout, interfaces=args.interface)
    for s in found:
        print(f"{s.address}\t{s.name}\t{s.fingerprint}", file=ctx.out)
    last = None
    try:
        last = ctx.replica.meta("server")
    except Exception:
        pass
    if last:
        print(_("last used: {address}").format(address=last), file=ctx.err)
    if not found:
        print(_("no server announced itself; type its address instead (HOST:PORT)"), file=ctx.err)
    return cli.OK
