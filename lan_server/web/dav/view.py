"""What a user's phone reads and writes, worked out on the office's database thread.

Reads go through rights.py (a phone never gets what its user may not read); writes are ops of that user from
that phone, pushed through the hub like any PC's (per-field merge, history, the server's checks, fan-out), and a
deletion is the op that moves a record to the bin. Only the fields a phone changed become ops: the phone's card
is compared with the card this server would have given it (an unchanged value, or a name typed in another order,
writes nothing).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from typing import Any, Sequence

import orjson

from lan_server.auth import User
from lan_server.formats import ical, vcard
from lan_server.hub import Hub
from lan_server.records import Record, hlc
from lan_server.records.ops import Op, delete_op, new_id, ops_for_fields, value_problem
from lan_server.records.schema import Schema
from lan_server.web.dav.folders import Folder, default_name, rec_of_default

FORMAT = "1"  # bump when cards or calendar objects are written differently: every ETag changes with it
TOKEN_BASE = "http://lan-organizer/ns/sync/"
MOST_OPS = 200_000  # a sync token older than this many ops is refused: the phone reads its folder whole
_DDL = "CREATE TABLE IF NOT EXISTS dav_names (rec TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, uid TEXT NOT NULL)"


class TokenInvalid(ValueError):
    """A sync token this server cannot continue from (another server, other rights, too old)."""


@dataclass
class Item:
    record: Record
    name: str
    uid: str
    etag: str
    updated: int
    org_name: str = ""


@dataclass
class Outcome:
    """The answer to a write: an HTTP status, the precondition that failed (Clark name) and why."""

    status: int
    condition: str = ""
    message: str = ""
    name: str = ""


@dataclass
class Listing:
    items: list[Item]
    schema: Schema
    token: str = ""
    removed: list[str] = field(default_factory=list)


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).hexdigest()


def _schema_print(schema: Schema, kinds: Sequence[str]) -> str:
    found = []
    for k in kinds:
        if schema.has_kind(k):
            kd = schema.kind(k)
            found.append(repr([kd.title_field, *((f.key, f.type, f.label_ru, f.label_en, f.hidden)
                                                for f in kd.fields)]))
    return _digest(*found)


def parse_etags(header: str | None) -> set[str] | None:
    """The entity tags of an If-Match / If-None-Match header ("*" kept as is), or None without one."""
    if header is None:
        return None
    return {t.strip().removeprefix("W/") for t in header.split(",") if t.strip()}


class DavView:
    """One office's phones. Every method runs on the office's database thread (hub.call)."""

    def __init__(self, hub: Hub, zone: tzinfo | None = None) -> None:
        self.hub, self.store, self.rights = hub, hub.store, hub.rights
        from lan_server.phone_passwords import PhonePasswords
        self.phones = PhonePasswords(hub.store)
        self.store.execute(_DDL)
        self.clock = hlc.Clock(now_ms=hub.now_ms)
        self.zone = zone or ical.office_zone()
        self._seqs: dict[str, int] = {}
        self._seqs_at = -1
        self._prints: tuple[Any, dict[tuple[str, ...], str]] = (None, {})

    # ---- names and tags

    def _names(self, recs: Sequence[str] | None = None) -> dict[str, tuple[str, str]]:
        """rec -> (name, uid) for records a phone named itself (the others are "<rec>.vcf" with UID <rec>)."""
        if recs is None:
            rows = self.store.execute("SELECT rec, name, uid FROM dav_names").fetchall()
        else:
            rows = []
            for i in range(0, len(recs), 500):
                chunk = list(recs[i:i + 500])
                rows += self.store.execute(f"SELECT rec, name, uid FROM dav_names WHERE rec IN "
                                           f"({','.join('?' * len(chunk))})", chunk).fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def rec_for(self, folder: Folder, name: str) -> str | None:
        row = self.store.execute("SELECT rec FROM dav_names WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else rec_of_default(name, folder)

    def _print(self, schema: Schema, kinds: Sequence[str]) -> str:
        if self._prints[0] is not schema:
            self._prints = (schema, {})
        key = tuple(kinds)
        if key not in self._prints[1]:
            self._prints[1][key] = _schema_print(schema, kinds)
        return self._prints[1][key]

    def _etag(self, record: Record, org_name: str, schema_print: str) -> str:
        data = orjson.dumps(record.fields, option=orjson.OPT_SORT_KEYS).decode("utf-8")
        return f'"{_digest(FORMAT, schema_print, data, org_name)}"'

    def _item(self, record: Record, updated: int, names: dict[str, tuple[str, str]], folder: Folder,
              org_names: dict[str, str], schema_print: str) -> Item:
        name, uid = names.get(record.id, (default_name(record.id, folder), record.id))
        org_name = org_names.get(str(record.fields.get("organization") or ""), "") if record.kind == "contact" \
            else ""
        return Item(record, name, uid, self._etag(record, org_name, schema_print), updated, org_name)

    def _readable(self, user: User, folder: Folder, rows: Sequence[tuple[Record, int]]) -> list[tuple[Record, int]]:
        whole = {k: self.rights.may_read_kind(user, k) for k in folder.kinds}
        return [(r, u) for r, u in rows if folder.holds(user, r) and (whole.get(r.kind) or
                                                                       self.rights.may_read(user, r))]

    def _org_names(self, user: User, org_ids: Sequence[str]) -> dict[str, str]:
        """Names of the organizations among `org_ids` that the user may read."""
        found = self.store.get_many(sorted({o for o in org_ids if o}))
        return {r.id: str(r.fields.get("name") or "") for r in found.values()
                if r.kind == "organization" and not r.deleted and self.rights.may_read(user, r)}

    # ---- sync tokens

    def _kind_seqs(self) -> dict[str, int]:
        head = self.store.max_seq()
        if self._seqs_at < 0 or head < self._seqs_at:
            self._seqs = self.store.last_seqs(0)
        elif head > self._seqs_at:
            for kind, seq in self.store.last_seqs(self._seqs_at).items():
                self._seqs[kind] = max(seq, self._seqs.get(kind, 0))
        self._seqs_at = head
        return self._seqs

    def _stamp(self, user: User, folder: Folder, schema: Schema) -> str:
        # Anything that changes what the folder would hold without an op of its sections: the rights, the
        # schema, the way items are written, the server itself (a restored backup is another history).
        epoch = str(self.store.get_meta("cursor_key", ""))[:12]
        return _digest(self.rights.fingerprint(), self._print(schema, folder.kinds), FORMAT, folder.name, user.name,
                       epoch)[:12]

    def token(self, user: User, folder: Folder) -> str:
        seqs = self._kind_seqs()
        seq = max((seqs.get(k, 0) for k in folder.kinds), default=0)
        return f"{TOKEN_BASE}{seq}-{self._stamp(user, folder, self.store.schema())}"

    def _token_seq(self, user: User, folder: Folder, token: str) -> int:
        body = token.strip().removeprefix(TOKEN_BASE)
        seq_text, _, stamp = body.partition("-")
        if not token.startswith(TOKEN_BASE) or not seq_text.isdigit():
            raise TokenInvalid("this sync token was not made by this server")
        if stamp != self._stamp(user, folder, self.store.schema()):
            raise TokenInvalid("rights, fields or the server changed since this sync token: read the folder whole")
        seq = int(seq_text)
        if seq > self.store.max_seq():
            raise TokenInvalid("this sync token is from a later history (a backup was restored)")
        return seq

    # ---- reads

    def members(self, user: User, folder: Folder) -> Listing:
        """Everything in the folder the user may read, with the folder's current token."""
        schema = self.store.schema()
        token = self.token(user, folder)
        rows = self._readable(user, folder, self.store.records_of_kinds(folder.kinds))
        org_names = {r.id: str(r.fields.get("name") or "") for r, _ in rows if r.kind == "organization"} \
            if folder.is_book else {}
        wanted = [str(r.fields.get("organization") or "") for r, _ in rows if r.kind == "contact"]
        missing = [o for o in wanted if o and o not in org_names]
        if missing:  # linked organizations outside the folder's rows (none for a reader of every organization)
            org_names.update(self._org_names(user, missing))
        names = self._names()
        sp = self._print(schema, folder.kinds)
        return Listing([self._item(r, u, names, folder, org_names, sp) for r, u in rows], schema, token)

    def items(self, user: User, folder: Folder, names: Sequence[str]) -> tuple[dict[str, Item | None], Schema]:
        """The named items the user may read (None for a name that holds nothing for them)."""
        schema = self.store.schema()
        recs = {n: self.rec_for(folder, n) for n in names}
        records = self.store.get_many(sorted({r for r in recs.values() if r}))
        stamps = self.store.stamps(sorted(records))
        rows = self._readable(user, folder, [(records[r], stamps.get(r, 0)) for r in sorted(records)])
        org_names = self._org_names(user, [str(r.fields.get("organization") or "") for r, _ in rows
                                           if r.kind == "contact"]) if folder.is_book else {}
        mapped = self._names([r.id for r, _ in rows])
        sp = self._print(schema, folder.kinds)
        by_rec = {r.id: self._item(r, u, mapped, folder, org_names, sp) for r, u in rows}
        out: dict[str, Item | None] = {}
        for n, rec in recs.items():
            item = by_rec.get(rec or "")
            out[n] = item if item is not None and item.name == n else None
        return out, schema

    def changes(self, user: User, folder: Folder, token: str) -> Listing:
        """What changed in the folder for this user since `token`: items changed, names removed, the new token.
        Raises TokenInvalid when the phone must read the folder whole."""
        seq = self._token_seq(user, folder, token)
        new_token = self.token(user, folder)
        recs = self.store.changed_since(seq, folder.kinds, MOST_OPS)
        if recs is None:
            raise TokenInvalid("this sync token is too old: read the folder whole")
        schema = self.store.schema()
        records = self.store.get_many(recs)
        if folder.is_book:
            # A contact's card carries its organization's name: a renamed organization changes its contacts.
            orgs = [r for r in recs if r in records and records[r].kind == "organization"]
            linked = {c.id for o in orgs for c in self.store.records("contact", where={"organization": o})}
            extra = sorted(linked - set(records))
            records.update(self.store.get_many(extra))
            recs = sorted(set(recs) | set(extra))
        stamps = self.store.stamps(recs)
        rows = self._readable(user, folder, [(records[r], stamps.get(r, 0)) for r in recs if r in records])
        org_names = self._org_names(user, [str(r.fields.get("organization") or "") for r, _ in rows
                                           if r.kind == "contact"]) if folder.is_book else {}
        names = self._names(recs)
        sp = self._print(schema, folder.kinds)
        items = [self._item(r, u, names, folder, org_names, sp) for r, u in rows]
        now = {i.record.id for i in items}
        removed = [names.get(r, (default_name(r, folder), ""))[0] for r in recs
                   if r not in now and self._was_visible(user, folder, r, seq)]
        return Listing(items, schema, new_token, removed)

    def _was_visible(self, user: User, folder: Folder, rec: str, seq: int) -> bool:
        """Whether the user's folder held the record after op `seq` (so its removal is theirs to hear of, and
        the ids of records they never saw are never sent)."""
        winners: dict[str, Any] = {}
        first: tuple[int, str] | None = None
        kind = ""
        for entry in self.store.history(rec):
            if entry.seq is None or entry.seq > seq:
                continue
            if first is None or entry.hlc < first[0]:
                first = (entry.hlc, entry.user)
            best = winners.get(entry.field)
            if best is None or (entry.hlc, entry.dev, entry.op_id) > (best.hlc, best.dev, best.op_id):
                winners[entry.field] = entry
        if first is None:
            return False
        record = self.store.get(rec)
        kind = record.kind if record is not None else ""
        fields = {f: e.value for f, e in winners.items()}
        deleted = bool(fields.pop("_deleted", False))
        then = Record(rec, kind, fields, deleted, first[1])
        return folder.holds(user, then) and self.rights.may_read(user, then)

    # ---- rendering

    def render(self, item: Item, folder: Folder, schema: Schema, *, version: str = "3.0", link: str = "") -> str:
        kd = schema.kind(item.record.kind)
        if folder.is_book:
            return vcard.to_vcard(kd, item.record.fields, uid=item.uid, version=version, org_name=item.org_name,
                                  link=link, rev=_utc(item.updated).strftime("%Y%m%dT%H%M%SZ"))
        return ical.to_ical(kd, item.record.fields, uid=item.uid, zone=self.zone, stamp=_utc(item.updated),
                            link=link)

    # ---- writes

    def put(self, user: User, device: str, folder: Folder, name: str, body: str, if_match: set[str] | None,
            if_none_match: set[str] | None) -> Outcome:
        """Store a phone's card or calendar object under `name`: a new record, or the fields it changed."""
        from lan_server.web.dav.davxml import CALDAV, CARDDAV, DAV, clark
        schema = self.store.schema()
        valid = clark(CARDDAV, "valid-address-data") if folder.is_book else clark(CALDAV, "valid-calendar-data")
        try:
            if folder.is_book:
                card = vcard.parse_vcard(body)
                kind, uid = ("organization" if card.is_org else "contact"), card.uid
            else:
                comp = ical.parse_ical(body)
                kind, uid = ical.KINDS[comp.name], str(comp.get("uid", "")).strip()
        except ValueError as e:
            return Outcome(400, valid, str(e))
        if kind not in folder.kinds:
            return Outcome(403, clark(CALDAV, "supported-calendar-component"),
                           f"this calendar holds {folder.label_en.lower()} only")
        found, _ = self.items(user, folder, [name])
        item = found[name]
        rec = self.rec_for(folder, name)
        if item is None and rec:
            stored = self.store.get(rec)
            if stored is not None and not stored.deleted:
                return Outcome(403, clark(DAV, "need-privileges"), "this name belongs to a record you may not read")
        if if_none_match is not None and item is not None and ("*" in if_none_match or item.etag in if_none_match):
            return Outcome(412, message="the item already exists")
        if if_match is not None and (item is None or not ("*" in if_match or item.etag in if_match)):
            return Outcome(412, message="the item changed on the server since the phone read it")
        if item is not None:
            kind = item.record.kind
        kd = schema.kind(kind)
        current = item.record.fields if item is not None else {}
        if folder.is_book:
            new_values, new_org = vcard.card_values(card, kd, current)
        else:
            new_values, new_org = ical.ical_values(comp, kd, self.zone), ""
        ops: list[Op] = []
        if item is not None:
            rec_id = item.record.id
            base_text = self.render(item, folder, schema)
            if folder.is_book:
                base, base_org = vcard.card_values(vcard.parse_vcard(base_text), kd, current)
            else:
                base, base_org = ical.ical_values(ical.parse_ical(base_text), kd, self.zone), ""
            changed = {k: v for k, v in new_values.items() if v != base.get(k)}
            if any(k in changed for k in ical.REMINDER_FIELDS):
                changed.update({k: new_values.get(k) for k in ical.REMINDER_FIELDS if kd.field(k)})
            if folder.is_book and kind == "contact" and new_org != base_org and kd.field("organization"):
                changed["organization"], ops = self._organization(user, device, new_org, changed, current)
        else:
            rec_id = new_id()
            changed = {k: v for k, v in new_values.items() if v not in (None, "", False)}
            if folder.mine and kd.field("assignee"):
                changed["assignee"] = user.name
            if folder.is_book and kind == "contact" and new_org and kd.field("organization"):
                changed["organization"], ops = self._organization(user, device, new_org, changed, current)
        for key in [k for k, v in changed.items() if value_problem(v)]:
            changed.pop(key)  # a photo over the size a value may have: the rest of the card is kept
        if changed:
            self.clock.observe(self.store.stamps([rec_id]).get(rec_id, 0))  # the phone saw the latest values
            ops += ops_for_fields(rec_id, kind, changed, clock_now=self.clock.now, dev=device, user=user.name)
        if ops:
            result = self.hub.push(user, ops)
            if result.rejected:
                return Outcome(403, clark(DAV, "need-privileges"), result.rejected[0].reason)
        if item is None:
            uid = uid or rec_id
            if name != default_name(rec_id, folder) or uid != rec_id:
                self.store.execute("INSERT INTO dav_names(rec, name, uid) VALUES (?, ?, ?) ON CONFLICT(rec) DO "
                                   "UPDATE SET name = excluded.name, uid = excluded.uid", (rec_id, name, uid))
            return Outcome(201, name=name)
        return Outcome(204, name=name)

    def _organization(self, user: User, device: str, org_name: str, changed: dict[str, Any],
                      current: Any) -> tuple[str | None, list[Op]]:
        """The organization a contact's card names: one the user reads by that name, else a new one (when the
        user may add organizations; otherwise the name is kept in the contact's note)."""
        if not org_name:
            return None, []
        wanted = org_name.casefold().strip()
        for record, _ in self.store.records_of_kinds(["organization"]):
            if str(record.fields.get("name") or "").casefold().strip() == wanted and self.rights.may_read(user, record):
                return record.id, []
        if not self.rights.rule(user, "organization").create:
            note = str(changed.get("note", current.get("note")) or "")
            line = f"Организация: {org_name}"
            changed["note"] = note if line in note else "\n".join(p for p in (note, line) if p)
            return current.get("organization") or None, []
        org_id = new_id()
        return org_id, ops_for_fields(org_id, "organization", {"name": org_name}, clock_now=self.clock.now,
                                      dev=device, user=user.name)

    def delete(self, user: User, device: str, folder: Folder, name: str, if_match: set[str] | None) -> Outcome:
        """Move the named record to the bin (never further)."""
        from lan_server.web.dav.davxml import DAV, clark
        found, _ = self.items(user, folder, [name])
        item = found[name]
        if item is None:
            return Outcome(404, message="no such item")
        if if_match is not None and not ("*" in if_match or item.etag in if_match):
            return Outcome(412, message="the item changed on the server since the phone read it")
        self.clock.observe(self.store.stamps([item.record.id]).get(item.record.id, 0))
        op = delete_op(item.record.id, item.record.kind, clock_now=self.clock.now, dev=device, user=user.name)
        result = self.hub.push(user, [op])
        if result.rejected:
            return Outcome(403, clark(DAV, "need-privileges"), result.rejected[0].reason)
        return Outcome(204)


def _utc(stamp: int) -> datetime:
    return datetime.fromtimestamp(hlc.to_seconds(stamp) if stamp else 0, tz=timezone.utc).replace(microsecond=0)
