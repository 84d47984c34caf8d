"""The sync engine: push the outbox, pull what is new, stay subscribed; offline-first, reconnects by itself."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import Any, AsyncIterator, Awaitable, Callable, TypeVar

from client.core import gc_pause, liveness, lost_edits
from client.core.connection import Connection
from client.core.errors import AuthError, ClientError, ConnectError, NotLoggedIn, ServerError, ServerSilent
from client.core.i18n import _, language
from client.core.pushing import push_outbox
from client.core.refusals import Reason, in_language, reason_of
from client.core.replica import SNAPSHOT_CURSOR, Change, Replica
from lan_server.protocol.replies import HistoryItem, SnapshotRecord
from lan_server.records import Op
from lan_server.records.store import HistoryEntry

log = logging.getLogger(__name__)
T = TypeVar("T")
PULL_PAGE = 2000
SNAPSHOT_PAGE = 5000
# A server that hangs (not closed, just silent) shows as offline within HEARTBEAT_S + PING_TIMEOUT_S when nothing is
# asked of it, and within liveness.PROBE_AFTER_S + PROBE_TIMEOUT_S while a push or a page waits for it.
HEARTBEAT_S = 3.0
PING_TIMEOUT_S = 5.0
OUTSIDE_LOOK_S = 1.0  # how often the engine looks for another program's writes to this PC's copy
# After a server that did not answer (rather than refused), try again this soon: each try already waited for it.
SILENT_RETRY_S = 1.0
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SyncStatus:
    state: str = "offline"  # offline | connecting | syncing | online | login_needed (the server let this PC go)
    outbox: int = 0
    server: str = ""
    last_seq: int = 0
    error: str | None = None


# ---- one-shot steps, shared by the engine, `login` and the `sync` command

async def connect(replica: Replica, *, timeout: float = 5.0) -> Connection:
    server, token = replica.meta("server"), replica.meta("token")
    if not server or not token:
        raise NotLoggedIn("this PC is not logged in to an office server yet: log in first")
    conn = await open_connection(replica, server, replica.meta("fingerprint"), timeout=timeout)
    try:
        me = await conn.request("resume", token=token, device=replica.device, timeout=timeout)
        take_rights(replica, me)
    except BaseException:
        await conn.close()
        raise
    check_epoch(replica, conn.server_info.get("epoch"), follow=bool(conn.server_info.get("follow")))
    return conn


def take_rights(replica: Replica, told: dict[str, Any]) -> None:
    """The user's role, rules and group mates as the server tells them (at each connection, and live when an
    administrator changes them): the PC refuses early by them (client/core/rights.py)."""
    rights = {key: told.get(key) for key in ("role", "rules", "group_mates")}
    if any(value != replica.meta(key) for key, value in rights.items()):
        replica.set_metas(rights)


async def open_connection(replica: Replica, address: str, fingerprint: str | None, *,
                          timeout: float = 5.0, company: str | None = None) -> Connection:
    """Connect and say hello for this copy's company (or `company`, at a first login); the hello's clock
    reading sets the time this PC stamps its edits in."""
    before = replica.local_ms()
    conn = await Connection.open(address, fingerprint=fingerprint, timeout=timeout,
                                 company=company if company is not None else replica.meta("company"))
    server_ms = conn.server_info.get("now_ms")
    if isinstance(server_ms, int) and not isinstance(server_ms, bool):
        replica.learn_server_time(server_ms, (before + replica.local_ms()) // 2)
    # 0.1 servers say neither: they are data version 1.
    seen = {"server_release": str(conn.server_info.get("release") or "0.1"),
            "server_data_version": int(conn.server_info.get("data_version") or 1),
            "server_companies": len(conn.server_info.get("companies") or ()) or 1,
            "server_web_port": int(conn.server_info.get("web_port") or 0)}  # the browsers' address (Help)
    if any(replica.meta(k) != v for k, v in seen.items()):
        replica.set_metas(seen)
    return conn


def server_history(replica: Replica, rec: str, *, timeout: float = 3.0) -> list[HistoryEntry] | None:
    """Every value each field of the record had, as the server knows it (a PC that joined later holds only the
    current values); None when the server does not answer. Blocking: for worker threads."""
    async def ask(conn: Connection) -> list[HistoryEntry]:
        entries = [HistoryItem.from_wire(e) for e in (await conn.request("history", rec=rec))["entries"]]
        return [HistoryEntry(e.field, e.value, e.hlc, e.dev, e.user, e.op, e.seq, e.current) for e in entries]
    try:
        return run_on_server(replica, ask, timeout=timeout)
    except (ClientError, OSError, TimeoutError):
        return None


def whole_history(replica: Replica, rec: str, *, timeout: float = 3.0) -> tuple[list[HistoryEntry], bool]:
    """Every value each field of the record had: the server's (a PC that joined later holds only the current values),
    with this PC's edits the server has not had yet; True when the server answered, else this PC's alone and False.
    `current` marks the value each field has now, on this PC. Blocking: for commands and worker threads."""
    mine = replica.history(rec)
    theirs = server_history(replica, rec, timeout=timeout) if replica.meta("token") else None
    if theirs is None:
        return mine, False
    known = {h.op_id for h in theirs}
    entries = theirs + [h for h in mine if h.op_id not in known]
    latest: dict[str, HistoryEntry] = {}
    for h in entries:
        if h.field not in latest or (h.hlc, h.dev) > (latest[h.field].hlc, latest[h.field].dev):
            latest[h.field] = h
    return [dataclasses.replace(h, current=latest[h.field] is h) for h in entries], True


def release_gap(replica: Replica) -> tuple[str, str] | None:
    """("server" or "pc", the newer release) when this PC and its server are releases apart, else None: the
    older side is the one to update (an older server refuses what it does not know, such as invoices)."""
    from lan_server import __version__
    from lan_server.records.versions import DATA_VERSION
    theirs = replica.meta("server_data_version")
    if not isinstance(theirs, int) or theirs == DATA_VERSION:
        return None
    return ("server", __version__) if theirs < DATA_VERSION else ("pc", str(replica.meta("server_release")))


def check_epoch(replica: Replica, epoch: str | None, *, follow: bool = False) -> None:
    """After the server was restored from a backup, resend everything this PC holds and start afresh.

    The server acknowledges what it already has and stores what the backup lacked, so nothing typed
    since the backup is lost; sequence numbers restart, so the PC takes a new snapshot.
    `follow` (an administrator restored the office from the window, to go back to that day): the PC forgets
    what it holds instead, all but its edits not yet sent, and copies the office as the backup holds it.
    """
    if epoch is None:
        return
    known = replica.meta("epoch")
    if known is None:
        replica.set_meta("epoch", epoch)
        return
    if known == epoch:
        return
    log.warning("the server was restored from a backup; %s", "this PC takes the office as it is now" if follow
                else "resending this PC's data")
    replica.start_new_epoch(epoch, follow=follow)


async def on_server(replica: Replica, work: Callable[[Connection], Awaitable[T]], *, timeout: float = 5.0) -> T:
    """Connect, run `work(conn)`, disconnect."""
    conn = await connect(replica, timeout=timeout)
    try:
        async with watched(conn, replica):
            return await work(conn)
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def watched(conn: Connection, replica: Replica) -> AsyncIterator[None]:
    """While inside, a server that stops answering `conn` is given up on within seconds (client/core/liveness)."""
    meta = replica.meta
    watcher = asyncio.ensure_future(liveness.watch(conn, lambda: liveness.probe(
        str(meta("server")), meta("fingerprint"), meta("company"))))
    try:
        yield
    finally:
        watcher.cancel()
        with contextlib.suppress(BaseException):
            await watcher


def run_on_server(replica: Replica, work: Callable[[Connection], Awaitable[T]], *, timeout: float = 5.0) -> T:
    """The blocking form, for commands and worker threads (never the UI thread)."""
    return asyncio.run(on_server(replica, work, timeout=timeout))


async def snapshot_if_needed(conn: Connection, replica: Replica, progress: Progress | None = None) -> None:
    """A new PC starts from the current records; an interrupted start resumes at its cursor."""
    if replica.meta("snapshot_done"):
        return
    after = replica.meta("snapshot_after") or ""
    done = int(replica.meta("snapshot_count") or 0)
    total = int(replica.meta("snapshot_total") or 0)
    # A copy begun now starts from the sequence its first page was read at (written with that page): no request
    # of its own for it (a round trip, and the server counting every record twice).
    starting = replica.meta("snapshot_seq") is None
    if not starting and after:
        try:
            await conn.request("snapshot", after=after, limit=1)
        except ServerError as e:
            if e.code != "invalid":
                raise
            # A cursor this server cannot read (another server, rebuilt): the first copy starts again.
            log.warning("the first copy starts again: %s", e)
            replica.set_metas({"snapshot_after": None, "snapshot_count": 0})
            after, done = "", 0
    # Pages are written by the replica's writer thread: SQLite lets go of the GIL while it writes, so the
    # next page is received and decoded meanwhile. A page lost to a power cut is fetched again (its cursor
    # commits with it), so the first copy may skip the per-commit fsync; everything else stays durable.
    pending = asyncio.ensure_future(conn.request("snapshot", after=after, limit=SNAPSHOT_PAGE))
    writing: asyncio.Future[None] | None = None
    with gc_pause.paused():  # the pages' values are millions of small lists: nothing to collect
        try:
            await asyncio.wrap_future(replica.later(replica.bulk, True))  # while the server makes the first page
            while True:
                page = await pending
                if page["more"]:
                    pending = asyncio.ensure_future(conn.request("snapshot", after=page["next"], limit=SNAPSHOT_PAGE))
                    await asyncio.sleep(0)  # let the request go out now
                if page.get("total") is not None:
                    total = int(page["total"])
                # Worked out here (decoded, its rows and search text made), written by the writer.
                rows = replica.snapshot_rows(SnapshotRecord.pages_from_wire(page["records"]))
                after = page["next"]
                done += len(rows.ids)
                if writing is not None:
                    await writing  # pages are written in order, one at a time
                cursor = {"snapshot_after": after, "snapshot_count": done, "snapshot_total": total}
                if starting:
                    cursor["snapshot_seq"] = page["seq"]
                    starting = False
                writing = asyncio.wrap_future(replica.later(replica.load_snapshot, rows, meta=cursor))
                if progress:
                    progress(done, max(total, done))
                if not page["more"]:
                    break
            await writing
        except BaseException:
            if not pending.done():
                pending.cancel()
            raise
        finally:
            if writing is not None and not writing.done():
                with contextlib.suppress(BaseException):
                    await writing
            await asyncio.wrap_future(replica.later(replica.bulk, False))
    # Everything committed after the snapshot began comes by pull from the sequence it started at.
    replica.set_metas({"last_seq": max(replica.last_seq, int(replica.meta("snapshot_seq") or 0)),
                       "snapshot_done": True})


async def pull_all(conn: Connection, replica: Replica) -> int:
    got = 0
    while True:
        page = await conn.request("pull", since=replica.last_seq, limit=PULL_PAGE)
        ops = [Op.read(d) for d in page["ops"]]
        lost_edits.arrive(replica, ops, last_seq=int(page["last"]))
        got += len(ops)
        if not page["more"]:
            return got


async def server_digest(conn: Connection, replica: Replica) -> dict[str, list[int]] | None:
    """What the server says this PC should hold, per section; None when no comparison holds now (edits wait to
    be sent, or more changes are on their way: compare next time)."""
    if replica.outbox_size():
        return None
    reply = await conn.request("digest")
    if int(reply["head"]) != replica.last_seq:
        return None
    return {k: list(v) for k, v in reply["digest"].items()}


async def check_and_repair(conn: Connection, replica: Replica, progress: Progress | None = None) -> None:
    """Make what this PC holds what the server says it should: first forget the records the server no longer
    lets it hold (its rights changed while they were here), then, if it still differs, take a fresh snapshot."""
    if replica.outbox_size():
        return  # edits wait to be sent: compare next time
    # this PC's digest is worked out on its writer while the server works out its own (each reads every record)
    ours = asyncio.wrap_future(replica.later(replica.digest))
    try:
        theirs = await server_digest(conn, replica)
    finally:
        mine = await ours
    # An edit typed as the comparison began (on the writer before the digest, after the looks at the outbox) is in
    # this PC's digest and not the server's: compare next time, once it is sent.
    if theirs is None or mine == theirs or replica.outbox_size():
        return
    for kind in sorted(k for k in mine if mine[k] != theirs.get(k)):
        try:
            keep = set((await conn.request("reach", section=kind))["ids"])
        except ServerError:  # a server before 0.4 lists no reach: the snapshot below is all it can do
            break
        extra = [rec for rec in replica.ids(kind) if rec not in keep]
        if extra:
            gone = replica.forget_out_of_reach(extra)
            log.info("forgot %d records of %s now out of this user's reach", len(gone), kind)
    if replica.outbox_size() or replica.digest() == theirs:
        return
    log.warning("replica digest differs from the server's; repairing with a fresh snapshot")
    replica.set_metas(dict.fromkeys(SNAPSHOT_CURSOR))
    await snapshot_if_needed(conn, replica, progress)
    await pull_all(conn, replica)


async def sync_once(conn: Connection, replica: Replica, progress: Progress | None = None) -> None:
    try:
        await push_outbox(conn, replica)
        await snapshot_if_needed(conn, replica, progress)
        await pull_all(conn, replica)
        await push_outbox(conn, replica)
        from client.core.talk import people
        await people.remember(conn, replica)  # colleagues' names for @mentions, offline too
        if replica.meta("pending_numbers"):
            from client.core.numbers import settle
            await settle(conn, replica)
            await push_outbox(conn, replica)
        await check_and_repair(conn, replica, progress)
    finally:
        replica.pending_search.soon()  # a first copy's search text into the index, now the copy is in step


def apply_event(replica: Replica, msg: dict[str, Any]) -> list[Op]:
    """Apply one live message from the server; returns the ops it carried."""
    kind = msg.get("type")
    if kind == "changes":
        if msg.get("records"):  # records that came into this user's reach arrive whole
            replica.load_snapshot([SnapshotRecord.from_wire(r).as_page() for r in msg["records"]])
        if msg.get("forget"):
            replica.forget([str(r) for r in msg["forget"]])
        ops = [Op.read(d) for d in msg.get("ops", [])]
        lost_edits.arrive(replica, ops, last_seq=int(msg.get("to", 0)))
        return ops
    if kind == "forget":
        replica.forget([str(r) for r in msg.get("recs", [])])
    if kind == "rights":  # an administrator changed this user's rights while this PC was connected
        take_rights(replica, msg)
    if kind == "kicked":
        raise AuthError(in_language(reason_of(msg.get("reason"), msg.get("why")) or Reason("logged_out"), language()))
    return []


# ---- the engine that runs all day in the window's background thread

class SyncEngine:
    def __init__(self, replica: Replica, *, on_status: Callable[[SyncStatus], None] | None = None,
                 on_ops: Callable[[list[Op]], None] | None = None, min_delay: float = 0.5,
                 max_delay: float = 30.0) -> None:
        self.replica = replica
        self.on_status = on_status
        self.on_ops = on_ops
        self.min_delay = min_delay
        self.max_delay = max_delay
        self.status = SyncStatus(server=str(replica.meta("server") or ""), last_seq=replica.last_seq,
                                 outbox=replica.outbox_size())
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stop: asyncio.Event | None = None
        self._started = threading.Event()
        self._unlisten: Callable[[], None] | None = None
        self._asked = False  # the user asked to synchronize: the colleagues' names are asked for again too

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), name="organizer-sync", daemon=True)
        self._thread.start()
        self._started.wait(5)

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sync_now(self) -> None:
        """Push what waits and hear again who the colleagues are (a colleague added or disabled since this PC
        connected is then named: the list is otherwise asked for once a connection)."""
        self._asked = True
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def _set(self, **changes: Any) -> None:
        self.status = replace(self.status, outbox=self.replica.outbox_size(), last_seq=self.replica.last_seq,
                              server=str(self.replica.meta("server") or ""), **changes)
        if self.on_status is not None:
            try:
                self.on_status(self.status)
            except Exception:
                log.exception("status listener failed")

    def _on_change(self, change: Change) -> None:
        if change.source == "local" and self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def _sleep(self, seconds: float) -> None:
        assert self._wake is not None and self._stop is not None
        waits = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(self._stop.wait())]
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        for w in waits:
            w.cancel()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake, self._stop = asyncio.Event(), asyncio.Event()
        self._unlisten = self.replica.on_change(self._on_change)
        self._started.set()
        delay = self.min_delay
        outside = asyncio.ensure_future(self._notice_outside_writes())
        try:
            while not self._stop.is_set():
                conn: Connection | None = None
                try:
                    if self.status.state != "login_needed":  # a let-go PC's retry keeps its reason in sight
                        self._set(state="connecting", error=None)
                    conn = await connect(self.replica)
                    delay = self.min_delay
                    async with watched(conn, self.replica):
                        await self._serve(conn)
                except NotLoggedIn as e:
                    self._set(state="offline", error=str(e))
                    delay = self.max_delay
                except AuthError as e:  # disabled, revoked, a changed password: only a new login helps
                    self._set(state="login_needed", error=str(e))
                    delay = self.max_delay
                except ServerSilent as e:  # a hung server: it may answer any moment, and each try waits for it anyway
                    self._set(state="offline", error=str(e))
                    delay = min(delay, SILENT_RETRY_S)
                except (ClientError, OSError, ValueError) as e:
                    self._set(state="offline", error=str(e))
                finally:
                    if conn is not None:
                        await conn.close()
                if not self._stop.is_set():
                    await self._sleep(delay)
                    self._wake.clear()
                    delay = min(delay * 2, self.max_delay)
        finally:
            outside.cancel()
            with contextlib.suppress(BaseException):
                await outside
            if self._unlisten is not None:
                self._unlisten()
            self._set(state="offline")

    async def _notice_outside_writes(self) -> None:
        """A command or an import run beside the window writes the same copy: the window shows it within a second,
        and what it queued for the server goes with the window's own edits (a local change wakes the engine)."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(OUTSIDE_LOOK_S)
            try:
                await loop.run_in_executor(None, self.replica.notice_outside_writes)
            except RuntimeError:  # the copy closed: the engine is stopping
                return

    async def _serve(self, conn: Connection) -> None:
        assert self._wake is not None and self._stop is not None
        failure: list[BaseException] = []
        rights_changed: list[bool] = []

        def on_event(msg: dict[str, Any]) -> None:
            try:
                ops = apply_event(self.replica, msg)
                if ops and self.on_ops is not None:
                    self.on_ops(ops)
            except AuthError as e:
                failure.append(e)
                self._wake.set()  # type: ignore[union-attr]
            else:
                if msg.get("type") == "rights":  # what this PC holds is looked at again, on the engine's loop
                    rights_changed.append(True)
                    self._wake.set()  # type: ignore[union-attr]
                self._set(state="online")

        self._set(state="syncing")
        await sync_once(conn, self.replica)
        conn.on_event = on_event
        await conn.request("subscribe", since=self.replica.last_seq)
        self._set(state="online")
        while not self._stop.is_set():
            closed = asyncio.ensure_future(conn.closed.wait())
            await self._sleep_or(closed, max(0.1, conn.last_heard + HEARTBEAT_S - time.monotonic()))
            if failure:
                raise failure[0]
            if conn.closed.is_set():
                raise conn.given_up or ConnectError(_("lost the server: {reason}").format(reason=conn.close_reason))
            if self._wake.is_set():
                self._wake.clear()
                if rights_changed:
                    rights_changed.clear()
                    await check_and_repair(conn, self.replica)
                if self._asked:
                    self._asked = False
                    from client.core.talk import people
                    await people.remember(conn, self.replica)
                if self.replica.outbox_size():
                    self._set(state="syncing")
                    await push_outbox(conn, self.replica)
                    self._set(state="online")
                if self.replica.meta("pending_numbers"):  # a number asked for in the window: the real one now
                    from client.core.numbers import settle
                    await settle(conn, self.replica)
                    await push_outbox(conn, self.replica)
            elif time.monotonic() - conn.last_heard >= HEARTBEAT_S:
                await conn.request("ping", timeout=PING_TIMEOUT_S)  # finds a server that hangs or vanished

    async def _sleep_or(self, other: asyncio.Future[Any], seconds: float) -> None:
        assert self._wake is not None and self._stop is not None
        waits = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(self._stop.wait()), other]
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        for w in waits:
            w.cancel()
            with contextlib.suppress(BaseException):
                await w


def server_backups(replica: Replica, action: str = "list", *, timeout: float = 120.0, **values: Any) -> dict[str, Any]:
    """An administrator's look at the server's backups: list them (checked), make one now ("now"), or change
    the nightly time, the second folder and how many are kept ("set"). Blocking: for worker threads."""
    async def ask(conn: Connection) -> dict[str, Any]:
        return dict(await conn.request("backups", action=action, timeout=timeout,
                                       **{k: v for k, v in values.items() if v is not None}))
    return run_on_server(replica, ask, timeout=timeout)


def server_restore(replica: Replica, backup: str, *, timeout: float = 300.0) -> dict[str, Any]:
    """An administrator puts the office back as the backup `backup` (a name from server_backups) holds it; every PC
    then follows. Returns {"restored": name, "kept": the backup made of the office as it was}. Blocking."""
    return server_backups(replica, "restore", timeout=timeout, backup=backup)


def server_phones(replica: Replica, action: str = "list", *, timeout: float = 10.0, **values: Any) -> dict[str, Any]:
    """The user's phones on the server (Settings > Phones): list, "add" (name=...; the answer holds the new phone's
    password, shown once) or "revoke" (phone=id). Blocking: for worker threads."""
    async def ask(conn: Connection) -> dict[str, Any]:
        return dict(await conn.request("phones", action=action, timeout=timeout,
                                       **{k: v for k, v in values.items() if v is not None}))
    return run_on_server(replica, ask, timeout=timeout)
