"""A push's search text waits aside and goes into the full-text index once pushes pause; a search never misses it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from lan_server import idle_index
from lan_server.auth import Users
from lan_server.hub import Hub
from lan_server.records import Clock, Op, Store, new_id
from lan_server.records.ops import record_op
from lan_server.rights import Rights


def _hub(path: Path) -> Hub:
    store = Store.open(path, search=True)
    users = Users(store)
    if users.get("olga") is None:
        users.add("olga", "olga-pass-1", "manager")
    return Hub(store, users, Rights(store))


def _notes(clock: Clock, n: int, word: str = "заметка") -> list[Op]:
    return [record_op(new_id(), "note", {"title": f"{word} {i:03d}"}, hlc=clock.now(), dev="pc", user="olga")
            for i in range(n)]


def _indexed(hub: Hub) -> tuple[int, int]:
    """(records in the full-text index, records whose text waits), read on the hub's thread."""
    def count() -> tuple[int, int]:
        return (hub.store.execute("SELECT COUNT(*) FROM records_fts").fetchone()[0], hub.store.search_pending())
    return hub.executor.submit(count).result()


async def _until(check: object, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return False


def test_a_pushs_text_is_indexed_once_pushes_pause_and_a_search_meanwhile_finds_it(tmp_path: Path) -> None:
    hub = _hub(tmp_path / "office.db")
    browser = Store.open(tmp_path / "office.db", search=True)  # the web reader's own connection
    browser.before_search = hub.idle_index.index_now
    olga, clock = hub.users.get("olga"), Clock()

    async def run() -> None:
        hub.loop = asyncio.get_running_loop()
        await hub.push_soon(olga, _notes(clock, 300))
        assert _indexed(hub) == (0, 300)  # the push wrote no full-text row: its text waits
        # A search right away indexes what waits first, on the hub's thread, and finds the note.
        assert [r.fields["title"] for r in browser.records("note", search="заметка 017")] == ["заметка 017"]
        assert _indexed(hub) == (300, 0)
        await hub.push_soon(olga, _notes(clock, 200, "звонок"))
        assert _indexed(hub) == (300, 200)
        # Nobody searches: once pushes pause, the hub's thread indexes it by itself.
        assert await _until(lambda: _indexed(hub) == (500, 0), idle_index.IDLE_S + 5)
    try:
        asyncio.run(run())
        assert [r.fields["title"] for r in hub.store.records("note", search="звонок 003")] == ["звонок 003"]
    finally:
        browser.close()
        hub.close()
        hub.store.close()


def test_pushes_that_never_pause_still_index_between_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(idle_index, "MOST_WAITING", 150)
    monkeypatch.setattr(idle_index, "CHUNK", 100)
    hub = _hub(tmp_path / "office.db")
    olga, clock = hub.users.get("olga"), Clock()

    async def run() -> list[int]:
        hub.loop = asyncio.get_running_loop()
        waiting = []
        for _ in range(30):  # a push every 20 ms: never idle for IDLE_S
            await hub.push_soon(olga, _notes(clock, 50))
            waiting.append(_indexed(hub)[1])
            await asyncio.sleep(0.02)
        return waiting
    try:
        waiting = asyncio.run(run())
        assert max(waiting) <= 150 + 50 + 100  # bounded: turns are taken between the pushes
        assert sum(_indexed(hub)) == 1500
    finally:
        hub.close()
        hub.store.close()


def test_a_pc_copying_goes_before_the_index_however_much_waits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new PC joins while a big import's pushes go on: the database thread serves its pages, not index turns (its
    pages carry the text that waits); once the copy's pages stop, the index catches up by itself."""
    monkeypatch.setattr(idle_index, "MOST_WAITING", 150)
    monkeypatch.setattr(idle_index, "CHUNK", 100)
    hub = _hub(tmp_path / "office.db")
    olga, clock = hub.users.get("olga"), Clock()

    async def run() -> tuple[list[tuple[int, int]], bool]:
        hub.loop = asyncio.get_running_loop()
        seen = []
        for _ in range(15):  # an import's pushes and a new PC's pages taking turns, past MOST_WAITING
            await hub.push_soon(olga, _notes(clock, 50))
            page = await hub.call(hub.snapshot, olga, "", 100)
            assert page["records"]
            seen.append(_indexed(hub))
            await asyncio.sleep(0.02)
        return seen, await _until(lambda: _indexed(hub) == (750, 0), idle_index.IDLE_S + 5)
    try:
        seen, caught_up = asyncio.run(run())
        # no turn was taken while the PC copied (before: turns taken between the pushes indexed 600)
        assert seen[-1] == (0, 750)
        assert caught_up
    finally:
        hub.close()
        hub.store.close()


def test_text_a_stopped_server_left_waiting_is_indexed_after_it_starts(tmp_path: Path) -> None:
    hub = _hub(tmp_path / "office.db")
    olga = hub.users.get("olga")
    hub.push(olga, _notes(Clock(), 40))  # no event loop: nothing is scheduled, the text stays aside
    assert _indexed(hub) == (0, 40)
    hub.close()
    hub.store.close()
    again = _hub(tmp_path / "office.db")

    async def run() -> bool:
        again.loop = asyncio.get_running_loop()
        await again.call(again.idle_index.resume)
        return await _until(lambda: _indexed(again) == (40, 0), idle_index.IDLE_S + 5)
    try:
        assert asyncio.run(run())
    finally:
        again.close()
        again.store.close()


def test_a_browsers_search_once_the_hub_is_closed_indexes_on_the_readers_own_connection(tmp_path: Path) -> None:
    """A search while the office is being restored (its hub closed) still finds what waited: the web reader then
    writes the index itself, as nothing else writes meanwhile."""
    from lan_server.config import DB_FILE
    from lan_server.web.reader import Reader
    hub = _hub(tmp_path / DB_FILE)
    hub.push(hub.users.get("olga"), _notes(Clock(), 20))
    hub.close()
    hub.store.close()
    assert hub.idle_index.index_now() is False
    reader = Reader(tmp_path, index_now=hub.idle_index.index_now)

    def found(r: Reader) -> list[str]:
        return [x.fields["title"] for x in r.store.records("note", search="заметка 007")]
    try:
        assert asyncio.run(reader.call(found)) == ["заметка 007"]
    finally:
        reader.close()
