"""Document number series (invoices, contracts): unique and gap-free, handed out only by the server.

Allocation runs on the server's single database thread, in one transaction. A request names the document
it is for, so a client that lost the answer and asks again gets the same number: no gaps, no duplicates.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

from lan_server.auth import User
from lan_server.records import Store, new_id
from lan_server.records.schema import REQUISITES_ID

_DDL = [
    """CREATE TABLE IF NOT EXISTS series (
        name TEXT PRIMARY KEY, prefix TEXT NOT NULL, next INTEGER NOT NULL, yearly INTEGER NOT NULL,
        year INTEGER NOT NULL, width INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS allocations (
        series TEXT NOT NULL, doc TEXT NOT NULL, number TEXT NOT NULL, value INTEGER NOT NULL, year INTEGER NOT NULL,
        usr TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (series, doc))""",
]


# The series the built-in sections number from (lan_server/records/schema.py names them on the `number`
# fields): an office can print its first invoice without asking the administrator for a series.
DEFAULT_SERIES = {"invoice": "", "contract": "", "act": ""}


def ensure(store: Store) -> None:
    for stmt in _DDL:
        store.execute(stmt)
    for name, prefix in DEFAULT_SERIES.items():
        store.execute("INSERT INTO series(name, prefix, next, yearly, year, width) VALUES (?,?,?,?,?,?) "
                      "ON CONFLICT(name) DO NOTHING", (name, prefix, 1, 0, dt.date.today().year, 1))


def add_series(store: Store, name: str, prefix: str, *, start: int = 1, yearly: bool = False,
               width: int = 4) -> None:
    ensure(store)
    if store.execute("SELECT 1 FROM allocations WHERE series = ? LIMIT 1", (name,)).fetchone():
        raise ValueError(f"series {name!r} exists already and has handed out numbers")
    # A series nobody has taken a number from yet (a default one) is simply set up anew.
    store.execute("DELETE FROM series WHERE name = ?", (name,))
    store.execute("INSERT INTO series(name, prefix, next, yearly, year, width) VALUES (?,?,?,?,?,?)",
                  (name, prefix, start, int(yearly), dt.date.today().year, width))


def today() -> dt.date:
    return dt.date.today()


def _restarts_each_year(store: Store) -> bool:
    """The requisites' option "number invoices, acts and contracts anew each year" (an administrator's)."""
    record = store.get(REQUISITES_ID)
    return bool(record is not None and not record.deleted and record.fields.get("numbers_yearly"))


def _format(prefix: str, value: int, year: int, yearly: bool, width: int) -> str:
    return f"{prefix}{year}-{value:0{width}d}" if yearly else f"{prefix}{value:0{width}d}"


def allocate(store: Store, user: User, series: str, doc: str | None) -> dict[str, Any]:
    """The next number of `series` for `user` (rights.may_take_numbers has said yes)."""
    ensure(store)
    with store.atomic():
        if doc:
            row = store.execute("SELECT number, value FROM allocations WHERE series = ? AND doc = ?",
                                (series, doc)).fetchone()
            if row:
                return {"number": row[0], "value": row[1], "series": series, "doc": doc, "again": True}
        s = store.execute("SELECT prefix, next, yearly, year, width FROM series WHERE name = ?", (series,)).fetchone()
        if s is None:
            raise KeyError(f"no number series {series!r}; the administrator adds it with "
                           f"`python -m lan_server series DATA_DIR add {series} --prefix ...`")
        prefix, value, yearly, year, width = s
        this_year = today().year
        if yearly and year != this_year:
            value, year = 1, this_year  # yearly series start again at 1 each January
        elif series in DEFAULT_SERIES and _restarts_each_year(store):
            last = store.execute("SELECT MAX(year) FROM allocations WHERE series = ?", (series,)).fetchone()[0]
            if last is not None and last < this_year:
                value = 1  # the office's option: № 1 again each January, the number as it was (no year in it)
            year = this_year
        number = _format(prefix, value, year, bool(yearly), width)
        doc = doc or new_id()
        store.execute("UPDATE series SET next = ?, year = ? WHERE name = ?", (value + 1, year, series))
        store.execute("INSERT INTO allocations(series, doc, number, value, year, usr, at) VALUES (?,?,?,?,?,?,?)",
                      (series, doc, number, value, year, user.name, time.time()))
    return {"number": number, "value": value, "series": series, "doc": doc}


def series_command(store: Store, args: argparse.Namespace) -> int:
    """`python -m lan_server series DATA_DIR add|list ...` on the office's store."""
    ensure(store)
    if args.action == "add":
        if not args.name:
            print("error: name the series", file=sys.stderr)
            return 2
        add_series(store, args.name, args.prefix, start=args.start, yearly=args.yearly, width=args.width)
        print(f"series {args.name}: first number "
              f"{_format(args.prefix, args.start, dt.date.today().year, args.yearly, args.width)}")
        return 0
    for name, prefix, nxt, yearly, year, width in store.execute(
            "SELECT name, prefix, next, yearly, year, width FROM series ORDER BY name"):
        print(f"{name}\tnext {_format(prefix, nxt, year, bool(yearly), width)}"
              f"{'  (restarts every year)' if yearly else ''}")
    return 0


def add_commands(sub: Any) -> None:
    p = sub.add_parser("series", help="document number series: add or list")
    p.add_argument("data_dir", type=Path)
    p.add_argument("action", choices=["add", "list"])
    p.add_argument("name", nargs="?")
    p.add_argument("--prefix", default="")
    p.add_argument("--start", type=int, default=1)
    p.add_argument("--yearly", action="store_true", help="restart at 1 every year; the year is in the number")
    p.add_argument("--width", type=int, default=4, help="digits, zero-padded (default 4)")
    p.set_defaults(on_store=series_command)  # __main__ opens the store for it
