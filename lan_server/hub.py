"""The sync hub: one database thread accepts pushes, assigns sequence numbers and fans changes out."""

from __future__ import annotations

import asyncio
import base64
import functools
import logging
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Protocol, Sequence, TypeVar

import msgpack

from lan_server import numbering
from lan_server.auth import User, Users
from lan_server.idle_index import IdleIndex
from lan_server.protocol import PROTOCOL_VERSION, event
from lan_server.protocol.frames import PAGE_BYTES, Packed, encode
from lan_server.protocol.replies import Ack, HistoryItem, Refusal
from lan_server.records import Op, Record, Schema, Store, hlc, talk
from lan_server.records.ops import field_op_id
from lan_server.records.schema import RECORD
from lan_server.records.store import dumps
from lan_server.records.store.database import hand_over_quickly
from lan_server.rights import PER_RECORD_KINDS, WITH_FRESH_KINDS, Rights
from lan_server.snapshot_pages import Page, Pages

T = TypeVar("T")
log = logging.getLogger(__name__)
PULL_PAGE = 2000
SNAPSHOT_PAGE = 5000
MAX_GROUPED_PUSHES = 64  # pushes applied in one transaction at most (each is bounded by the frame size)


def _settle(done: asyncio.Future[PushResult], result: PushResult | None, error: BaseException | None) -> None:
    if done.cancelled():  # the PC's connection closed while its push waited
        return
    if error is not None:
        done.set_exception(error)
    else:
        assert result is not None
        done.set_result(result)


def _send_all(sends: Sequence[tuple[Subscriber, Sequence[bytes]]]) -> None:
    """On the event loop: each PC's frames, in order."""
    for sub, frames in sends:
        try:
            for frame in frames:
                sub.send_frame(frame)
        except Exception:  # one PC's broken connection is not the others' concern
            log.exception("sending changes failed")


def _settle_all(answers: Sequence[tuple[asyncio.Future[PushResult], PushResult]]) -> None:
    for done, result in answers:
        _settle(done, result, None)


class HubClosed(RuntimeError):
    """The hub's database thread is shut: the server stops, or its office was restored and a new hub took over."""


class Subscriber(Protocol):
    """A PC's session (or an open web page) that hears of changes; one with a `protocol` attribute below
    PROTOCOL_VERSION (a PC of 0.1-0.3) gets them in that protocol's form, one with a true `rows` its ops as rows."""

    user: User | None

    def send_frame(self, frame: bytes) -> None: ...


def ops_to_wire(ops: Sequence[Op], protocol: int, rows: bool = False) -> list[Any]:
    """Ops as a PC of `protocol` reads them: a record made in one op travels whole, as a row to a PC that said it
    reads them (`rows`, half the bytes of a map), or (protocol 1) one op per field under its stamp."""
    if protocol >= 2:
        return [op.to_row() for op in ops] if rows else [op.to_wire() for op in ops]
    return [field_op.to_wire() for op in ops for field_op in op.field_ops()]


def page_to_wire(page: Sequence[Any], protocol: int) -> Sequence[Any]:
    """A store's snapshot record (protocol/replies.Page) as a PC of `protocol` reads it: with its making beside
    the values that superseded it, or (protocol 1) every field as a field value."""
    rec, kind, fields = page[0], page[1], page[2]
    base = page[3] if len(page) > 3 else None
    if protocol >= 2:
        if len(page) > 4:  # its row as the PC writes it (title order, search text): the PC only inserts it
            return page  # already in the wire's order (msgpack packs a tuple as the list it is read back as)
        return [rec, kind, fields, base] if base is not None else [rec, kind, fields]
    if base is None:
        return [rec, kind, fields]
    values, stamp, dev, user = base
    own = {f[0] for f in fields}
    return [rec, kind, [[key, value, stamp, dev, field_op_id(rec, key), user] for key, value in values.items()
                        if key not in own] + list(fields)]


@dataclass
class PushResult:
    acks: list[Ack] = field(default_factory=list)
    rejected: list[Refusal] = field(default_factory=list)


_PLAIN_ID = re.compile(r"[0-9a-f]{32}")


class Cursors:
    """Snapshot cursors sealed with a key kept in the database (every server process on it shares it): a PC
    resumes a first copy after a reconnect, yet learns no record id it may not read."""

    def __init__(self, store: Store) -> None:
        key = store.get_meta("cursor_key")
        if not key:
            key = base64.urlsafe_b64encode(os.urandom(32)).decode()  # a Fernet key, as Fernet.generate_key makes
            store.set_meta("cursor_key", key)
        self._key = key

    @functools.cached_property
    def _fernet(self) -> Any:
        # Loaded with the first copy a PC asks for: cryptography's native code is 7 MiB a server need not hold
        from cryptography.fernet import Fernet
        return Fernet(self._key.encode())

    def seal(self, rec_id: str) -> str:
        return str(self._fernet.encrypt(rec_id.encode()).decode())

    def open(self, cursor: str) -> str:
        from cryptography.fernet import InvalidToken
        if _PLAIN_ID.fullmatch(cursor):
            return cursor  # a copy begun with 0.1, whose cursors were plain ids the PC already holds
        try:
            return str(self._fernet.decrypt(cursor.encode()).decode())
        except (InvalidToken, ValueError):
            raise ValueError("this first copy was begun with another server: start it again") from None


class Hub:
    def __init__(self, store: Store, users: Users, rights: Rights, *,
                 now_ms: Callable[[], int] | None = None) -> None:
        self.store = store
        self.users = users
        self.rights = rights
        self.now_ms = now_ms or (lambda: time.time_ns() // 1_000_000)
        self.cursors = Cursors(store)
        self.pages = Pages()  # a first copy's pages, made once (database thread)
        self.backups: Any = None  # the running server's BackupJobs (lan_server/backups.py), when it has them
        # Every database call runs on this one thread, so writes are serialized and SQLite is never contended.
        hand_over_quickly()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="organizer-db")
        self.loop: asyncio.AbstractEventLoop | None = None
        self.idle_index = IdleIndex(store, self.executor, lambda: self.loop)  # pushes' search text, indexed when idle
        # Replaced, never mutated, so the database thread can read it while the loop thread changes it.
        self._subscribers: tuple[Subscriber, ...] = ()
        self._sub_lock = threading.Lock()
        # Several processes on one PostgreSQL (lan_server/pg_listen.py): what this one numbered, not yet heard
        # back, and how far it has heard; both touched on the database thread only.
        self._mine: set[int] = set()
        self._heard_to: int | None = None
        # Pushes waiting for the database thread, taken together (push_soon).
        self._push_lock = threading.Lock()
        self._waiting_pushes: list[tuple[User, Sequence[Op], asyncio.Future[PushResult]]] = []
        self._draining = False
        # The rights' fingerprint last looked at, and what each subscribed user's PCs were told of their rights
        # (database thread): a change that is not theirs (a colleague added) is not sent to them.
        self._rights_seen: str | None = None
        self._told: dict[str, dict[str, Any]] = {}

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        self.loop = loop
        try:
            done = loop.run_in_executor(self.executor, fn, *args)
        except RuntimeError:  # only the hand-over: an error of fn itself goes to the caller as it is
            raise HubClosed() from None
        return await done

    def close(self) -> None:
        """Finish the queued database work, then close the database thread's own connection."""
        self.executor.submit(self.store.close).result()
        self.executor.shutdown(wait=True)

    # ---- subscribers (loop thread)

    def unsubscribe(self, sub: Subscriber) -> None:
        with self._sub_lock:
            self._subscribers = tuple(s for s in self._subscribers if s is not sub)

    def subscribers(self) -> tuple[Subscriber, ...]:
        return self._subscribers

    # ---- database thread

    def push(self, user: User, ops: Sequence[Op]) -> PushResult:
        return self.push_many([(user, ops)])[0]

    def push_many(self, pushes: Sequence[tuple[User, Sequence[Op]]]) -> list[PushResult]:
        """Apply several PCs' pushes in one transaction: each judged by its own user's rights, numbered in the
        order they came, one commit and one fan-out for all (a morning's burst costs one round of the
        database's round trips instead of one per PC)."""
        every = [op for _, ops in pushes for op in ops]
        known = self.store.known_seqs([op.id for op in every], logged=True)
        accepted: list[Op] = []
        taken: set[str] = set()
        clamped: dict[str, int] = {}
        latest = hlc.latest_allowed(self.now_ms())
        befores = self.store.get_many(sorted({op.rec for op in every if op.id not in known}))
        schema, made = self.store.schema(), Schema.made_by(every)
        judge = self.rights.push_judge()
        results = [PushResult() for _ in pushes]
        # Records this push makes, with their maker: a comment or a tie may come with its record (only they ask).
        fresh: dict[str, Record] = {}
        talks = any(op.kind in WITH_FRESH_KINDS for op in every)
        unknown: dict[tuple[str, str], str | None] = {}  # schema.unknown's answers, asked once per section and field
        for (user, ops), result in zip(pushes, results):
            for op in ops:
                if op.id in known or op.id in taken:
                    continue  # a resend after a lost ack: acknowledged again below, never applied twice
                reason = judge.check(user, op, befores.get(op.rec), fresh)
                if reason is None:
                    for key in (op.value if op.field == RECORD else (op.field,)):
                        if (op.kind, key) not in unknown:
                            unknown[op.kind, key] = schema.unknown(op.kind, key, made)
                        if reason := unknown[op.kind, key]:
                            break
                if reason:
                    result.rejected.append(Refusal(op.id, reason))
                    continue
                if talks and op.rec not in befores:
                    fresh.setdefault(op.rec, Record(op.rec, op.kind, dict(op.value) if op.whole else {},
                                                    creator=user.name))
                stamp = op.hlc
                if stamp > latest:
                    stamp = clamped[op.id] = latest
                taken.add(op.id)
                # The author is whoever is logged in on this connection, whatever the op claims.
                accepted.append(op if op.user == user.name and stamp == op.hlc else
                                Op(id=op.id, rec=op.rec, kind=op.kind, field=op.field, value=op.value, hlc=stamp,
                                   dev=op.dev, user=user.name))
        # Every op accepted above is new (looked up at the top, resends and repeats left out): with one server
        # process on SQLite nothing can store them meanwhile, so the store need not look them up again.
        # Their search text waits aside until pushes pause (idle_index.py): a burst costs no full-text index
        # writes, and a search indexes whatever waits before it looks.
        defer = self.store.defer_search = self.store.sqlite and self.store.search
        try:
            applied = self.store.apply(accepted, assign_seq=True, fresh=self.store.sqlite)
        finally:
            self.store.defer_search = False
        if defer and applied.records:
            self.idle_index.wrote(len(applied.records))
        if self._heard_to is not None:
            self._mine.update(op.seq for op in applied.new if op.seq is not None)
        for (_, ops), result in zip(pushes, results):
            for op in ops:
                seq = applied.seqs.get(op.id, known.get(op.id))
                if op.id in applied.seqs or op.id in known:
                    result.acks.append(Ack(op.id, seq, clamped.get(op.id)))
        if applied.new:
            self._fan_out(applied.new, befores, applied.kinds)
        return results

    async def push_soon(self, user: User, ops: Sequence[Op]) -> PushResult:
        """Queue a push for the database thread, which takes every push waiting at once (push_many)."""
        loop = asyncio.get_running_loop()
        self.loop = loop
        done: asyncio.Future[PushResult] = loop.create_future()
        with self._push_lock:
            self._waiting_pushes.append((user, ops, done))
            start = not self._draining
            self._draining = True
        if start:
            self.executor.submit(self._drain_pushes, loop)
        return await done

    def _drain_pushes(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            with self._push_lock:
                batch, self._waiting_pushes = (self._waiting_pushes[:MAX_GROUPED_PUSHES],
                                               self._waiting_pushes[MAX_GROUPED_PUSHES:])
                if not batch:
                    self._draining = False
                    return
            try:
                results = self.push_many([(user, ops) for user, ops, _ in batch])
            except Exception as failure:
                if len(batch) == 1:
                    loop.call_soon_threadsafe(_settle, batch[0][2], None, failure)
                    continue
                # Something in one push failed the whole group: each again alone, so only that one fails.
                for user, ops, done in batch:
                    try:
                        loop.call_soon_threadsafe(_settle, done, self.push(user, ops), None)
                    except Exception as e:
                        loop.call_soon_threadsafe(_settle, done, None, e)
                continue
            loop.call_soon_threadsafe(_settle_all, [(done, result) for (_, _, done), result in zip(batch, results)])

    def listen_from(self, seq: int) -> None:
        """Start hearing other processes' commits after `seq` (called once, before the listener starts)."""
        self._heard_to = seq

    def heard(self, upto: int) -> None:
        """Another server process committed ops up to `upto` (PostgreSQL NOTIFY, in commit order): send this
        process's PCs those it did not number itself. Read as a range, so a notice missed while the listening
        connection was down is made up by the next one. Records entering or leaving a user's reach through
        another process arrive as ordinary changes (their "before" is not known here)."""
        if self._heard_to is None or upto <= self._heard_to:
            return
        found: list[Op] = []
        pos = self._heard_to
        while pos < upto:
            page = self.store.ops_since(pos, PULL_PAGE, PAGE_BYTES)
            if not page:
                break
            found += [op for op in page if (op.seq or 0) <= upto]
            pos = page[-1].seq or upto
        theirs = [op for op in found if op.seq not in self._mine]
        self._mine = {seq for seq in self._mine if seq > upto}
        self._heard_to = upto
        if theirs:
            self._fan_out(theirs, {})

    def _fan_out(self, ops: list[Op], befores: dict[str, Any], made: Mapping[str, str] | None = None) -> None:
        """Send new ops to every subscriber that may read them (called on the database thread).

        A record that comes into a user's reach (reassigned to them) is sent whole; one that leaves it is
        forgotten on their PC. `made`: the section of each record these ops made (not read back).
        """
        subs = self._subscribers
        if not subs or self.loop is None:
            return
        last = max(op.seq or 0 for op in ops)
        recs = sorted({op.rec for op in ops})
        frames: dict[tuple[Any, ...], list[bytes]] = {}
        kinds: dict[str, str | None] = {r: None for r in recs}
        kinds.update({r: befores[r].kind for r in recs if r in befores})
        if made:
            kinds.update((r, made[r]) for r in recs if r in made)
        kinds.update(self.store.kinds_of([r for r in recs if r not in befores and not (made and r in made)]))
        sections = set(kinds.values())
        records: dict[str, Record | None] = {}  # read once a user's rights need them, record by record

        def record(rec: str) -> Record | None:
            if not records:
                records.update(dict.fromkeys(recs), **self.store.get_many(recs))
            return records[rec]
        # A user's PCs get the same frames, worked out once per user and protocol; frames that hold the same
        # changes are made once and sent as they are to every PC that may read all of them.
        users: dict[tuple[User, int, bool], list[bytes]] = {}

        def frames_for(user: User, protocol: int, rows: bool) -> list[bytes]:
            # A section the user reads whole needs no look at each record (an office's admin: every section).
            reads_all = {k: k is not None and self.rights.may_read_kind(user, k) for k in sections}
            if all(reads_all.values()):  # all of it, and nothing enters or leaves their reach
                key: tuple[Any, ...] = ("all",)
                visible, entering, leaving = ops, [], []
            else:
                now_in = {r for r in recs if reads_all[kinds[r]] or self.rights.may_read(user, record(r))}
                was_in = {r for r in recs if r in befores
                          and (reads_all[kinds[r]] or self.rights.may_read(user, befores[r]))}
                entering = sorted(r for r in now_in - was_in if r in befores)
                leaving = sorted(was_in - now_in)
                visible = [op for op in ops if op.rec in now_in and op.rec not in entering]
                if not visible and not entering and not leaving:
                    return []  # nothing of it is theirs: not even that a colleague just saved something
                # A record's comments (their files and read marks) come and go with it.
                talk_in = [d for d in talk_of(entering) if self.rights.may_read(user, d)]
                talk_out = [d for d in talk_of(leaving) if not self.rights.may_read(user, d)]
                entering, leaving = entering + [d.id for d in talk_in], leaving + [d.id for d in talk_out]
                key = (tuple(op.id for op in visible), tuple(entering), tuple(leaving))
                if len(visible) == len(ops) and not entering and not leaving:
                    key = ("all",)
            key = (protocol, rows, *key)
            found = frames.get(key)
            if found is None:
                whole = [page_to_wire(self.store.snapshot_record(r), protocol) for r in entering]
                found = frames[key] = self._change_frames(visible, whole, leaving, last, protocol, rows)
            return found

        talk_cache: dict[str, list[Record]] = {}

        def talk_of(recs: list[str]) -> list[Record]:
            missing = [r for r in recs if r not in talk_cache and kinds.get(r) not in PER_RECORD_KINDS]
            if missing:
                talk_cache.update(self._talk_records(missing))
            return [d for r in recs for d in talk_cache.get(r, [])]

        sends: list[tuple[Subscriber, list[bytes]]] = []
        for sub in subs:
            user = sub.user
            if user is None:
                continue
            form = user, getattr(sub, "protocol", PROTOCOL_VERSION), getattr(sub, "rows", False)
            if form not in users:
                users[form] = frames_for(*form)
            if users[form]:
                sends.append((sub, users[form]))
        if sends:  # one hand-off to the event loop for every PC, not one per PC and frame
            self.loop.call_soon_threadsafe(_send_all, sends)

    def _talk_records(self, recs: list[str]) -> dict[str, list[Record]]:
        """Per record: its comments, their files and their read marks, the bin's included (database thread)."""
        def every(kind: str, key: str, values: list[str]) -> list[Record]:
            return [r for gone in (False, True) for i in range(0, len(values), 500)
                    for r in self.store.records(kind, where={key: values[i:i + 500]}, deleted=gone)]
        out: dict[str, list[Record]] = {rec: [] for rec in recs}
        comments = every(talk.COMMENT, "on", recs)
        of_comment: dict[str, str] = {}
        for comment in comments:
            parent = str(comment.fields.get("on") or "")
            if parent in out:
                out[parent].append(comment)
                of_comment[comment.id] = parent
        if of_comment:
            ids = sorted(of_comment)
            for kind, key in ((talk.ATTACHMENT, "comment"), (talk.READ, "item")):
                for found in every(kind, key, ids):
                    owner = of_comment.get(str(found.fields.get(key) or ""))
                    if owner is not None:
                        out[owner].append(found)
        return out

    @staticmethod
    def _change_frames(ops: list[Op], whole: list[Sequence[Any]], leaving: list[str], last: int,
                       protocol: int, rows: bool = False) -> list[bytes]:
        """A commit as "changes" frames no bigger than a page of values, so every PC can read them; records
        entering the user's reach go first, and only the last frame moves the PC's sequence to `last`."""
        whole_frame = encode(event("changes", ops=ops_to_wire(ops, protocol, rows), to=last, records=whole,
                                   forget=leaving))
        if len(whole_frame) <= PAGE_BYTES:
            return [whole_frame]  # the usual commit: one frame, each value encoded once
        frames = []
        if whole and len(encode(event("changes", ops=[], to=0, records=whole, forget=[]))) > PAGE_BYTES:
            # Records entering the user's reach, a page of values at a time (a comment's file is megabytes).
            page: list[Sequence[Any]] = []
            size = 0
            for rec in whole:
                rec_size = sum(len(dumps(f[1])) + 100 for f in rec[2]) + (len(dumps(rec[3][0])) if len(rec) > 3 else 0)
                if page and size + rec_size > PAGE_BYTES:
                    frames.append(encode(event("changes", ops=[], to=0, records=page, forget=[])))
                    page, size = [], 0
                page.append(rec)
                size += rec_size
            frames.append(encode(event("changes", ops=[], to=0, records=page, forget=[])))
            whole = []
        chunks: list[list[Op]] = [[]]
        size = 0
        for op in ops:
            if chunks[-1] and size >= PAGE_BYTES:
                chunks.append([])
                size = 0
            chunks[-1].append(op)
            size += len(dumps(op.value)) + 100
        for i, chunk in enumerate(chunks):
            first, final = i == 0, i == len(chunks) - 1
            frames.append(encode(event("changes", ops=ops_to_wire(chunk, protocol, rows), to=last if final else 0,
                                       records=whole if first else [], forget=leaving if first else [])))
        return frames

    def pull(self, user: User, since: int, limit: int, protocol: int = PROTOCOL_VERSION,
             rows: bool = False) -> dict[str, Any]:
        limit = max(1, min(limit, PULL_PAGE))
        ops = self.store.ops_since(since, limit, PAGE_BYTES)
        last = ops[-1].seq if ops else since
        records = self.store.get_many(sorted({op.rec for op in ops}))
        visible = ops_to_wire([op for op in ops if self.rights.may_read(user, records.get(op.rec))], protocol, rows)
        head = self.store.max_seq()
        return {"ops": visible, "last": last, "more": (last or 0) < head, "head": head}

    def snapshot(self, user: User, after: str, limit: int, protocol: int = PROTOCOL_VERSION) -> dict[str, Any]:
        """A page of current records for a new PC. The cursor (`next`) is sealed, so the ids of records the
        user may not read never leave the server, and the total counts only what the user will get. A page the
        user reads all of is made once and sent as it is to every PC that may (Pages), until an op touches one of
        its records (or adds one where it ends the copy)."""
        limit = max(1, min(limit, SNAPSHOT_PAGE))
        self.idle_index.copying()
        head = self.store.max_seq()
        start = self.cursors.open(after) if after else ""
        key = (start, limit, protocol)
        whole: dict[str, bool] = {}

        def reads_whole(kind: str) -> bool:
            """Sections the user reads whole need no look at each record (an office's admin: every section)."""
            if kind not in whole:
                whole[kind] = kind not in PER_RECORD_KINDS and self.rights.may_read_kind(user, kind)
            return whole[kind]
        made = self.pages.get(key)
        if made is not None and made.seq != head:
            if made.seq > head or self.store.snapshot_changed(made.seq, start, made.last, made.more):
                made = None  # an op since touched a record of its span (or the numbers went back): made again
            else:  # it stands at `head`: the next PC's request looks only at the ops after it
                made = replace(made, seq=head)
                self.pages.put(key, made)
        if made is not None and all(reads_whole(kind) for kind in made.kinds):
            records: Any = made.records
            last, more = made.last, made.more
        else:
            page = self.store.snapshot_page(start, limit, PAGE_BYTES)
            kinds = frozenset(p[1] for p in page)
            last = self.store.snapshot_position(start, page) if page else ""
            more = bool(page) and self.store.has_records_after(last)
            if all(reads_whole(kind) for kind in kinds):  # every record of it is theirs: kept for the next PC
                records = Packed(msgpack.packb([page_to_wire(p, protocol) for p in page], use_bin_type=True))
                self.pages.put(key, Page(records, kinds, last, more, head))
            else:
                found = self.store.get_many([p[0] for p in page if not reads_whole(p[1])])
                records = [page_to_wire(p, protocol) for p in page
                           if reads_whole(p[1]) or self.rights.may_read(user, found.get(p[0]))]
        total = None
        if not after and self.rights.reads_everything(user):
            total = self.store.count(None) + self.store.count(None, deleted=True) - sum(
                self.store.count(k) + self.store.count(k, deleted=True) for k in PER_RECORD_KINDS)
        return {"records": records, "next": self.cursors.seal(last) if last else after, "more": more, "seq": head,
                "total": total}

    def subscribe(self, sub: Subscriber, since: int) -> dict[str, Any]:
        """Register for live changes; whatever was committed after `since` goes first, in order."""
        user = sub.user
        assert user is not None and self.loop is not None
        head = self.store.max_seq()
        catch_up: list[bytes] = []
        pos = since
        while pos < head:
            page = self.pull(user, pos, PULL_PAGE, getattr(sub, "protocol", PROTOCOL_VERSION),
                             getattr(sub, "rows", False))
            if page["ops"]:
                catch_up.append(encode(event("changes", ops=page["ops"], to=page["last"])))
            if page["last"] <= pos:
                break
            pos = page["last"]
        # Registered on this thread, its catch-up queued before the next push's fan-out: nothing sent twice or skipped.
        self.loop.call_soon_threadsafe(_send_all, [(sub, catch_up)])
        self._told.setdefault(user.name, self.whoami(user))  # as the PC was told at its login or resume
        with self._sub_lock:
            self._subscribers = (*self._subscribers, sub)
        return {"head": head}

    def tell_rights(self) -> int:
        """When roles, their rules or users' roles and groups changed (in the window or on the command line), tell
        each connected PC its rights now: it takes them at once and forgets what is now out of its reach (see
        reach). Returns how many PCs were told (database thread)."""
        now = self.rights.fingerprint()
        seen, self._rights_seen = self._rights_seen, now
        if seen is None or seen == now or self.loop is None:
            return 0
        frames: dict[str, bytes | None] = {}
        told = 0
        for sub in self._subscribers:
            user = sub.user
            if user is None:
                continue
            if user.name not in frames:
                now_theirs = self.whoami(user)
                changed = now_theirs != self._told.get(user.name)
                self._told[user.name] = now_theirs
                frames[user.name] = encode(event("rights", **now_theirs)) if changed else None
            frame = frames[user.name]
            if frame is not None:
                self.loop.call_soon_threadsafe(sub.send_frame, frame)
                told += 1
        return told

    def reach(self, user: User, kind: str) -> dict[str, Any]:
        """The ids of `kind` the user's PC may hold, the bin's too: a PC whose digest of `kind` differs from the
        server's forgets the records it holds beyond them (its rights changed while they were on it)."""
        if self.rights.may_read_kind(user, kind):
            return {"ids": self.store.ids(kind)}
        return {"ids": self.store.ids(kind, lambda record: self.rights.may_read(user, record))}

    def digest(self, user: User) -> dict[str, Any]:
        return {"digest": self.rights.digest_for(user), "head": self.store.max_seq()}

    def whoami(self, user: User) -> dict[str, Any]:
        """The user, their role, their rules per section and who shares a group with them (whose records a
        "group" rule reaches), as login and resume tell the PC."""
        kinds = [kd.key for kd in self.store.schema().kinds(include_hidden=True)]
        return {"user": user.name, "role": self.rights.role_of(user), "rules": self.rights.rules_for(user, kinds),
                "group_mates": self.rights.group_mates(user)}

    def number(self, user: User, series: str, doc: str | None) -> dict[str, Any]:
        """The next document number of a series, from lan_server.numbering (unique and gap-free)."""
        refused = self.rights.may_take_numbers(user)
        if refused:
            raise PermissionError(refused)
        return dict(numbering.allocate(self.store, user, series, doc))

    def history(self, user: User, rec: str, protocol: int = PROTOCOL_VERSION) -> dict[str, Any]:
        record = self.store.get(rec)
        if record is None or not self.rights.may_read(user, record):
            return {"entries": []}
        # A PC of protocol 1 knows the fields of a record's making by the names Op.field_ops gives them.
        old = protocol < 2
        return {"entries": [HistoryItem(e.field, e.value, e.hlc, e.dev, e.user,
                                        field_op_id(rec, e.field) if old and e.op_id == rec else e.op_id, e.seq,
                                        e.current).to_wire() for e in self.store.history(rec)]}
