"""`python -m client reminders [--due] [--json]`: my reminders, from this PC's copy (works offline)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from client import cli
from client.cli import Context, command
from client.core.i18n import _


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--due", action="store_true", help=_("only those due now (including missed ones)"))
    p.add_argument("--json", action="store_true")


@command("reminders", "list my reminders (the user logged in on this PC)", _args)
def cmd_reminders(ctx: Context, args: argparse.Namespace) -> int:
    from client.core.reminders import contract_days, my_records, plan  # loaded by this command, not every one's start
    replica = ctx.replica
    now = datetime.now()
    found = plan(my_records(replica), replica.user, now, contract_days(replica))
    if args.due:
        found = [r for r in found if r.fire_at <= now]
    if args.json:
        json.dump([{"id": r.rec, "kind": r.kind, "title": r.title, "at": r.fire_at.isoformat(timespec="minutes"),
                    "due": r.due.isoformat(timespec="minutes") if r.due else None, "missed": r.missed,
                    "repeating": r.repeating} for r in found], ctx.out, ensure_ascii=False)
        ctx.out.write("\n")
        return cli.OK
    for r in found:
        flag = "  (missed)" if r.missed else ("  (due)" if r.fire_at <= now else "")
        print(f"{r.fire_at:%Y-%m-%d %H:%M}  {r.title}  [{r.kind} {r.rec}]{flag}", file=ctx.out)
    if not found:
        print(_("no reminders"), file=ctx.err)
    return cli.OK
