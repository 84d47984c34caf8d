"""Office commands: document numbers (`number`), users and who is connected (`users`), the bin (`bin`)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from client import cli
from client.cli import CliError, Context, command
from client.cli.shared import failure, resolve_kind
from client.core.errors import ClientError, ConnectError, NotLoggedIn, ServerError
from client.core.i18n import _

if TYPE_CHECKING:
    from client.core.connection import Connection


def _number_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("series")
    p.add_argument("--doc", help=_("the record the number is for (its field gets the number)"))
    p.add_argument("--field", default="number", help=_("field that holds the number (default: number)"))
    p.add_argument("--offline", action="store_true", help=_("take a provisional number without asking"))


@command("number", "take the next document number of a series from the server (provisional offline)",
         _number_args)
def cmd_number(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.numbers import allocate, provisional
    from client.core.sync import push_outbox, run_on_server
    replica = ctx.replica
    doc = args.doc or ""
    record = replica.get(doc) if doc else None
    if doc and record is None:
        raise CliError(_("no record {id}").format(id=doc), cli.BAD_INPUT)
    if record is not None:
        missing = replica.schema().unknown(record.kind, args.field)
        if missing:
            raise CliError(_("{problem}: add it in Settings > Fields and sections, or name another with "
                             "--field").format(problem=missing), cli.BAD_INPUT)

    async def online(conn: Connection) -> str:
        number = await allocate(conn, replica, args.series, doc or "", args.field)
        await push_outbox(conn, replica)
        return number
    if not args.offline:
        try:
            print(run_on_server(replica, online, timeout=3), file=ctx.out)
            return cli.OK
        except ServerError as e:
            raise CliError(str(e), cli.BAD_INPUT if e.code == "not_found" else cli.FORBIDDEN) from None
        except (ConnectError, NotLoggedIn):
            pass
        except ClientError as e:
            raise failure(e) from None
    if not doc:
        raise CliError(_("offline, a provisional number needs --doc (the record it is for)"), cli.UNREACHABLE)
    number = provisional(replica, args.series, doc, args.field)
    print(number, file=ctx.out)
    print(_("provisional: the real number is filled in when the server is reachable"), file=ctx.err)
    return cli.OK


def _users_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")


@command("users", "list users, and (for administrators) who is connected from which PC", _users_args)
def cmd_users(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.sync import run_on_server
    replica = ctx.replica

    try:
        reply = run_on_server(replica, lambda conn: conn.request("users"), timeout=3)
    except ClientError as e:
        raise failure(e) from None
    if args.json:
        json.dump({"users": reply["users"], "connected": reply["connected"]}, ctx.out, ensure_ascii=False)
        ctx.out.write("\n")
        return cli.OK
    for u in reply["users"]:  # roles and states are shown to administrators only
        state = "" if "disabled" not in u else _("disabled") if u["disabled"] else _("active")
        print("\t".join(x for x in (u["name"], u.get("role", ""), state, u["full_name"]) if x), file=ctx.out)
    for c in reply["connected"]:
        print(_("connected: {user} from {device} ({address})").format(
            user=c["user"], device=c["device_name"] or c["device"][:8], address=c["address"]), file=ctx.out)
    return cli.OK


def _bin_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind")


@command("bin", "deleted records of a section (bring one back with `restore ID`)", _bin_args)
def cmd_bin(ctx: Context, args: argparse.Namespace) -> int:
    replica = ctx.replica
    kind = resolve_kind(replica.schema(), args.kind)
    title = replica.schema().kind(kind).title_field
    for r in replica.records(kind, deleted=True):
        print(f"{r.id}  {r.fields.get(title, '')}", file=ctx.out)
    return cli.OK
