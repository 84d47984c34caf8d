"""Import and merge benchmark: 100,000 rows from xlsx and CSV, 1,000 Word letters; compared with the libraries alone.

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_import_merge.py
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from typing import Iterable

import pytest

from client import cli
from tests.benchmarks.test_bench_sync import disk_mb

pytestmark = pytest.mark.benchmark
N = int(os.environ.get("BENCH_IMPORT_ROWS", 100_000))  # fewer for a quick look
LETTERS = 1000
HEAD = ["ФИО", "Телефон", "Эл. почта", "Город", "Должность", "Дата рождения"]


def row(i: int) -> list[str]:
    return [f"Клиент {i:06d}", f"+7 916 {i % 1000:03d}-{i // 1000 % 100:02d}-{i % 97:02d}", f"c{i}@example.ru",
            ["Москва", "Тверь", "Казань"][i % 3], "менеджер", f"{1 + i % 28:02d}.{1 + i % 12:02d}.1980"]


def write_sheet(path: Path, head: list[str], rows: Iterable[list[str]]) -> Path:
    """A workbook of one sheet, as an office keeps its list of clients: the header, then the rows."""
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Клиенты")
    ws.append(head)
    for values in rows:
        ws.append(values)
    wb.save(path)
    return path


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _write_floors(copy: Path, folder: Path) -> tuple[float, float]:
    """Seconds SQLite alone takes to write (a) every row the import left in `copy` (each table the copy has), into
    an empty database with the same tables and indexes, 500 records' rows per transaction as the import does; (b)
    the imported values as (id, JSON) rows of one bare table. No Python between the rows: what the layout itself
    costs."""
    import sqlite3
    src = sqlite3.connect(copy)
    names = [n for (n,) in src.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                                       "'CREATE VIRTUAL%' AND name NOT LIKE 'records_fts_%' AND name != 'meta'")]
    tables = {t: ", ".join(c[1] for c in src.execute(f"PRAGMA table_info({t})")) for t in names}
    tables["records_fts"] = "rowid, text"
    rows = {t: src.execute(f"SELECT {cols} FROM {t}").fetchall() for t, cols in tables.items()}
    ddl = [sql for (sql,) in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE "
                                         "'records_fts_%' ORDER BY type = 'index', rowid")]
    values = [(rec, data) for _num, rec, _kind, _deleted, data, *_rest in rows["records"]]
    src.close()
    db = sqlite3.connect(folder / "layout-floor.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=wal")
    db.execute("PRAGMA synchronous=full")
    for sql in ddl:
        db.execute(sql)
    start = time.perf_counter()
    parts = max(1, len(rows["records"]) // 500)  # the import's chunks: 500 records, with their ops and values
    for k in range(parts):
        db.execute("BEGIN")
        for table, cols in tables.items():
            part = rows[table][k * len(rows[table]) // parts:(k + 1) * len(rows[table]) // parts]
            db.executemany(f"INSERT INTO {table}({cols}) VALUES ({','.join('?' * len(cols.split(',')))})", part)
        db.execute("COMMIT")
    layout = time.perf_counter() - start
    db.close()
    from tests.benchmarks.test_bench_sync import _sqlite_floor
    return layout, _sqlite_floor(folder, values, 3000)


def _same_records_by_sync(copy: Path, target: Path) -> float:
    """MB on disk of a new copy holding the same records as they arrive in a first copy (snapshot pages, as the
    server would send them, written the way a new PC writes them)."""
    from client.core.replica import Replica
    source, fresh = Replica(copy), Replica(target)
    try:
        fresh.bulk(True)
        after = ""
        while page := source._store.snapshot_page(after, 5000):
            fresh.load_snapshot(page)
            after = page[-1][0]
        fresh.bulk(False)
        assert fresh.count(None) == source.count(None)
        fresh.pending_search.now()  # measured with its search index complete, as the import's copy is
    finally:
        source.close()
        fresh.close()
    return disk_mb(target)


def _indexed_mb(copy: Path) -> float:
    """MB on disk of a copy once its search index is complete: an import run as a command leaves its records'
    search text for the next program to index, so sizes are compared with both indexes whole."""
    from client.core.replica import Replica
    replica = Replica(copy)
    try:
        replica.pending_search.now()
        assert replica._store.search_pending() == 0
    finally:
        replica.close()
    return disk_mb(copy)


def _written_both_ways(folder: Path, n: int) -> dict[str, tuple[float, float]]:
    """Seconds and MB on disk to write the same `n` new contacts into a fresh copy as an import writes them (chunks
    of 500 records, each a transaction, held as the import's batch, then released): made in one op each, as this
    release does, and one op per field (the field-op peer), so the layout's change is measured alone."""
    import random
    from functools import partial

    from client.core.replica import Replica
    from lan_server.records import new_id
    from tests.benchmarks.test_bench_sync import contact_values
    rnd = random.Random(n)
    values = [contact_values(i, rnd) for i in range(n)]
    out = {}
    for way in ("one op", "by field"):
        replica = Replica(folder / way.replace(" ", "-"))
        batch = new_id()
        start = time.perf_counter()
        for k in range(0, n, 500):
            chunk = [(new_id(), "contact", v) for v in values[k:k + 500]]
            if way == "one op":
                new = replica.new_records(chunk)
                replica.transaction(partial(replica.add_new_records, new, batch=batch))
            else:
                ops = [op for rec, kind, v in chunk for op in replica.stamp(rec, kind, v)]
                replica.transaction(partial(replica.apply_local, ops, batch=batch, hold=True))
        replica.release_batch(batch, {"contact"})
        took = time.perf_counter() - start
        assert replica.count("contact") == n
        replica.close()
        out[way] = (took, disk_mb(folder / way.replace(" ", "-")))
    return out


def test_import_100k_rows_and_merge_1000_letters(tmp_path: Path) -> None:
    csv_path = tmp_path / "clients.csv"
    with open(csv_path, "w", encoding="cp1251", newline="") as fh:
        fh.write(";".join(HEAD) + "\r\n")
        for i in range(N):
            fh.write(";".join(row(i)) + "\r\n")
    xlsx_path = write_sheet(tmp_path / "clients.xlsx", HEAD, (row(i) for i in range(N)))

    from python_calamine import CalamineWorkbook
    calamine_s = timed(lambda: CalamineWorkbook.from_path(str(xlsx_path)).get_sheet_by_index(0).to_python())
    import csv
    csv_alone = timed(lambda: list(csv.reader(open(csv_path, encoding="cp1251", newline=""), delimiter=";")))
    results = {}
    for name, path in (("xlsx", xlsx_path), ("csv", csv_path)):
        out = io.StringIO()
        seconds = timed(lambda name=name, path=path, out=out: cli.main(
            ["--profile", str(tmp_path / f"pc-{name}"), "import", str(path), "--offline"], out=out))
        assert f"{N} records were added" in out.getvalue(), out.getvalue()
        results[name] = seconds
    print(f"\nload {os.getloadavg()[0]:.1f}; import {N:,} rows x {len(HEAD)} columns: xlsx {results['xlsx']:.1f} s "
          f"(python-calamine alone {calamine_s:.1f} s, ratio {results['xlsx'] / calamine_s:.1f}x); "
          f"csv cp1251 {results['csv']:.1f} s "
          f"(csv module alone {csv_alone:.2f} s, ratio {results['csv'] / csv_alone:.0f}x)")
    layout_s, bare_s = _write_floors(tmp_path / "pc-csv" / "replica.db", tmp_path)
    print(f"  floor: SQLite alone writes the rows this import leaves in the copy (every table's, made beforehand, "
          f"with the copy's indexes) in {layout_s:.1f} s; the same "
          f"{N * len(HEAD):,} values as rows of one bare table in {bare_s:.1f} s")
    imported = _indexed_mb(tmp_path / "pc-csv")
    synced = _same_records_by_sync(tmp_path / "pc-csv", tmp_path / "pc-synced")
    print(f"  the copy on disk after the import (search index complete): {imported:.0f} MB; the same records "
          f"arriving by sync (a first copy, index complete): {synced:.0f} MB, ratio {imported / synced:.1f}x")

    both = _written_both_ways(tmp_path, N)
    print(f"  the same {N:,} new contacts (4 fields) written as an import writes them: in one op each "
          f"{both['one op'][0]:.1f} s, {both['one op'][1]:.0f} MB; one op per field (the field-op peer) "
          f"{both['by field'][0]:.1f} s, {both['by field'][1]:.0f} MB (load {os.getloadavg()[0]:.1f})")

    from docx import Document
    tpl = tmp_path / "letter.docx"
    doc = Document()
    doc.add_paragraph("Уважаемый {{ ФИО }}!")
    doc.add_paragraph("Ваш телефон {{ phone }}, город {{ Город }}. Дата: {{ today }}.")
    doc.save(str(tpl))
    plain = tmp_path / "plain.docx"
    doc = Document()
    doc.add_paragraph("Уважаемый {{ name }}!")
    doc.add_paragraph("Ваш телефон {{ phone }}, город {{ city }}. Дата: {{ today }}.")
    doc.save(str(plain))
    from docxtpl import DocxTemplate

    from client.core.replica import Replica
    replica = Replica(tmp_path / "pc-csv")
    ids = [r.id for r in replica.records("contact", limit=LETTERS)]
    replica.close()

    def docxtpl_alone() -> None:
        for i in range(LETTERS):
            t = DocxTemplate(str(plain))
            t.render({"name": f"Клиент {i}", "phone": "+7", "city": "Москва", "today": "22.11.2026"})
            t.save(str(tmp_path / "alone.docx"))
    alone = timed(docxtpl_alone)
    out = io.StringIO()
    ours = timed(lambda: cli.main(["--profile", str(tmp_path / "pc-csv"), "merge", str(tpl), "--ids", *ids,
                                   "--out", str(tmp_path / "letters")], out=out))
    assert f"wrote {LETTERS} document(s)" in out.getvalue(), out.getvalue()
    out = io.StringIO()
    single = timed(lambda: cli.main(["--profile", str(tmp_path / "pc-csv"), "merge", str(tpl), "--ids", *ids,
                                     "--out", str(tmp_path / "all.docx"), "--single"], out=out))
    print(f"merge {LETTERS:,} letters, one file each: {ours:.1f} s (docxtpl alone {alone:.1f} s, ratio "
          f"{ours / alone:.2f}x); one combined document: {single:.1f} s")
