"""Rebuild a lost office server from a PC's copy when there is no backup: the office's identity and every record
that PC holds go into a new server; every other PC that logs in to it sends back what it holds (a new epoch), so
the office ends with the union of its PCs' data."""

from __future__ import annotations

import argparse
import json
import re
import sys
import uuid
from pathlib import Path
from typing import Any

from lan_server.records import Store

REPLICA_FILE = "replica.db"  # a PC's copy (client/core/replica.py names it the same)


def read_copy(profile: Path) -> tuple[dict[str, Any], Store]:
    """The PC copy's office identity and its store; ValueError when it is no office copy."""
    db = profile / REPLICA_FILE
    if not db.exists():
        raise ValueError(f"{profile} holds no PC copy of an office ({REPLICA_FILE} is missing)")
    store = Store.open(db, search=False)
    meta = {key: store.get_meta(key) for key in ("server_id", "server_name", "user", "role")}
    if not meta["server_id"]:
        store.close()
        raise ValueError(f"{profile} never logged in to an office server: it has no office to rebuild")
    return meta, store


def _next_numbers(store: Store) -> dict[str, int]:
    """For each number series the sections use, one past the highest number found in the records, so the
    rebuilt server never hands out a number the office already printed."""
    schema = store.schema()
    found: dict[str, int] = {}
    for kd in schema.kinds():
        for fd in kd.fields:
            series = fd.options.get("series")
            if not series:
                continue
            for record in store.records(kd.key, deleted=False) + store.records(kd.key, deleted=True):
                digits = re.findall(r"\d+", str(record.fields.get(fd.key) or ""))
                if digits:
                    found[str(series)] = max(found.get(str(series), 0), int(digits[-1]))
    return {series: top + 1 for series, top in found.items()}


def rebuild(data_dir: Path, profile: Path, admin_password: str) -> dict[str, Any]:
    """A new server in `data_dir` (a new certificate: the old key is gone with the old PC) with the office's
    identity, name and every op the copy holds; its number series continue past the numbers in the records."""
    from lan_server import app, numbering
    meta, copy = read_copy(profile)
    try:
        ops = copy.everything()
        starts = _next_numbers(copy)
    finally:
        copy.close()
    info = app.init(data_dir, admin_password, str(meta["server_name"] or "") or None)
    config_path = data_dir / app.CONFIG_FILE
    config = json.loads(config_path.read_text(encoding="utf-8"))
    # The same office to every PC (they keep their data), in a new epoch (they send back all they hold).
    config.update(server_id=meta["server_id"], epoch=uuid.uuid4().hex, follow=False)
    config_path.write_text(json.dumps(config, indent=2, ensure_ascii=False), encoding="utf-8")
    store = app.open_store(data_dir, config.get("database"))
    try:
        for i in range(0, len(ops), 5000):
            store.apply(ops[i:i + 5000], assign_seq=True)
        numbering.ensure(store)
        for series, start in starts.items():
            store.execute("UPDATE series SET next = ? WHERE name = ? AND next < ?", (start, series, start))
    finally:
        store.close()
    return {**info, "server_id": meta["server_id"], "ops": len(ops), "from_user": meta["user"],
            "from_role": meta["role"], "numbers": starts}


def _cmd_rebuild(args: argparse.Namespace) -> int:
    from lan_server import app
    from lan_server.service import new_admin_password
    password = args.admin_password or new_admin_password()
    try:
        done = rebuild(args.data_dir, args.from_replica, password)
    except (ValueError, app.SetupError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"the office '{done['name']}' was rebuilt in {args.data_dir} from the copy of {done['from_user']} "
          f"({done['ops']} changes)")
    if done["from_role"] != "admin":
        print(f"note: {done['from_user']} is not an administrator, so the copy lacks what only others could read; "
              "their PCs send it back when they log in")
    print("administrator: admin")
    if not args.admin_password:
        print(f"password: {password}  (shown once; change it with `user passwd`)")
    print(f"new certificate fingerprint: {done['fingerprint']}")
    print("next: add the office's users again (`user add`), start the server, and on each PC log in again and "
          "trust the new certificate; each PC then sends back everything it holds")
    return 0


def add_commands(sub: Any) -> None:
    p = sub.add_parser("rebuild", help="rebuild a lost server from a PC's copy (when there is no backup)")
    p.add_argument("data_dir", type=Path, help="a new, empty folder for the server")
    p.add_argument("--from-replica", type=Path, required=True,
                   help="the PC's data folder (best an administrator's: it holds everything)")
    p.add_argument("--admin-password", help="the new server's admin password (default: a new one, shown once)")
    p.set_defaults(func=_cmd_rebuild)
