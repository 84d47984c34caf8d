"""The import as an office runs it: `organizer import clients.xlsx`, a whole command of 100,000 rows × 10 columns
(its interpreter's start included), next to python-calamine's bare read of the same file, also a whole command.

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_import_command.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.benchmarks.test_bench_import_merge import write_sheet
from tests.servers import ROOT, env

pytestmark = pytest.mark.benchmark
N = int(os.environ.get("BENCH_IMPORT_ROWS", 100_000))  # fewer for a quick look
HEAD = ["ФИО", "Телефон", "Эл. почта", "Город", "Организация", "Должность", "Дата рождения", "Адрес", "Группа",
        "Примечание"]


def row(i: int) -> list[str]:
    return [f"Клиент {i:06d}", f"+7 916 {i % 1000:03d}-{i // 1000 % 100:02d}-{i % 97:02d}", f"c{i}@example.ru",
            ["Москва", "Тверь", "Казань"][i % 3], f"ООО «Ромашка {i % 1000:03d}»", "менеджер",
            f"{1 + i % 28:02d}.{1 + i % 12:02d}.1980", f"ул. Ленина, д. {i % 200}, кв. {i % 90}",
            ["опт", "розница"][i % 2], f"звонить после {9 + i % 9}:00"]


def whole_command(*args: str) -> float:
    """Seconds a command takes from its start to its end, the interpreter's start included."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=env(), cwd=ROOT, capture_output=True, text=True, timeout=900)
    took = time.perf_counter() - start
    assert done.returncode == 0, done.stderr[-2000:]
    return took


def test_import_command_of_100k_rows_by_10_columns(tmp_path: Path) -> None:
    xlsx = write_sheet(tmp_path / "clients.xlsx", HEAD, (row(i) for i in range(N)))
    bare = whole_command("-c", "import sys; from python_calamine import CalamineWorkbook; "
                               "rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python(); "
                               "print(len(rows))", str(xlsx))
    ours = whole_command("-m", "client", "--profile", str(tmp_path / "pc"), "import", str(xlsx), "--offline")
    print(f"\nimport {N:,} rows x {len(HEAD)} columns of xlsx, the whole command: {ours:.1f} s; python-calamine's bare "
          f"read of the same file, also a whole command: {bare:.1f} s; ratio {ours / bare:.1f}x "
          f"(load: {os.getloadavg()[0]:.1f})")
