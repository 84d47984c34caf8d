"""What a page is sent of a record: its fields by type with both languages' labels, linked records by title, and
nothing its user may not read. The page writes each value as text in the chosen language (app.js `fmt`)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from lan_server.auth import User
from lan_server.records import Record, talk
from lan_server.records.derived import WithDerived
from lan_server.records.schema import FieldDef, KindDef, Schema
from lan_server.records.store.text import fold
from lan_server.records.talk import ADMINISTRATOR
from lan_server.web.reader import Reader
from lan_server.web.words import said

# Values a page never gets: a photo or file is sent as a small marker (the picture has its own address).
HEAVY_TYPES = frozenset({"image", "file"})


def field_def(fd: FieldDef) -> dict[str, Any]:
    found: dict[str, Any] = {"key": fd.key, "type": fd.type, "en": fd.label("en"), "ru": fd.label("ru")}
    if fd.type == "choice":
        choices = fd.options.get("choices") or []
        en, ru = fd.options.get("labels_en") or {}, fd.options.get("labels_ru") or {}
        found["choices"] = [[c, str(en.get(c, c)), str(ru.get(c, en.get(c, c)))] for c in choices]
    if fd.type == "link":
        found["link_kind"] = str(fd.options.get("link_kind") or "")
    if fd.computed:
        found["computed"] = True
    if fd.options.get("series"):
        found["numbered"] = True  # a new record's form may leave it empty: the server gives the next number
    return found


def colleagues(reader: Reader) -> list[talk.Person]:
    """Everyone who may log in to the office, by login and full name."""
    return [talk.Person(u.name, u.full_name) for u in reader.users.all() if not u.disabled]


def person_name(person: talk.Person, lang: str) -> str:
    """The name a page shows for a colleague: their full name (the built-in administrator's in the page's
    language, as the window says it), else their login."""
    return said("people.administrator", lang) if person.full_name == ADMINISTRATOR else person.shown


def people(reader: Reader, lang: str) -> list[dict[str, str]]:
    """Whom a user field (Менеджер, Исполнитель) may be given to, by name, A to Я: the value stays the login,
    as the window stores it (rights and «my records» read it)."""
    found = [{"login": p.login, "name": person_name(p, lang)} for p in colleagues(reader)]
    return sorted(found, key=lambda p: fold(p["name"]))


def names_of_people(reader: Reader, lang: str) -> dict[str, str]:
    """login -> the name shown, for every user the office has had (a former colleague's records still name them)."""
    return {u.name: person_name(talk.Person(u.name, u.full_name), lang) for u in reader.users.all()}


def kind_def(kd: KindDef) -> dict[str, Any]:
    return {"key": kd.key, "en": kd.label("en"), "ru": kd.label("ru"), "title_field": kd.title_field}


def readable(reader: Reader, user: User, records: Iterable[Record | None]) -> list[Record]:
    """The live records among these that the user may read."""
    rights = reader.rights
    whole: dict[str, bool] = {}
    out = []
    for record in records:
        if record is None or record.deleted:
            continue
        if record.kind not in whole:
            whole[record.kind] = rights.may_read_kind(user, record.kind)
        if whole[record.kind] or rights.may_read(user, record):
            out.append(record)
    return out


class AsUser:
    """The store as one user may read it (a RecordsReader): what their PC would hold, so the shared rules
    (lan_server.records.derived, .dashboard) give the browser what they give that user's window."""

    def __init__(self, reader: Reader, user: User) -> None:
        self.reader, self.user = reader, user

    def schema(self) -> Schema:
        return self.reader.store.schema()

    def get(self, rec_id: str) -> Record | None:
        found = readable(self.reader, self.user, [self.reader.store.get(rec_id)])
        return found[0] if found else None

    def get_many(self, rec_ids: Sequence[str]) -> dict[str, Record]:
        found = readable(self.reader, self.user, self.reader.store.get_many(rec_ids).values())
        return {r.id: r for r in found}

    def records(self, kind: str | None = None, *, search: str | None = None,
                where: Mapping[str, Any] | None = None, deleted: bool = False, limit: int | None = None,
                offset: int = 0, order: str | None = None, descending: bool = False) -> list[Record]:
        store = self.reader.store
        if kind is not None and self.reader.rights.may_read_kind(self.user, kind):
            return store.records(kind, search=search, where=where, deleted=deleted, limit=limit, offset=offset,
                                 order=order, descending=descending)
        every = store.records(kind, search=search, where=where, deleted=deleted, order=order, descending=descending)
        mine = [r for r in every if r.deleted == deleted and self.reader.rights.may_read(self.user, r)]
        return mine[offset:offset + limit if limit is not None else None]

    def group_counts(self, kind: str, field: str) -> list[tuple[Any, int]]:
        counts: dict[Any, int] = {}
        for record in self.records(kind):
            value = record.fields.get(field)
            counts[value if value != "" else None] = counts.get(value if value != "" else None, 0) + 1
        return sorted(counts.items(), key=lambda kv: (kv[0] is None, str(kv[0])))


def view(reader: Reader, user: User) -> WithDerived:
    """What a user's page reads: their records with the computed values (invoice totals, statuses) filled in."""
    return WithDerived(AsUser(reader, user))


def titles(reader: Reader, user: User, ids: Iterable[Any], lang: str) -> dict[str, str]:
    """Titles of the linked records the user may read (one they may not read is not even named), in the page's
    language (an invoice is "Счёт № 12 от 06.12.2026" on a Russian page)."""
    wanted = sorted({str(i) for i in ids if isinstance(i, str) and i})
    schema = reader.store.schema()
    found = readable(reader, user, reader.store.get_many(wanted).values())
    return {r.id: schema.title(r.kind, r.fields, lang) for r in found}


def value_of(fd: FieldDef, record: Record) -> Any:
    value = record.fields.get(fd.key)
    if fd.type in HEAVY_TYPES and value:
        return True  # there is one; the card asks for it by its own address
    return value


def brief(reader: Reader, user: User, schema: Schema, records: list[Record], lang: str,
          limit: int = 3) -> list[dict[str, Any]]:
    """A list's rows: id, kind, title, and a few of the section's columns after the title, linked records by
    title; titles in the page's language `lang`."""
    rows = []
    linked: list[Any] = []
    picks: dict[str, list[FieldDef]] = {}
    for record in records:
        if record.kind not in picks:
            kd = schema.kind(record.kind)
            keys = [k for k in (kd.columns or tuple(f.key for f in kd.fields)) if k != kd.title_field]
            picks[record.kind] = [fd for k in keys if (fd := kd.field(k)) is not None and not fd.hidden
                                  and fd.type not in HEAVY_TYPES][:limit + 2]
        linked += [record.fields.get(fd.key) for fd in picks[record.kind] if fd.type == "link"]
    names = titles(reader, user, linked, lang)
    names_of = names_of_people(reader, lang) if any(fd.type == "user" for shown in picks.values() for fd in shown) \
        else {}
    for record in records:
        cells = []
        for fd in picks[record.kind]:
            value = record.fields.get(fd.key)
            if value in (None, "", False):
                continue
            cell = {"f": field_def(fd), "v": value}
            if fd.type == "link":
                if value not in names:
                    continue
                cell["t"] = names[value]
            elif fd.type == "user":
                cell["t"] = names_of.get(str(value), str(value))
            cells.append(cell)
            if len(cells) >= limit:
                break
        rows.append({"id": record.id, "kind": record.kind, "title": schema.title(record.kind, record.fields, lang),
                     "cells": cells})
    return rows
