"""Server start-up in order: config, database, listener, discovery, background jobs; and clean shutdown."""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import json
import logging
import signal
import socket
import sys
import uuid
from pathlib import Path
from typing import Any, Callable

from lan_server import certs
from lan_server.auth import RateLimiter, Users
from lan_server.config import (
    COMPANIES_DIR,
    CONFIG_FILE,
    DB_FILE,
    Company,
    SetupError,
    companies,
    company_key,
    load_config,
    pick_company,
)
from lan_server.files import write_whole
from lan_server.hub import Hub, HubClosed
from lan_server.intake import (
    HANDSHAKE_S,
    TLS_AFTER_ADMISSION,
    Doorway,
    Refusals,
    connection_protocol,
    small_tls_read_buffers,
)
from lan_server.protocol.frames import DEFAULT_MAX_FRAME
from lan_server.protocol.language import system_language
from lan_server.protocol.reasons import Reason
from lan_server.records import Store, versions
from lan_server.records.talk import ADMINISTRATOR
from lan_server.rights import Rights
from lan_server.sessions import Session

log = logging.getLogger(__name__)
# How often the server looks for revoked tokens and disabled users (set from another process, e.g. the CLI).
REVOCATION_CHECK_S = 1.0


def open_store(data_dir: Path, database: str | None = None) -> Store:
    """The office database, brought to this release's data version (a verified backup first; a database made
    by a newer release is refused with versions.NewerData)."""
    # The server keeps the full-text index as a PC's copy does: the browser pages search on the server.
    store = Store.open(database or (data_dir / DB_FILE), search=True)

    def backup_first(old: int) -> None:
        from lan_server.backups import backup_any
        made = backup_any(data_dir, {"database": database} if database else {}, data_dir / "backups", 1000)
        print(f"data version {old} -> {versions.DATA_VERSION}: backed up first to {made}", file=sys.stderr)
    try:
        versions.upgrade(store, SERVER_STEPS, before=backup_first)
        store.index_links()
    except BaseException:
        store.close()
        raise
    return store


def _search_index(store: Store) -> None:
    """3 -> 4: the server searches (its browser pages): every record's row and search text is written once, by
    today's code, so with the column 4 -> 5 adds."""
    versions.stamps_column(store)
    store.reindex()


# Steps of the server's data layout: SERVER_STEPS[n] turns version n into n + 1 (lan_server/records/versions.py).
# 0.1 -> 0.2 changed no table: the sales sections are built-in kinds, stored like any other records.
# 4 -> 5: records made in one op (versions.record_stamps).
# 5 -> 6: a phone's search text holds the runs of its last digits (4567 finds +7 916 123-45-67).
# 6 -> 7: search_pending (search text not yet in the index), made by the store's tables: no step.
SERVER_STEPS: dict[int, Callable[[Store], None]] = {3: _search_index, 4: versions.record_stamps, 5: versions.reindex}


def admin_command(body: Callable[[Store, Any], int]) -> Callable[[Any], int]:
    """A `python -m lan_server` command on the server's database: the folder's config, the store, clear errors."""
    def run(args: Any) -> int:
        try:
            config = load_config(args.data_dir)
        except SetupError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        store = open_store(args.data_dir, config.get("database"))
        try:
            return body(store, args)
        except ValueError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        finally:
            store.close()
    return run


def init(data_dir: Path, admin_password: str, name: str | None = None, database: str | None = None, *,
         company: str | None = None) -> dict[str, Any]:
    """Create the database, the admin user and the TLS certificate. Refuses to overwrite a server.

    With `company`, add a company to the server in `data_dir` instead: its own database, users (its own
    admin) and numbering, under the server's certificate."""
    if company:
        load_config(data_dir)  # the server must be there first: a company is added to it
        folder = data_dir / COMPANIES_DIR / company_key(company)
        if (folder / CONFIG_FILE).exists():
            raise SetupError(f"{data_dir} already holds the company {company!r}; nothing was changed")
        _make_office(folder, admin_password, database)
        config = {"name": company.strip(), "server_id": uuid.uuid4().hex, "database": database}
        write_whole(folder / CONFIG_FILE, json.dumps(config, indent=2, ensure_ascii=False).encode("utf-8"))
        return {**config, "company": folder.name,
                "fingerprint": certs.fingerprint_of_file(data_dir / certs.CERT_FILE)}
    data_dir.mkdir(parents=True, exist_ok=True)
    if (data_dir / CONFIG_FILE).exists():
        raise SetupError(f"{data_dir} already holds a server; nothing was changed")
    _make_office(data_dir, admin_password, database)
    config = {"name": name or default_name(), "server_id": uuid.uuid4().hex, "database": database}
    fingerprint = certs.create(data_dir, str(config["name"]))
    (data_dir / CONFIG_FILE).write_text(json.dumps(config, indent=2, ensure_ascii=False), encoding="utf-8")
    return {**config, "fingerprint": fingerprint}


def default_name() -> str:
    """The office's name until someone gives it one, in the language of the PC that sets it up."""
    host = socket.gethostname() or ""
    if system_language() == "ru":
        return f"Органайзер на {host}" if host else "Органайзер"
    return f"Organizer on {host}" if host else "Organizer"


def _make_office(folder: Path, admin_password: str, database: str | None) -> None:
    """A new database with its administrator, in `folder` (made when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(folder, database)
    try:
        Users(store).add("admin", admin_password, "admin", full_name=ADMINISTRATOR)
    except ValueError as e:
        raise SetupError(str(e)) from None
    finally:
        store.close()


def raise_open_files_limit() -> None:
    """Every office PC holds a connection: lift the soft limit of open files to the hard one (POSIX; Windows
    has no such per-process limit for sockets)."""
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536) if hard != resource.RLIM_INFINITY
                                                        else 65536, hard))
        except (ValueError, OSError):
            log.warning("could not raise the limit of open files above %d", soft)


class Office:
    """One company on the running server: its database, users, rights, hub, backups and (PostgreSQL) listener."""

    def __init__(self, company: Company, database: str | None = None) -> None:
        self.company = company
        self.key, self.data_dir = company.key, company.folder
        self.config = load_config(company.folder)
        self.database: str | None = database or self.config.get("database")
        self.store = open_store(company.folder, self.database)
        self.users = Users(self.store)
        self.hub = Hub(self.store, self.users, Rights(self.store))
        self.backups: Any = None
        self._listener: Any = None

    def info(self) -> dict[str, Any]:
        # `epoch` changes when a backup is restored: clients then resend what the server may have lost, or, when
        # `follow` (restored from an administrator's window), take the office as the backup holds it.
        from lan_server import __version__
        from lan_server.records.versions import DATA_VERSION
        # `release` and `data_version` let a PC one release apart say which side to update.
        return {"server": self.config["name"], "server_id": self.config["server_id"],
                "epoch": self.config.get("epoch", self.config["server_id"]), "follow": bool(self.config.get("follow")),
                "release": __version__, "data_version": DATA_VERSION, "company": self.key}

    async def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.hub.loop = loop
        await self.hub.call(self.hub.idle_index.resume)  # search text a stopped server left waiting
        if self.database:  # other server processes on the same PostgreSQL: their commits reach this one's PCs
            from lan_server.pg_listen import Listener
            head = await self.hub.call(self.hub.store.max_seq)
            await self.hub.call(self.hub.listen_from, head)

            def heard(seq: int) -> None:
                self.hub.executor.submit(self.hub.heard, seq)  # on the database thread, after any push queued
            self._listener = Listener(self.database, heard)
            self._listener.start()
        if importlib.util.find_spec("lan_server.backups") is not None:
            from lan_server.backups import BackupJobs
            self.backups = BackupJobs(self)
            self.backups.start()
            self.hub.backups = self.backups  # an administrator's window lists, makes and schedules backups

    async def stop(self) -> None:
        if self._listener is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._listener.stop)
        if self.backups is not None:
            self.backups.stop()

    def close(self) -> None:
        self.hub.close()
        self.store.close()

    async def close_async(self) -> None:
        # The hub's thread ends off the loop; the store closes on the thread that opened it.
        await asyncio.get_running_loop().run_in_executor(None, self.hub.close)
        self.store.close()


class Server:
    def __init__(self, data_dir: Path, *, database: str | None = None, max_frame: int = DEFAULT_MAX_FRAME) -> None:
        self.data_dir = data_dir
        self.config = load_config(data_dir)
        # Every company the folder holds; `database` (serve --database) overrides the first one's only.
        self.offices: dict[str, Office] = {}
        try:
            for company in companies(data_dir):
                self.offices[company.key] = Office(company, database if company.key == "" else None)
        except BaseException:
            for office in self.offices.values():
                office.close()
            raise
        self.hub = self.offices[""].hub
        self.limiter = RateLimiter()
        self.max_frame = max_frame
        self.fingerprint = certs.fingerprint_of_file(data_dir / certs.CERT_FILE)
        self.sessions: set[Session] = set()
        self.doorway = Doorway(Refusals())
        self._server: asyncio.base_events.Server | None = None
        self._announcer: Any = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._adding = asyncio.Lock()
        self.address: tuple[str, int] = ("", 0)
        self.web: Any = None  # the web port's door (lan_server/web/door.py), once it listens
        self.web_problem = ""  # why the web port could not listen, when it could not

    def listing(self, found: list[Company] | None = None) -> list[dict[str, str]]:
        """The companies a PC may choose from before logging in: names only, nothing of their data. Read from
        the folder (unless `found` was just read), so a company added while the server runs is offered at once."""
        try:
            return [{"id": c.key, "name": c.name} for c in found or companies(self.data_dir)]
        except (OSError, ValueError, SetupError):  # a half-written company folder: the ones already open
            return [{"id": key, "name": str(office.config["name"])} for key, office in self.offices.items()]

    def info(self, office: Office, found: list[Company] | None = None) -> dict[str, Any]:
        # web_port: the window shows the browsers' address (this server's, on that port), 0 for none.
        web_port = self.web.address[1] if self.web is not None else 0
        return {**office.info(), "companies": self.listing(found), "web_port": web_port}

    async def choose(self, wanted: str) -> tuple[Hub, dict[str, Any]]:
        """The hub of the company a PC names in its hello; a company added while the server runs is opened."""
        async with self._adding:
            try:
                found = companies(self.data_dir)  # read once: to find the company and to list them all
                company = pick_company(found, wanted)
            except SetupError as e:
                raise LookupError(*e.args) from None  # a Reason stays one
            office = self.offices.get(company.key)
            if office is None:
                office = Office(company)  # on the loop's thread, which closes it at the end (a few ms)
                self.offices[company.key] = office
                await office.start(asyncio.get_running_loop())
        return office.hub, self.info(office, found)

    async def start(self, host: str | None, port: int, *, discovery: bool = True,
                    discovery_interface: str | None = None, web_port: int | None = None) -> tuple[str, int]:
        if web_port is not None:
            await self._start_web(host, web_port)

        tls = certs.server_context(self.data_dir)
        later = TLS_AFTER_ADMISSION

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            main = self.offices[""]  # looked up each time: a restore puts a new one in place
            session = Session(reader, writer, main.hub, self.limiter, server_info=self.info(main),
                              max_frame=self.max_frame, registry=self.sessions, doorway=self.doorway,
                              choose=self.choose, tls=tls if later else None, restore=self.restore)
            await session.run()

        raise_open_files_limit()
        small_tls_read_buffers()
        # TLS begins once the doorway has let a connection in (intake.TLS_AFTER_ADMISSION), not at accept.
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: connection_protocol(handle, hold=later), host=host or None,
                                                port=port, ssl=None if later else tls,
                                                ssl_handshake_timeout=None if later else HANDSHAKE_S,
                                                reuse_address=True)
        sock = self._server.sockets[0].getsockname()
        self.address = (host or "0.0.0.0", int(sock[1]))
        if discovery:
            from lan_server.discovery import Announcer
            interface = discovery_interface or (host if host and host not in ("0.0.0.0", "") else None)
            self._announcer = Announcer(self.config["name"], self.address[1], interface=interface,
                                        properties={"fp": self.fingerprint, "id": self.config["server_id"], "v": 1})
            try:
                await self._announcer.start()
            except Exception as e:  # the server works without discovery; clients can type the address
                log.warning("zeroconf announcement failed: %s", e)
                self._announcer = None
        self._tasks.append(asyncio.create_task(self._watch_revocations()))
        for office in list(self.offices.values()):
            await office.start(asyncio.get_running_loop())
        return self.address

    async def restore(self, hub: Hub, name: str, asker: Session) -> str:
        """An administrator's window puts its company back as the backup `name` holds it, while the server runs:
        the backup is checked first (a damaged one changes nothing), every PC of the company is let go, the
        database is swapped (the one replaced becomes a backup of its own, so this too can be undone from the
        window) and the company opens again in a new epoch that its PCs follow. Returns the replaced one's name."""
        from lan_server.backups import BACKUP_DIR, BackupError, kept_among_backups, restore, verify
        loop = asyncio.get_running_loop()
        async with self._adding:  # no PC opens the company meanwhile
            office = next(o for o in self.offices.values() if o.hub is hub)
            if office.database:
                raise BackupError(Reason("restore_by_command"))
            folder = office.data_dir / BACKUP_DIR
            path = folder / name
            if Path(name).name != name or not name.endswith(".db") or not path.is_file():
                raise BackupError(Reason("no_such_backup", detail=name))
            try:  # before any PC is let go: a damaged backup leaves the office as it was
                await loop.run_in_executor(None, verify, path)
            except BackupError:
                raise BackupError(Reason("backup_damaged", detail=name)) from None
            log.warning("restoring %s from the backup %s, asked by %s", office.key or "the office", name,
                        asker.user.name if asker.user else "?")
            for session in list(self.sessions):
                if session.hub is hub and session is not asker:
                    session.close()  # they reconnect in a moment, to the restored office
            await office.stop()
            await office.close_async()
            try:
                shown = kept_among_backups(office.data_dir)
                await loop.run_in_executor(
                    None, lambda: restore(office.data_dir, path, follow=True, verified=True, keep_at=shown))
            finally:  # whatever happened, the company opens again (restore swaps files only once the copy is whole)
                reopened = Office(office.company)
                self.offices[office.key] = reopened
                if office.key == "":
                    self.hub = reopened.hub
                await reopened.start(loop)
        return shown.name

    async def _start_web(self, host: str | None, port: int) -> None:
        """The web port (browsers, phones' CardDAV/CalDAV). The office's PCs sync without it: a port that is taken
        is said at start and in the log, and the server runs on."""
        from lan_server.web.door import WebDoor
        door = WebDoor(self)
        try:
            await door.start(host, port)
        except OSError as e:
            self.web_problem = f"cannot listen on {host or '*'}:{port}: {e.strerror or e}"
            log.warning("web port: %s", self.web_problem)
            await door.stop()
            return
        self.web = door

    async def _watch_revocations(self) -> None:
        while True:
            await asyncio.sleep(REVOCATION_CHECK_S)
            # Not under the office lock: a login to one company must not wait for another's busy database thread.
            for hub in {office.hub for office in self.offices.values()}:
                # A session still on a restored office's hub is being let go already; its PC logs in again.
                sessions = [s for s in self.sessions if s.hub is hub and s.token]
                try:
                    gone = await hub.call(hub.users.let_go, [s.token for s in sessions]) if sessions else {}
                    for session in sessions:
                        if session.token in gone:
                            session.kick(Reason("login_disabled" if gone[session.token] else "login_revoked"))
                    await hub.call(hub.tell_rights)  # a role or a user's groups changed: the PCs are told
                except HubClosed:  # its office was restored meanwhile: the next round asks the new hub
                    continue

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self.web is not None:
            await self.web.stop()
        for office in self.offices.values():
            await office.stop()
        if self._announcer is not None:
            try:
                await asyncio.wait_for(self._announcer.stop(), 5)
            except Exception:
                pass
        if self._server is not None:
            self._server.close()
        for session in list(self.sessions):
            session.close()
        if self._server is not None:
            try:
                await asyncio.wait_for(self._server.wait_closed(), 5)
            except Exception:
                pass
        for office in self.offices.values():
            await office.close_async()


async def serve_async(data_dir: Path, host: str | None, port: int, *, discovery: bool,
                      discovery_interface: str | None, database: str | None = None,
                      stop: asyncio.Event | None = None, on_listening: Callable[[str, int], None] | None = None,
                      web_port: int | None = None, on_web: Callable[[str], None] | None = None) -> None:
    """Serve until `stop` is set (a service manager's stop) or, without one, until SIGTERM or Ctrl+C."""
    server = Server(data_dir, database=database)
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C still raises KeyboardInterrupt
                pass
    shown_host, shown_port = await server.start(host, port, discovery=discovery,
                                                discovery_interface=discovery_interface, web_port=web_port)
    print(f"listening on {shown_host}:{shown_port}", flush=True)
    if server.web is not None:
        print(f"web on {server.web.url}", flush=True)
        if on_web is not None:
            on_web(server.web.url)
    elif server.web_problem:
        print(f"web: {server.web_problem}; browsers cannot connect (the PCs can)", flush=True)
    print(f"fingerprint {server.fingerprint}", flush=True)
    if on_listening is not None:
        on_listening(shown_host, shown_port)
    # Reference cycles are looked for every 10,000 new objects, not 700 (a push of a thousand records makes several
    # thousand, which reference counts free), and never again among what the server holds since it started.
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    try:
        await stop.wait()
    finally:
        await server.stop()
        print("stopped", flush=True)


def serve(data_dir: Path, host: str | None, port: int, *, discovery: bool = True,
          discovery_interface: str | None = None, database: str | None = None, web_port: int | None = None) -> int:
    try:
        asyncio.run(serve_async(data_dir, host, port, discovery=discovery,
                                discovery_interface=discovery_interface, database=database, web_port=web_port))
    except SetupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: cannot listen on {host or '*'}:{port}: {e.strerror or e}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        pass
    return 0
