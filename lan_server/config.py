"""The server's data folder: server.json, the database file, and the companies kept in folders inside it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from lan_server.protocol.reasons import Reason
from lan_server.records.store.text import named

DB_FILE = "organizer.db"
CONFIG_FILE = "server.json"
# Each further company is a folder laid out like the server's own (server.json, organizer.db, backups/), so
# every command that works on a data folder works on a company's: only the certificate stays at the top.
COMPANIES_DIR = "companies"


class SetupError(Exception):
    pass


def load_config(data_dir: Path) -> dict[str, Any]:
    path = data_dir / CONFIG_FILE
    if not path.exists():
        raise SetupError(f"{data_dir} is not a server data folder; run `python -m lan_server init {data_dir}` first")
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Company:
    """One company's place on the server: `key` is "" for the company the server was made with."""
    key: str
    name: str
    folder: Path


def company_key(name: str) -> str:
    """A folder name for a company's name: letters (Cyrillic too) and digits, the rest one dash."""
    key = re.sub(r"[^\w]+", "-", name.casefold()).strip("-_")
    if not key:
        raise SetupError(f"{name!r} cannot name a company: use letters or digits")
    return key[:60]


def companies(data_dir: Path) -> list[Company]:
    """The server's companies, the first one it was made with first; the rest in the order of their names."""
    main = Company("", str(load_config(data_dir).get("name") or ""), data_dir)
    more: list[Company] = []
    folder = data_dir / COMPANIES_DIR
    if folder.is_dir():
        for sub in sorted(folder.iterdir()):
            if (sub / CONFIG_FILE).is_file():
                more.append(Company(sub.name, str(load_config(sub).get("name") or sub.name), sub))
    return [main, *sorted(more, key=lambda c: c.name.casefold())]


def find_company(data_dir: Path, wanted: str | None) -> Company:
    """The company named `wanted` by its key or its name (any case); the first company for None or ""."""
    return pick_company(companies(data_dir), wanted)


def pick_company(found: Sequence[Company], wanted: str | None) -> Company:
    """find_company among companies already read."""
    if not wanted:
        return found[0]
    company = named(found, wanted, lambda c: c.name, lambda c: c.key)
    if company is not None:
        return company
    names = ", ".join(c.name for c in found)
    raise SetupError(Reason("no_company", company=wanted, companies=names))
