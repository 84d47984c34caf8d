"""An office's database as the web port reads it: a connection and a thread of its own, so a browser's search
never waits behind the PCs' pushes (SQLite in WAL mode reads while the hub writes); writes go through the hub."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, TypeVar

from lan_server.auth import Users
from lan_server.config import DB_FILE
from lan_server.records import Store
from lan_server.rights import Rights

T = TypeVar("T")


class Reader:
    """`await reader.call(fn, *args)` runs `fn(reader, *args)` on the reader's thread, with `store`, `rights` and
    `users` open on that thread's own connection and the sections read afresh when another connection changed
    them."""

    def __init__(self, data_dir: Path, database: str | None = None, *,
                 index_now: Callable[[], bool] | None = None) -> None:
        """`index_now`: writes the search text waiting for the index on the hub's thread (idle_index.py); False
        when it could not (the hub closed), and the reader's own connection writes it."""
        self._target: str | Path = database or data_dir / DB_FILE
        self._index_now = index_now
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="organizer-web")
        self._store: Store | None = None
        self._rights: Rights | None = None
        self._users: Users | None = None
        self._seen: Any = None

    @property
    def store(self) -> Store:
        assert self._store is not None, "the reader's store is used on its own thread only"
        return self._store

    @property
    def rights(self) -> Rights:
        assert self._rights is not None
        return self._rights

    @property
    def users(self) -> Users:
        assert self._users is not None
        return self._users

    def _ready(self) -> None:
        if self._store is None:
            self._store = Store.open(self._target, search=True)
            # A search indexes what waits first: by the hub's thread, the one writer of the office's database.
            self._store.before_search = self._index_waiting
            self._rights = Rights(self._store)
            self._users = Users(self._store)
        store = self._store
        # The sections and fields are cached per connection: read them again after another connection's commit.
        seen = store.execute("PRAGMA data_version").fetchone()[0] if store.sqlite else None
        if seen is None or seen != self._seen:
            store.forget_schema()
            self._seen = seen

    def _index_waiting(self) -> None:
        if self._index_now is None or not self._index_now():
            self.store.drain_search()

    def _run(self, fn: Callable[..., T], *args: Any) -> T:
        self._ready()
        return fn(self, *args)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, self._run, fn, *args)

    def close(self) -> None:
        def shut() -> None:
            if self._store is not None:
                self._store.close()
        self.executor.submit(shut).result()
        self.executor.shutdown(wait=True)
