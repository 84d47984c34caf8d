"""Server start-up in order: config, database, listener, discovery, background jobs; and clean shutdown."""

from __future__ import annotations

import asyncio
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
from lan_server.hub import Hub
from lan_server.protocol.frames import DEFAULT_MAX_FRAME
from lan_server.records import Store
from lan_server.rights import Rights
from lan_server.sessions import Doorway, Refusals, Session

log = logging.getLogger(__name__)
DB_FILE = "organizer.db"
CONFIG_FILE = "server.json"
# How often the server looks for revoked tokens and disabled users (set from another process, e.g. the CLI).
REVOCATION_CHECK_S = 1.0


class SetupError(Exception):
    pass


def load_config(data_dir: Path) -> dict[str, Any]:
    path = data_dir / CONFIG_FILE
    if not path.exists():
        raise SetupError(f"{data_dir} is not a server data folder; run `python -m lan_server init {data_dir}` first")
    return json.loads(path.read_text(encoding="utf-8"))


def open_store(data_dir: Path, database: str | None = None) -> Store:
    """The office database, brought to this release's data version (a verified backup first; a database made
    by a newer release is refused with versions.NewerData)."""
    from lan_server.records import versions
    # No full-text index on the server: only the PCs search their copies.
    store = Store.open(database or (data_dir / DB_FILE), search=False)

    def backup_first(old: int) -> None:
        from lan_server.backups import backup_any
        made = backup_any(data_dir, {"database": database} if database else {}, data_dir / "backups", 1000)
        print(f"data version {old} -> {versions.DATA_VERSION}: backed up first to {made}", file=sys.stderr)
    try:
        versions.upgrade(store, SERVER_STEPS, before=backup_first)
    except BaseException:
        store.close()
        raise
    return store


# Steps of the server's data layout: SERVER_STEPS[n] turns version n into n + 1 (lan_server/records/versions.py).
# 0.1 -> 0.2 changed no table: the sales sections are built-in kinds, stored like any other records.
SERVER_STEPS: dict[int, Callable[[Store], None]] = {}


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


def init(data_dir: Path, admin_password: str, name: str | None = None, database: str | None = None) -> dict[str, Any]:
    """Create the database, the admin user and the TLS certificate. Refuses to overwrite a server."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if (data_dir / CONFIG_FILE).exists():
        raise SetupError(f"{data_dir} already holds a server; nothing was changed")
    store = open_store(data_dir, database)
    try:
        users = Users(store)
        users.add("admin", admin_password, "admin", full_name="Administrator")
    except ValueError as e:
        store.close()
        raise SetupError(str(e)) from None
    store.close()
    config = {"name": name or f"Organizer on {socket.gethostname() or 'this PC'}", "server_id": uuid.uuid4().hex,
              "database": database}
    fingerprint = certs.create(data_dir, str(config["name"]))
    (data_dir / CONFIG_FILE).write_text(json.dumps(config, indent=2, ensure_ascii=False), encoding="utf-8")
    return {**config, "fingerprint": fingerprint}


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


class Server:
    def __init__(self, data_dir: Path, *, database: str | None = None, max_frame: int = DEFAULT_MAX_FRAME) -> None:
        self.data_dir = data_dir
        self.config = load_config(data_dir)
        self.database: str | None = database or self.config.get("database")
        self.store = open_store(data_dir, self.database)
        self.users = Users(self.store)
        self.hub = Hub(self.store, self.users, Rights(self.store))
        self.limiter = RateLimiter()
        self.max_frame = max_frame
        self.fingerprint = certs.fingerprint_of_file(data_dir / certs.CERT_FILE)
        self.sessions: set[Session] = set()
        self.doorway = Doorway(Refusals())
        self._server: asyncio.base_events.Server | None = None
        self._announcer: Any = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._backups: Any = None
        self._listener: Any = None
        self.address: tuple[str, int] = ("", 0)

    @property
    def info(self) -> dict[str, Any]:
        # `epoch` changes when a backup is restored: clients then resend what the server may have lost.
        from lan_server import __version__
        from lan_server.records.versions import DATA_VERSION
        # `release` and `data_version` let a PC one release apart say which side to update.
        return {"server": self.config["name"], "server_id": self.config["server_id"],
                "epoch": self.config.get("epoch", self.config["server_id"]), "release": __version__,
                "data_version": DATA_VERSION}

    async def start(self, host: str | None, port: int, *, discovery: bool = True,
                    discovery_interface: str | None = None) -> tuple[str, int]:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            session = Session(reader, writer, self.hub, self.limiter, server_info=self.info,
                              max_frame=self.max_frame, registry=self.sessions, doorway=self.doorway)
            await session.run()

        raise_open_files_limit()
        self._server = await asyncio.start_server(handle, host=host or None, port=port,
                                                  ssl=certs.server_context(self.data_dir),
                                                  ssl_handshake_timeout=10, reuse_address=True)
        sock = self._server.sockets[0].getsockname()
        self.address = (host or "0.0.0.0", int(sock[1]))
        self.hub.loop = asyncio.get_running_loop()
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
            self._backups = BackupJobs(self)
            self._backups.start()
            self.hub.backups = self._backups  # an administrator's window lists, makes and schedules backups
        return self.address

    async def _watch_revocations(self) -> None:
        while True:
            await asyncio.sleep(REVOCATION_CHECK_S)
            for session in list(self.sessions):
                if session.token and not await self.hub.call(self.users.token_valid, session.token):
                    session.kick("your login was revoked or your account was disabled")

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._listener is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._listener.stop)
        if self._backups is not None:
            self._backups.stop()
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
        await asyncio.get_running_loop().run_in_executor(None, self.hub.close)
        self.store.close()


async def serve_async(data_dir: Path, host: str | None, port: int, *, discovery: bool,
                      discovery_interface: str | None, database: str | None = None,
                      stop: asyncio.Event | None = None, on_listening: Callable[[str, int], None] | None = None
                      ) -> None:
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
                                                discovery_interface=discovery_interface)
    print(f"listening on {shown_host}:{shown_port}", flush=True)
    print(f"fingerprint {server.fingerprint}", flush=True)
    if on_listening is not None:
        on_listening(shown_host, shown_port)
    try:
        await stop.wait()
    finally:
        await server.stop()
        print("stopped", flush=True)


def serve(data_dir: Path, host: str | None, port: int, *, discovery: bool = True,
          discovery_interface: str | None = None, database: str | None = None) -> int:
    try:
        asyncio.run(serve_async(data_dir, host, port, discovery=discovery,
                                discovery_interface=discovery_interface, database=database))
    except SetupError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: cannot listen on {host or '*'}:{port}: {e.strerror or e}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        pass
    return 0
