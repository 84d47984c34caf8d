"""The feed (Лента): what happened in the records a user follows, the latest first: comments, changes (a deal's
stage, a task done), payments received and new records. A user follows their own records (made by them, assigned
to them, managed by them), those they commented or were mentioned in, and any they chose to; "unfollow" takes a
record out whatever the reason it was in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from client.core.i18n import _, language
from client.core.present import as_text
from client.core.replica import Replica
from client.core.talk import now_ms
from client.core.talk.comments import Comment
from lan_server.records import Record, talk
from lan_server.records.access import OWNER_FIELDS
from lan_server.records.hlc import pack, wall_ms
from lan_server.records.schema import SYSTEM_FIELDS, Schema

FILTERS = ("all", "comments", "changes", "mine")
WINDOW_DAYS = 30          # how far back the feed looks
EDIT_GAP_MS = 3000        # values one person set within this gap are one edit
CANDIDATES = 3000         # records changed in the window looked at, the latest first


@dataclass(frozen=True)
class FeedItem:
    at: int                  # when, in ms
    what: str                # comment | change | payment | new
    record: str              # the followed record it is about
    kind: str
    title: str
    user: str                # who did it
    text: str = ""           # a comment's text
    item: str = ""           # the comment, or the record that was made (a payment, a task)
    changes: tuple[tuple[str, Any, Any], ...] = field(default=())  # (field key, before, after) of a change


def follow(replica: Replica, record_id: str, on: bool) -> None:
    """Follow a record (its events come to the feed) or stop following it, on every PC of the user."""
    fid = talk.follow_id(record_id, replica.user)
    if replica.get(fid) is None:
        replica.add(talk.FOLLOW, {"record": record_id, "user": replica.user, "on": on}, rec_id=fid)
    else:
        replica.set(fid, {"on": on})


def choices(replica: Replica) -> dict[str, bool]:
    """The records the user chose to follow (True) or to stop following (False)."""
    return {str(r.fields.get("record")): bool(r.fields.get("on"))
            for r in replica.records(talk.FOLLOW) if r.fields.get("user") == replica.user}


def _shown_kinds(schema: Schema) -> set[str]:
    return {kd.key for kd in schema.kinds(include_hidden=False)}


def followed(replica: Replica, candidates: Iterable[Record] = (), talked: Iterable[Comment] | None = None) -> set[str]:
    """The records the user follows: own, assigned, commented or mentioned in, chosen; less those unfollowed.
    Records made by the user are found among `candidates` (the recently changed ones the feed looks at), those
    commented or mentioned in among `talked` (the feed's comments; every comment when not given)."""
    me = replica.user
    schema = replica.schema()
    out: set[str] = set()
    for kd in schema.kinds(include_hidden=False):
        for key in OWNER_FIELDS:
            if kd.field(key) is not None:
                out.update(r.id for r in replica.records(kd.key, where={key: me}))
    out.update(r.id for r in candidates if r.creator == me and r.kind not in talk.TALK_KINDS)
    for c in talked if talked is not None else (Comment.of(r) for r in replica.records(talk.COMMENT)):
        if c.author == me or me in c.mentions:
            out.add(c.record)
    for rec, on in choices(replica).items():
        (out.add if on else out.discard)(rec)
    return out


def is_followed(replica: Replica, record: Record) -> bool:
    chosen = choices(replica).get(record.id)
    if chosen is not None:
        return chosen
    return record.id in followed(replica, [record])


def items(replica: Replica, which: str = "all", *, limit: int = 100, days: int = WINDOW_DAYS) -> list[FeedItem]:
    """The feed, the latest first."""
    since_ms = now_ms(replica) - days * 86_400_000
    candidates = replica.recently_changed(pack(since_ms, 0), CANDIDATES)
    talked = [Comment.of(r) for r in replica.records(talk.COMMENT, where={"at": {"op": "gt", "value": since_ms}})]
    mine = followed(replica, candidates, talked)
    schema = replica.schema()
    shown = _shown_kinds(schema)
    found: list[FeedItem] = []
    for c in talked:
        if c.record in mine:
            found.append(FeedItem(c.at, "comment", c.record, "", "", c.author, c.text, c.id))
    for record in candidates:
        if record.kind not in shown or record.deleted and record.id not in mine:
            continue
        linked = [str(v) for k, v in record.fields.items() if v and (fd := schema.kind(record.kind).field(k))
                  and fd.type == "link" and str(v) in mine]
        if record.id not in mine and not linked:
            continue
        found += _events(replica, schema, record, record.id in mine, linked, since_ms)
    found = [i for i in found if _keep(i, which, replica.user)]
    found.sort(key=lambda i: (i.at, i.item), reverse=True)
    found = found[:limit]
    named = replica.get_many(sorted({i.record for i in found}))
    return [FeedItem(i.at, i.what, i.record, named[i.record].kind if i.record in named else i.kind,
                     schema.title(named[i.record].kind, named[i.record].fields) if i.record in named else i.title,
                     i.user, i.text, i.item, i.changes) for i in found]


def _keep(item: FeedItem, which: str, me: str) -> bool:
    if which == "comments":
        return item.what == "comment"
    if which == "changes":
        return item.what != "comment"
    if which == "mine":
        return item.user == me
    return True


def _events(replica: Replica, schema: Schema, record: Record, followed_itself: bool, linked: list[str],
            since_ms: int) -> list[FeedItem]:
    """A record's edits in the window: its making, and (for a followed record) each later edit."""
    kd = schema.kind(record.kind)
    history = replica.history(record.id)
    if not history:
        return []
    edits: list[list[Any]] = []  # [user, last ms, entries]: one person's values set together, no field twice
    for entry in history:
        last = edits[-1] if edits else None
        if last is not None and last[0] == entry.user and wall_ms(entry.hlc) - last[1] <= EDIT_GAP_MS \
                and all(e.field != entry.field for e in last[2]):
            last[1] = wall_ms(entry.hlc)
            last[2].append(entry)
        else:
            edits.append([entry.user, wall_ms(entry.hlc), [entry]])
    out: list[FeedItem] = []
    values: dict[str, Any] = {}
    for n, (user, at, entries) in enumerate(edits):
        changes = []
        for e in entries:
            if e.field not in values or values[e.field] != e.value:
                fd = kd.field(e.field)
                if e.field == "_deleted" or (fd is not None and not fd.hidden and not fd.computed):
                    changes.append((e.field, values.get(e.field), e.value))
            values[e.field] = e.value
        if at < since_ms or not changes:
            continue
        if n == 0:
            what = "payment" if record.kind == "payment" else "new"
            target = record.id if followed_itself or not linked else linked[0]
            out.append(FeedItem(at, what, target, record.kind, "", user, item=record.id, changes=tuple(changes)))
        elif followed_itself and not all(key in SYSTEM_FIELDS - {"_deleted"} for key, _, _ in changes):
            out.append(FeedItem(at, "change", record.id, record.kind, "", user, item=record.id,
                                changes=tuple(changes)))
    return out


def describe(item: FeedItem, replica: Replica, lang: str | None = None) -> str:
    """What happened, in words of the user's language."""
    lang = lang or language()
    schema = replica.schema()
    if item.what == "comment":
        return item.text
    made = replica.get(item.item)
    if item.what == "payment" and made is not None:
        fd = schema.kind("payment").field("amount") if schema.has_kind("payment") else None
        amount = as_text(fd, made.fields.get("amount"), lang) if fd else str(made.fields.get("amount") or "")
        return _("payment received: {amount}").format(amount=amount)
    if item.what == "new":
        if made is not None and item.item != item.record:
            kd = schema.kind(made.kind) if schema.has_kind(made.kind) else None
            section = kd.label(lang) if kd else made.kind
            return _("new in {section}: {title}").format(section=section, title=schema.title(made.kind, made.fields))
        return _("made this record")
    kd = schema.kind(item.kind) if schema.has_kind(item.kind) else None
    parts = []
    for key, before, after in item.changes:
        if key == "_deleted":
            parts.append(_("moved it to the bin") if after else _("brought it back from the bin"))
            continue
        fd = kd.field(key) if kd else None
        if fd is None:
            continue
        if fd.type in ("choice", "bool", "money", "number", "date", "datetime", "user"):
            parts.append(f"{fd.label(lang)}: {as_text(fd, before, lang) or '—'} → {as_text(fd, after, lang) or '—'}")
        else:
            parts.append(fd.label(lang))
    return _("changed: {what}").format(what="; ".join(parts)) if parts else _("changed it")
