"""`python -m lan_server role DATA_DIR ROLE --kind KIND --read ... --edit ...`: rights of a role per section."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lan_server.app import admin_command
from lan_server.records import Store
from lan_server.rights import DEFAULTS, SCOPES, Rights, Rule


@admin_command
def _cmd_role(store: Store, args: argparse.Namespace) -> int:
    rights = Rights(store)
    if args.list:
        for role in rights.roles():
            rows = store.execute("SELECT kind, read, edit, can_create, del, export FROM roles WHERE name = ?",
                                 (role,)).fetchall()
            base = DEFAULTS.get(role)
            print(f"{role}: default {base}" if base else f"{role}:")
            for kind, read, edit, create, delete, export in rows:
                print(f"  {kind}: read {read}, edit {edit}, create {'yes' if create else 'no'}, "
                      f"delete {delete}, export {'yes' if export else 'no'}")
        return 0
    if not args.role:
        print("error: name the role", file=sys.stderr)
        return 2
    known = args.role in DEFAULTS or store.execute("SELECT 1 FROM roles WHERE name = ?",
                                                     (args.role,)).fetchone() is not None
    # A new role starts from the manager's rules; only what is given here differs.
    base = rights.rule_for_role(args.role, args.kind) if known else DEFAULTS["manager"]
    rule = Rule(read=args.read or base.read, edit=args.edit or base.edit,
                create=(args.create == "yes") if args.create else base.create,
                delete=args.delete or base.delete,
                export=(args.export == "yes") if args.export else base.export)
    rights.set_rule(args.role, args.kind, rule)
    print(f"{args.role} on {args.kind}: read {rule.read}, edit {rule.edit}, create "
          f"{'yes' if rule.create else 'no'}, delete {rule.delete}, export {'yes' if rule.export else 'no'}")
    return 0


def add_commands(sub: Any) -> None:
    from pathlib import Path
    p = sub.add_parser("role", help="set what a role may do in a section (a new role starts from the "
                                    "manager's rules: read all, create yes, edit group, delete own, export yes)")
    p.add_argument("data_dir", type=Path)
    p.add_argument("role", nargs="?")
    p.add_argument("--kind", default="*", help="section key, or * for every section (default)")
    p.add_argument("--read", choices=SCOPES)
    p.add_argument("--edit", choices=SCOPES)
    p.add_argument("--create", choices=["yes", "no"])
    p.add_argument("--delete", choices=["all", "own", "none"])
    p.add_argument("--export", choices=["yes", "no"])
    p.add_argument("--list", action="store_true", help="show every role and its rules")
    p.set_defaults(func=_cmd_role)
