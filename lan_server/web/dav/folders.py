"""A user's address book and calendars as a phone sees them: which records each holds, and their names.

/dav/                       the root: it names the user's principal
/dav/<login>/               the user's principal and the home of their collections
/dav/<login>/<folder>/      an address book or a calendar
/dav/<login>/<folder>/<n>   one contact, organization, event or task
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

from lan_server.auth import User
from lan_server.records import Record

ROOT = "/dav/"


@dataclass(frozen=True)
class Folder:
    name: str
    kinds: tuple[str, ...]
    component: str  # VCARD for an address book, else the calendar's one component (VEVENT or VTODO)
    mine: bool  # only the user's own records: assigned to them, or made by them and assigned to nobody
    label_ru: str
    label_en: str
    color: str = ""

    @property
    def is_book(self) -> bool:
        return self.component == "VCARD"

    @property
    def ext(self) -> str:
        return ".vcf" if self.is_book else ".ics"

    @property
    def media(self) -> str:
        return "text/vcard; charset=utf-8" if self.is_book else \
            f"text/calendar; charset=utf-8; component={self.component.lower()}"

    def holds(self, user: User, record: Record) -> bool:
        """Whether the record belongs in this folder for `user` (rights are judged apart)."""
        if record.kind not in self.kinds or record.deleted:
            return False
        if not self.mine:
            return True
        assignee = str(record.fields.get("assignee") or "")
        return assignee == user.name or (not assignee and record.creator == user.name)


FOLDERS: dict[str, Folder] = {f.name: f for f in (
    Folder("contacts", ("contact", "organization"), "VCARD", False, "Контакты офиса", "Office contacts"),
    Folder("events", ("event",), "VEVENT", True, "Мои события", "My events", "#1E88E5FF"),
    Folder("tasks", ("task",), "VTODO", True, "Мои задачи", "My tasks", "#43A047FF"),
    Folder("office-events", ("event",), "VEVENT", False, "События офиса", "Office events", "#8E24AAFF"),
)}


@dataclass(frozen=True)
class Target:
    """What a request's path names."""

    login: str = ""  # "" for the root
    folder: Folder | None = None
    item: str = ""  # the item's name in its folder ("<record>.vcf", or the name a phone gave it)

    @property
    def level(self) -> str:
        return "root" if not self.login else "home" if self.folder is None else \
            "folder" if not self.item else "item"


def parse_path(path: str) -> Target | None:
    """The target of a path under /dav/, or None when it names nothing here."""
    if not path.startswith(ROOT):
        return None
    parts = [unquote(p) for p in path[len(ROOT):].split("/")]
    if parts and parts[-1] == "":
        parts.pop()
    if not parts:
        return Target()
    if len(parts) > 3 or any(p in ("", ".", "..") for p in parts):
        return None
    login = parts[0]
    if len(parts) == 1:
        return Target(login)
    folder = FOLDERS.get(parts[1])
    if folder is None:
        return None
    return Target(login, folder, parts[2] if len(parts) == 3 else "")


def home_path(login: str) -> str:
    return f"{ROOT}{quote(login, safe='@')}/"


def folder_path(login: str, folder: Folder) -> str:
    return f"{home_path(login)}{folder.name}/"


def item_path(login: str, folder: Folder, name: str) -> str:
    return folder_path(login, folder) + quote(name, safe="@")


def default_name(rec: str, folder: Folder) -> str:
    return rec + folder.ext


def rec_of_default(name: str, folder: Folder) -> str | None:
    """The record a name made by default_name stands for."""
    return name[:-len(folder.ext)] if name.endswith(folder.ext) and len(name) > len(folder.ext) else None

