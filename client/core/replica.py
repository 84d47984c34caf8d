"""The one door to a PC's data: reads on the caller's own connection, every write through one writer thread."""

from __future__ import annotations

import builtins
import contextlib
import functools
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Mapping, ParamSpec, Sequence, TypeVar

from client.core.copy_upgrades import STEPS
from client.core.origin import Origin
from client.core.outbox import Outbox
from client.core.pending_search import PendingSearch
from client.core.replica_reads import ReplicaReads
from client.core.turns import Turns
from client.core.undo import UndoList, reversal
from client.core.writer import Writer
from lan_server.protocol.frames import PAGE_BYTES
from lan_server.protocol.replies import Page
from lan_server.records import Clock, Op, Schema, Store, derived, new_id, versions
from lan_server.records.ops import record_op, record_problem, records_problem, value_problem
from lan_server.records.schema import DELETED, FIELD_KIND, KIND_KIND, RECORD, field_record_id, kind_record_id
from lan_server.records.store import COPY_PAGE_BYTES, ApplyResult, NewRecords, SnapshotRows

REPLICA_FILE = "replica.db"


def default_profile() -> Path:
    """Where this PC's copy lives unless told otherwise (%LOCALAPPDATA% on Windows, ~/.local/share on Linux)."""
    import platformdirs
    return Path(platformdirs.user_data_dir("lan-organizer", appauthor=False)) / "default"
SNAPSHOT_CURSOR = ("snapshot_done", "snapshot_seq", "snapshot_after", "snapshot_count")

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """What one write changed, for whoever shows records: the window, reminders, `watch`."""

    source: str                      # "local" (typed here) or "remote" (arrived from the server)
    records: frozenset[str]
    kinds: frozenset[str]
    ops: tuple[Op, ...] = field(default=(), repr=False)
    schema_changed: bool = False
    origin: Any = None               # who asked for the write (a window), so it need not refresh twice
    # Edits the server refused: (record, field, reason) each; the value before the edit is back already.
    refused: tuple[tuple[str, str, str], ...] = ()
    # Edits made here offline that lost to a later one another PC sent first (client/core/lost_edits.py).
    lost: tuple[Any, ...] = ()


Listener = Callable[[Change], None]


def written(method: Callable[P, T]) -> Callable[P, T]:
    """Run a Replica method on the writer thread, inside one transaction; listeners hear of it after commit."""
    @functools.wraps(method)
    def on_writer(*args: P.args, **kwargs: P.kwargs) -> T:
        self = args[0]
        assert isinstance(self, Replica)
        return self._run(functools.partial(method, *args, **kwargs))
    return on_writer


class Replica(ReplicaReads):
    """Local copy of one profile. Share one instance between the window, the sync thread and workers."""

    def __init__(self, profile: str | Path, *, now_ms: Callable[[], int] | None = None,
                 background_search: bool = True) -> None:
        """`background_search`: search text written in bulk is indexed between writes (a window); without it (a
        command), only when this program searches, else by the next program that opens the copy."""
        self.profile = Path(profile)
        self.profile.mkdir(parents=True, exist_ok=True)
        self._store = Store.open(self.profile / REPLICA_FILE, page_size=COPY_PAGE_BYTES)
        self._writer = Writer("organizer-writer", on_exit=self._store.close)
        # Another program may write this copy too (the window and a command): transactions take turns.
        self._turns = Turns(self.profile, busy_timeout=self._store.busy_timeout,
                            begin=lambda: self._store.atomic(immediate=True))
        self._listeners: list[Listener] = []
        self._depth = 0                  # transaction nesting, on the writer thread only
        self._told: list[Change] = []    # changes to announce once the outer transaction commits
        self._origin = threading.local()   # per calling thread: who is asking (see `acting_for`)
        self._acting: Any = None           # on the writer: who asked for the transaction under way
        self._user: str | None = None
        self._undo = UndoList()
        self._data_version: int | None = None  # SQLite's count of other programs' commits, at the last look
        self._outbox = Outbox(self._store, self.profile)
        self._derived = derived.WithDerived(self._store)
        self.pending_search = PendingSearch(self._store, self._writer, self._run, background=background_search)
        # asked before a user's edit is stored: (kind, record id or None, fields) -> a reason refuses it
        self.vetoes: list[Callable[[str, str | None, Mapping[str, Any]], str | None]] = []
        try:
            self._writer.run(self._open)
        except BaseException:  # a copy made by a newer release, a damaged file: no thread left behind
            self._writer.close()
            self._store.close()
            raise
        last = self._store.execute("SELECT MAX(hlc) FROM cur").fetchone()[0] or 0
        self._local_ms = now_ms or (lambda: time.time_ns() // 1_000_000)
        # Edits are stamped in the server's time: a PC whose clock runs hours fast (or slow) stamps them as
        # the office does, even offline, so its earlier edit cannot beat a colleague's later one.
        self._offset_ms = int(self._store.get_meta("clock_offset_ms") or 0)
        self.clock = Clock(now_ms=lambda: self._local_ms() + self._offset_ms, last=int(last))

    @written
    def _open(self) -> None:
        self._outbox.create()
        versions.upgrade(self._store, STEPS)  # a copy made by a newer release is refused (versions.NewerData)
        self._store.index_links()
        self.device: str = self._store.get_meta("device") or new_id()
        self._store.set_meta("device", self.device)
        self._outside_wrote()  # from now on, another program's writes are noticed
        for batch in self._outbox.orphans():
            self.retract_batch(batch)  # an import cut short by a crash is taken back whole (not one going on)
        self.pending_search.soon()  # what an earlier program left pending (an import run as a command)

    def notice_outside_writes(self) -> bool:
        """When another program (a command, an import) wrote this copy since the last look, the listeners hear of
        it as one local change of every section (which, it cannot tell); True when there was one. Any thread."""
        if not self._writer.run(self._outside_wrote):
            return False
        before = self._store.schema()
        self._store.forget_schema()
        self._user = None
        change = Change(source="local", records=frozenset(), kinds=frozenset(),
                        schema_changed=self._store.schema() != before)
        for listener in list(self._listeners):
            listener(change)
        return True

    def _outside_wrote(self) -> bool:
        """On the writer: whether another connection (so another program: every write of this one is made here)
        committed since the last look (SQLite's data_version)."""
        version = self._store.execute("PRAGMA data_version").fetchone()[0]
        seen, self._data_version = self._data_version, version
        return seen is not None and version != seen

    def close(self) -> None:
        if self._undo.named:  # this session's edits can be undone in it only: what they made is no undo's now
            with contextlib.suppress(Exception):
                self._run(lambda: self._outbox.forget_made(self._undo.named))
        self.pending_search.stop()
        self._writer.close()
        self._outbox.let_go()
        self._store.close()  # this thread's connection; the writer closed its own

    # ---- the writer: every write of this PC's copy runs there, one transaction at a time

    def _in_transaction(self, work: Callable[[], T], origin: Any = None) -> tuple[T, list[Change]]:
        """On the writer: run `work` in a transaction (nested ones join it); the changes once it commits."""
        if not self._depth:
            self._acting = origin
        self._depth += 1
        try:
            with self._turns.writing() if self._depth == 1 else self._store.atomic():
                result = work()
        except BaseException:
            if self._depth == 1:
                self._told.clear()
            raise
        finally:
            self._depth -= 1
        if self._depth:
            return result, []
        told, self._told = self._told, []
        if any(c.schema_changed for c in told):
            self._store.forget_schema()  # other threads may have cached the schema before this commit
        return result, told

    def _run(self, work: Callable[[], T]) -> T:
        """Do `work` on the writer; listeners hear of the changes on the thread that asked, after the commit
        (so the window that saved a card sees its own save at once, and the sync thread its own pulls)."""
        if self._writer.on_writer:
            result, told = self._in_transaction(work)
        else:
            result, told = self._writer.run(self._in_transaction, work, getattr(self._origin, "value", None))
        for change in told:
            for listener in list(self._listeners):
                listener(change)
        return result

    def transaction(self, work: Callable[[], T], *, held: bool = False) -> T:
        """Run `work` on the writer in one transaction; the replica's own writes inside it join it. `held`: it writes
        a held batch only (an import's chunk: taken back whole after a crash), so its commit need not wait for the
        disk (Store.unsynced); the batch's release commits as every write does."""
        return self._writer.run(self._store.unsynced, self._run, work) if held else self._run(work)

    def later(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Queue a write and return at once (the first sync receives the next page meanwhile)."""
        return self._writer.submit(fn, *args, **kwargs)

    def acting_for(self, origin: Any) -> Origin:
        """`with replica.acting_for(window): ...` marks the changes made inside as that window's own."""
        return Origin(self._origin, origin)

    # ---- listeners

    def on_change(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every committed write; returns a function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _tell(self, source: str, records: Iterable[str], kinds: Iterable[str] = (), ops: Sequence[Op] = ()) -> None:
        """Queue a change for the listeners; they hear it when the transaction commits (writer thread only)."""
        recs, kinds = frozenset(records), frozenset(kinds) | {op.kind for op in ops}
        if not recs and not ops:
            return
        self._told.append(Change(source=source, records=recs, kinds=kinds, ops=tuple(ops), origin=self._acting,
                                 schema_changed=bool(kinds & {KIND_KIND, FIELD_KIND})))

    # ---- identity and sync state, kept in the replica file so they survive restarts

    @property
    def user(self) -> str:
        if self._user is None:
            self._user = str(self._store.get_meta("user", "") or "")
        return self._user

    def meta(self, key: str, default: Any = None) -> Any:
        return self._store.get_meta(key, default)

    @written
    def set_meta(self, key: str, value: Any) -> None:
        self._store.set_meta(key, value)
        if key == "user":
            self._user = None

    @written
    def set_metas(self, values: Mapping[str, Any]) -> None:
        """Several settings in one transaction: all of them are saved, or none."""
        for key, value in values.items():
            self.set_meta(key, value)

    def local_ms(self) -> int:
        """This PC's own clock, in milliseconds since 1970."""
        return self._local_ms()

    @property
    def clock_offset_ms(self) -> int:
        """How far the server's clock is ahead of this PC's (negative: this PC's clock is fast)."""
        return self._offset_ms

    def learn_server_time(self, server_ms: int, local_ms: int) -> None:
        """The server said `server_ms` when this PC's clock said `local_ms`: stamp edits in its time."""
        offset = int(server_ms) - int(local_ms)
        if abs(offset - self._offset_ms) > 1000:
            self._offset_ms = offset
            self.set_meta("clock_offset_ms", offset)

    @property
    def last_seq(self) -> int:
        return int(self._store.get_meta("last_seq", 0))

    # ---- local edits: applied at once and queued in the outbox in the same transaction

    def stamp(self, rec: str, kind: str, values: Mapping[str, Any]) -> list[Op]:
        """One op per field of a record this PC holds (or a record of a fixed id, which two PCs may both make)."""
        user, device = self.user, self.device  # one read, not one per field
        return [Op(id=new_id(), rec=rec, kind=kind, field=k, value=v, hlc=stamp, dev=device, user=user)
                for (k, v), stamp in zip(values.items(), self.clock.now_many(len(values)))]

    def stamp_new(self, rec: str, kind: str, values: Mapping[str, Any]) -> list[Op]:
        """The op that makes a new record with all its fields under one stamp (op per field for a record too big
        to travel in one piece, whose value problem is then said field by field)."""
        if not values or record_problem(dict(values)) is not None:
            return self.stamp(rec, kind, values)
        return [record_op(rec, kind, values, hlc=self.clock.now(), dev=self.device, user=self.user)]

    def apply_local(self, ops: Sequence[Op], *, batch: str | None = None, hold: bool = False,
                    keep_previous: bool = False) -> ApplyResult:
        """Store edits made here and queue them for the server. `hold` (imports) keeps them back until
        `release_batch`, or takes them back with `retract_batch`. A value the server would refuse (too
        big, or of no storable type) raises ValueError here, where it is typed, and nothing is stored."""
        self._refuse_unstorable({(op.kind, key) for op in ops for key in op.values()},
                                (value for op in ops for value in op.values().values()), Schema.made_by(ops))
        return self._run(lambda: self._apply_local(ops, batch, hold, keep_previous))

    def _refuse_unstorable(self, fields: Iterable[tuple[str, str]], values: Iterable[Any],
                           made: builtins.set[tuple[str, str]]) -> None:
        """ValueError for a field no section has (`made`: the sections and fields these edits make) or a value
        the server would refuse; each field is looked at once (an import has 100,000 rows)."""
        schema = self.schema()
        for kind, key in fields:
            problem = schema.unknown(kind, key, made)
            if problem:
                raise ValueError(problem)
        for value in values:
            problem = value_problem(value)
            if problem:
                raise ValueError(problem)

    def _apply_local(self, ops: Sequence[Op], batch: str | None, hold: bool, keep_previous: bool) -> ApplyResult:
        if hold:
            assert batch is not None, "held ops need a batch to release or retract"
            self._outbox.hold(batch)
        if hold or keep_previous:  # values known only from a snapshot stay in history, to go back to
            self._store.keep_current_as_ops(sorted({op.rec for op in ops}))
        result = self._store.apply(ops, batch=batch, fresh=True)
        if batch is not None:
            self._outbox.note_made(batch, [op.rec for op in result.new if op.whole])
        self._outbox.queue([op.id for op in result.new])  # a held batch's wait there until it is released
        if not hold:  # a held batch is told of when it is released, all at once
            self._tell("local", result.records, ops=result.new)
        return result

    def new_records(self, records: Sequence[tuple[str, str, Mapping[str, Any]]]) -> NewRecords:
        """Records made here in one op each (an import's new rows: (id, kind, values)), stamped and checked as
        `add` does and worked out as rows on the caller's thread, for `add_new_records` to write: the writer,
        which a card save waits for, then only writes them. Raises ValueError as `apply_local` does."""
        fields: dict[str, builtins.set[str]] = {}
        for _rec, kind, values in records:
            fields.setdefault(kind, builtins.set()).update(values)
        self._refuse_unstorable({(kind, key) for kind, keys in fields.items() for key in keys}, (), builtins.set())
        problem = records_problem(values for _rec, _kind, values in records)
        if problem:
            raise ValueError(problem)
        stamps = iter(self.clock.now_many(len(records)))
        return self._store.new_records(records, stamps, dev=self.device, user=self.user)

    @written
    def add_new_records(self, new: NewRecords, *, batch: str) -> None:
        """Write an import's records worked out by `new_records`, held as `apply_local`'s `hold` holds them: they
        go to the server, and the listeners hear of them, at `release_batch`; its undo deletes them."""
        self._outbox.hold(batch)
        self._store.write_new_records(new)
        self._outbox.note_made(batch, new.op_ids)
        self._outbox.queue(new.op_ids)

    @written
    def release_batch(self, batch: str, kinds: Iterable[str] = ()) -> None:
        """The held ops of `batch` are final: they may go to the server now; the listeners hear of them."""
        self._tell("local", self._outbox.release(batch), kinds)
        self.pending_search.soon()

    @written
    def retract_batch(self, batch: str) -> int:
        """Take back the held ops of `batch` as if never made; returns how many ops."""
        ids = self._outbox.take_back(batch)
        self._tell("remote", self._store.retract(ids))
        return len(ids)

    def add(self, kind: str, fields: Mapping[str, Any], *, rec_id: str | None = None, made_here: bool = False,
            batch: str | None = None, undoable: bool = False) -> str:
        """Make a record; returns its id. `rec_id`: an id given by the caller; `made_here`: that id is new, made on
        this PC and by no other (a comment's, a message's)."""
        self.check_edit(kind, None, fields)
        # A new record is made in one op; one of a fixed id (the office's requisites, a read mark) field by field,
        # as two PCs may both make it and their fields must merge.
        rec = rec_id or new_id()
        fixed = rec_id is not None and not made_here
        ops = self.stamp(rec, kind, fields) if fixed else self.stamp_new(rec, kind, fields)
        self.apply_local(ops, batch=self._undo.batch_for(batch, undoable))
        return rec

    def set(self, rec_id: str, fields: Mapping[str, Any], *, batch: str | None = None,
            undoable: bool = False) -> ApplyResult:
        record = self._store.get(rec_id)
        if record is None:
            raise KeyError(rec_id)
        self.check_edit(record.kind, rec_id, fields)
        return self.apply_local(self.stamp(rec_id, record.kind, fields), batch=self._undo.batch_for(batch, undoable),
                                keep_previous=undoable)

    def delete(self, rec_id: str, *, batch: str | None = None, undoable: bool = False) -> ApplyResult:
        return self.set(rec_id, {DELETED: True}, batch=batch, undoable=undoable)

    def undelete(self, rec_id: str, *, batch: str | None = None, undoable: bool = False) -> ApplyResult:
        return self.set(rec_id, {DELETED: False}, batch=batch, undoable=undoable)

    def check_edit(self, kind: str, rec_id: str | None, fields: Mapping[str, Any]) -> None:
        """ValueError with the reason when a plugin's veto refuses this edit a user is making (rec_id None: a new
        record); `add`, `set` and `delete` ask it, and so do the commands."""
        for veto in self.vetoes:
            reason = veto(kind, rec_id, fields)
            if reason:
                raise ValueError(reason)

    def add_derived(self, kind: str, key: str, compute: derived.Compute) -> None:
        """A field of `kind` worked out on every read by `compute(record, reader)` (a plugin's derived field)."""
        self._derived.more.setdefault(kind, []).append((key, compute))

    # ---- undo: the PC's, not a widget's; each undoable edit is a batch, undone as imports are

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo_last(self) -> str | None:
        """Undo the newest undoable edit of this session (as new ops, so every PC sees it undone); returns
        the record it touched, or None when there is nothing to undo."""
        batch = self._undo.pop()
        if batch is None:
            return None
        touched = sorted({op.rec for op in self._store.ops_of_batch(batch)} | set(self._outbox.made_by(batch)))
        self.undo_batch(batch)
        return touched[0] if touched else None

    def set_kind(self, key: str, values: Mapping[str, Any]) -> None:
        """Add or change a section (label_en, label_ru, hidden, order, title_field)."""
        self.apply_local(self.stamp(kind_record_id(key), KIND_KIND, {"key": key, **values}))

    def set_field(self, kind: str, key: str, values: Mapping[str, Any]) -> None:
        """Add or change a field definition (type, label_en, label_ru, hidden, order, options)."""
        self.apply_local(self.stamp(field_record_id(kind, key), FIELD_KIND, {"kind": kind, "key": key, **values}))

    def delete_field(self, kind: str, key: str) -> None:
        self.set_field(kind, key, {DELETED: True})

    @written
    def forget_undo(self, batches: Sequence[str]) -> None:
        """These batches (imports too old to undo) need remember nothing more of the records they made."""
        self._outbox.forget_made(batches)

    @written
    def undo_batch(self, batch: str) -> int:
        """Undo a whole batch (an import): records it created are deleted, fields it changed get earlier values.

        Returns the number of records touched. The undo is itself a set of ops, so it syncs to every PC.
        """
        recs, undo = reversal(self._store, batch, self.stamp, self._outbox.made_by(batch))
        if undo:
            self.apply_local(undo, batch=f"undo:{batch}")
        return len(recs)

    # ---- what the sync engine needs

    def outbox(self, limit: int = 1000, max_bytes: int = PAGE_BYTES, skip: Collection[str] = ()) -> list[Op]:
        """The next edits to send, oldest first: at most `limit`, and no more once they pass `max_bytes`
        (so a push always fits in one of the server's frames); `skip`: the first ones, on their way already."""
        return self._outbox.next(limit, max_bytes, skip)

    def outbox_size(self) -> int:
        """Edits the server does not have yet, an import still being written included."""
        return self._outbox.size()

    @written
    def acknowledge(self, acks: Mapping[str, int | None]) -> None:
        """The server has these ops: drop them from the outbox and record their sequence numbers."""
        self._outbox.drop(list(acks))
        self._store.set_seqs({op_id: seq for op_id, seq in acks.items() if seq is not None})

    @written
    def reject(self, op_ids: Sequence[str], reasons: Mapping[str, str] | None = None) -> builtins.set[str]:
        """The server refused these ops: drop them and put back the previous values. Returns records touched.

        Listeners hear which field of which record was refused and why (`Change.refused`), so the window can
        say it where the user typed it."""
        if not op_ids:
            return set()
        refused = []
        for part in (list(op_ids[k:k + 500]) for k in range(0, len(op_ids), 500)):
            marks = ",".join("?" * len(part))
            refused += [(rec, fld, (reasons or {}).get(op, "")) for op, rec, fld in self._store.execute(
                f"SELECT id, rec, field FROM ops WHERE id IN ({marks}) UNION ALL SELECT op, rec, field FROM cur "
                f"WHERE field = '{RECORD}' AND op = rec AND rec IN ({marks})", part + part)]
        self._outbox.drop(op_ids)
        recs = self._store.retract(op_ids)
        if recs or refused:
            self._told.append(Change(source="remote", records=frozenset(recs), kinds=frozenset(),
                                     origin=self._acting, refused=tuple(refused)))
        return recs

    @written
    def requeue_all(self) -> int:
        """Put every op this PC holds (and every winning value from a snapshot) back in the outbox."""
        self._store.keep_current_as_ops([r[0] for r in self._store.execute("SELECT DISTINCT rec FROM cur")])
        ids = [r[0] for r in self._store.execute(f"SELECT id, hlc FROM ops UNION ALL SELECT op, hlc FROM cur WHERE "
                                                  f"field = '{RECORD}' AND op = rec ORDER BY 2")]
        self._outbox.queue(ids)
        return len(ids)

    @written
    def start_new_epoch(self, epoch: str, *, follow: bool = False) -> None:
        """The server was restored from a backup: resend everything held here and copy it afresh; `follow` (the office
        went back to the backup's day): forget what is held instead, all but the records with edits not yet sent."""
        self.forget(self._outbox.settled_records()) if follow else self.requeue_all()
        self._store.clear_seqs()
        self.set_metas({**dict.fromkeys(SNAPSHOT_CURSOR), "last_seq": 0, "epoch": epoch})

    def apply_remote(self, ops: Sequence[Op], *, last_seq: int | None = None) -> ApplyResult:
        """Store ops from the server; `last_seq` is saved in the same transaction, so a crash never skips ops."""
        for op in ops:
            self.clock.observe(op.hlc)
        return self._apply_remote(ops, last_seq)

    @written
    def _apply_remote(self, ops: Sequence[Op], last_seq: int | None) -> ApplyResult:
        result = self._store.apply(ops)
        if last_seq is not None and last_seq > self.last_seq:
            self._store.set_meta("last_seq", last_seq)
        self._tell("remote", result.records, ops=result.new)
        return result

    @written
    def restamp(self, stamps: Mapping[str, int]) -> None:
        self._tell("remote", self._store.restamp(stamps))

    @written
    def note_rejections(self, rejected: Sequence[Sequence[Any]]) -> None:
        """Keep the server's reasons for refused edits, newest last, for the window and the CLI to show."""
        kept = list(self._store.get_meta("rejections", []))[-50:]
        self._store.set_meta("rejections", kept + [list(r) for r in rejected])

    def load_snapshot(self, records: Sequence[Page] | SnapshotRows, meta: Mapping[str, Any] | None = None) -> None:
        """Store a snapshot page (or its rows from `snapshot_rows`) and `meta` (the resume cursor) at once."""
        self._load_snapshot(records, meta)

    def snapshot_rows(self, records: Sequence[Page]) -> SnapshotRows:
        """A snapshot page worked out as rows on the caller's thread, so the writer only writes them (a first copy
        works out the next page while the writer writes this one)."""
        return self._store.snapshot_rows(records)

    @written
    def _load_snapshot(self, records: Sequence[Page] | SnapshotRows, meta: Mapping[str, Any] | None) -> None:
        rows = records if isinstance(records, SnapshotRows) else self._store.snapshot_rows(records)
        latest = self._store.write_snapshot(rows)
        if latest:
            self.clock.observe(latest)
        for key, value in (meta or {}).items():
            self._store.set_meta(key, value)
        self._tell("remote", rows.ids, rows.kinds)

    @written
    def forget_out_of_reach(self, rec_ids: Sequence[str]) -> list[str]:
        """Forget those of these records the server did not list as the user's to read, but none with an edit waiting
        to be sent: typed here since the server's list was made, the server has not seen it yet and judges it when
        it comes (refused, it is put back). Returns the records forgotten."""
        unsent = self._outbox.unsent_records(rec_ids)
        gone = [rec for rec in rec_ids if rec not in unsent]
        if gone:
            self.forget(gone)
        return gone

    @written
    def forget(self, rec_ids: Sequence[str]) -> None:
        """Remove records this user may no longer read from the PC's disk."""
        self._store.forget(rec_ids)
        # Unsent edits of those records went with their ops: the server would refuse them now anyway.
        self._outbox.drop_unheld_ops()
        self._tell("remote", rec_ids)

    def bulk(self, on: bool) -> None:
        """Relaxed fsync while a first copy is written; the writer's connection is the one that writes."""
        self.pending_search.bulk(on)

    @written
    def tell(self, change: Change) -> None:
        """Listeners hear of a change that wrote nothing (edits made here that lost: client/core/lost_edits.py)."""
        self._told.append(change)
