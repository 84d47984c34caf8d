"""Search text written in bulk waits in search_pending and is drained into the full-text index: a search finds
exactly what it would have found with the text indexed at once, whatever was written, undone or edited meanwhile."""

from __future__ import annotations

from pathlib import Path

from lan_server.records import Op, Store, new_id
from lan_server.records.ops import record_op


def made(n: int, start: int = 0) -> list[tuple[str, str, dict[str, object]]]:
    return [(f"c{i:05d}", "contact", {"name": f"Клиент {i:05d}", "city": ["Москва", "Тверь"][i % 2],
                                      "phone": f"+7 916 123-{i % 100:02d}-{i % 97:02d}"})
            for i in range(start, start + n)]


def imported(s: Store, records: list[tuple[str, str, dict[str, object]]], first: int = 5000) -> None:
    """Records written as an import writes them (Replica.add_new_records)."""
    s.write_new_records(s.new_records(records, iter(range(first, first + len(records))), dev="pc", user="olga"))


def index(s: Store) -> list[tuple[str, str]]:
    return s.execute("SELECT r.id, f.text FROM records r JOIN records_fts f ON f.rowid = r.num "
                     "ORDER BY r.id").fetchall()


def found(s: Store, typed: str) -> list[str]:
    return [r.id for r in s.records(None, search=typed)]


def test_a_search_right_after_an_import_finds_every_record_as_one_indexed_at_once(tmp_path: Path) -> None:
    bulk, plain = Store.open(tmp_path / "bulk.db"), Store.open(tmp_path / "plain.db")
    try:
        records = made(1200)
        imported(bulk, records)
        plain.apply([record_op(rec, kind, values, hlc=5000 + i, dev="pc", user="olga")
                     for i, (rec, kind, values) in enumerate(records)], fresh=True)
        assert bulk.search_pending() == 1200 and index(bulk) == []
        for typed in ("клиент 00042", "тверь", "4545", "+7 916 123-45-45", "москва клиент 0119"):
            assert found(bulk, typed) == found(plain, typed) != []
        assert bulk.search_pending() == 0 and index(bulk) == index(plain)
    finally:
        bulk.close()
        plain.close()


def test_a_drain_in_chunks_done_twice_indexes_each_record_once(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "s.db")
    try:
        imported(s, made(700))
        assert s.drain_search(300) is True and s.search_pending() == 400
        assert s.drain_search(300) is True and s.drain_search(300) is False and s.search_pending() == 0
        whole = index(s)
        # records already indexed pending again (a drain whose end was not seen): no double row
        s.execute("INSERT INTO search_pending(num) SELECT rowid FROM records_fts WHERE rowid % 2 = 0")
        s.execute("INSERT INTO search_pending(num, text) SELECT rowid, text FROM records_fts WHERE rowid % 2 = 1")
        assert s.drain_search() is False
        assert index(s) == whole and len(whole) == 700
        assert s.execute("SELECT COUNT(*) FROM records_fts").fetchone()[0] == 700
    finally:
        s.close()


def test_what_is_written_after_a_pending_text_wins_whichever_way_it_is_written(tmp_path: Path) -> None:
    """An edit written at once drops the record's pending text; text deferred over an indexed record replaces it."""
    s = Store.open(tmp_path / "s.db")
    try:
        imported(s, made(10))
        s.apply([Op(id=new_id(), rec="c00003", kind="contact", field="name", value="Пётр Ёжиков", hlc=9000,
                    dev="pc", user="olga")])
        assert found(s, "ежиков") == ["c00003"] and found(s, "клиент 00003") == []
        s.defer_search = True  # as a first copy's pages are written
        s.apply([Op(id=new_id(), rec="c00004", kind="contact", field="name", value="Анна Щукина", hlc=9001,
                    dev="pc", user="olga")])
        s.defer_search = False
        assert s.search_pending() == 1
        assert found(s, "щукина") == ["c00004"] and found(s, "клиент 00004") == []
        assert len(index(s)) == 10
    finally:
        s.close()


def test_records_taken_back_or_forgotten_while_their_text_is_pending_leave_nothing_to_find(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "s.db")
    try:
        imported(s, made(20))
        s.retract([f"c{i:05d}" for i in range(10)])  # an import cancelled: its record ops taken back
        s.forget([f"c{i:05d}" for i in range(10, 15)])  # records this user may no longer read
        assert s.search_pending() == 5
        assert found(s, "клиент") == [f"c{i:05d}" for i in range(15, 20)]
        # the numbers of records gone are given again: nothing of theirs comes back with the new records
        imported(s, made(15, 100), first=8000)
        assert found(s, "клиент") == [f"c{i:05d}" for i in [*range(15, 20), *range(100, 115)]]
        assert len(index(s)) == 20
    finally:
        s.close()
