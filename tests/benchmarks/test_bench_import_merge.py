"""Import and merge benchmark: 100,000 rows from xlsx and CSV, 1,000 Word letters; compared with the libraries alone.

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_import_merge.py
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from client import cli
from tests.benchmarks.test_bench_sync import disk_mb

pytestmark = pytest.mark.benchmark
N = 100_000
LETTERS = 1000
HEAD = ["ФИО", "Телефон", "Эл. почта", "Город", "Должность", "Дата рождения"]


def row(i: int) -> list[str]:
    return [f"Клиент {i:06d}", f"+7 916 {i % 1000:03d}-{i // 1000 % 100:02d}-{i % 97:02d}", f"c{i}@example.ru",
            ["Москва", "Тверь", "Казань"][i % 3], "менеджер", f"{1 + i % 28:02d}.{1 + i % 12:02d}.1980"]


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def test_import_100k_rows_and_merge_1000_letters(tmp_path: Path) -> None:
    csv_path = tmp_path / "clients.csv"
    with open(csv_path, "w", encoding="cp1251", newline="") as fh:
        fh.write(";".join(HEAD) + "\r\n")
        for i in range(N):
            fh.write(";".join(row(i)) + "\r\n")
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Клиенты")
    ws.append(HEAD)
    for i in range(N):
        ws.append(row(i))
    xlsx_path = tmp_path / "clients.xlsx"
    wb.save(xlsx_path)

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
    print(f"\nimport {N:,} rows x {len(HEAD)} columns: xlsx {results['xlsx']:.1f} s (python-calamine alone "
          f"{calamine_s:.1f} s, ratio {results['xlsx'] / calamine_s:.1f}x); csv cp1251 {results['csv']:.1f} s "
          f"(csv module alone {csv_alone:.2f} s, ratio {results['csv'] / csv_alone:.0f}x); the copy on disk after "
          f"the import: {disk_mb(tmp_path / 'pc-csv'):.0f} MB")

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
