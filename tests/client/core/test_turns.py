"""Two programs on one PC's copy: commands run while another program imports a big list wait their turn and succeed,
and the import in progress is not taken for one cut short by a crash."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from client.core.replica import Replica
from tests.servers import ROOT, env, reap


def _list(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ФИО", "Телефон", "Город"])
        for i in range(rows):
            w.writerow([f"Клиент {i} Иванов", f"+7900{i:07d}", "Тверь"])


def _command(profile: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "client", "--profile", str(profile), "--lang", "en", *args],
                            env=env(), cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.parametrize("rows", [50_000, pytest.param(100_000, marks=pytest.mark.soak)])
def test_commands_beside_an_import_wait_their_turn_and_lose_nothing(tmp_path: Path, rows: int) -> None:
    """A note added while another command imported 100,000 rows failed after 0.5 s with "database is locked",
    shown raw; a command started meanwhile took the import in progress for one cut short and took 5,000 rows back."""
    profile, sheet = tmp_path / "pc", tmp_path / "clients.csv"
    _list(sheet, rows)
    Replica(profile).close()  # an offline PC: a copy never logged in works on its own
    started = time.monotonic()
    importing = _command(profile, "import", str(sheet), "--kind", "contact")
    took: list[float] = []
    try:
        # The import's program starts and begins writing; the first note is asked for while it is still running
        # (an import grown fast finishes 20,000 rows before a fixed two-second wait ends).
        time.sleep(0.5)
        while importing.poll() is None and len(took) < 8:
            t0 = time.monotonic()
            add = _command(profile, "add", "note", f"title=Звонок {len(took)}")
            out, err = add.communicate(timeout=180)
            took.append(time.monotonic() - t0)
            assert add.returncode == 0 and "locked" not in err and "Traceback" not in err, err
        out, err = importing.communicate(timeout=600)
    finally:
        reap(importing)
    assert importing.returncode == 0 and "Traceback" not in err, err
    assert took and importing.returncode == 0
    replica = Replica(profile)
    try:
        assert replica.count("contact") == rows, "every imported row is there"
        assert replica.count("note") == len(took)
    finally:
        replica.close()
    quiet = time.monotonic()
    add = _command(profile, "add", "note", "title=Потом")
    add.communicate(timeout=60)
    quiet = time.monotonic() - quiet
    print(f"\n{rows} rows imported in {time.monotonic() - started:.0f} s while {len(took)} notes were added by other "
          f"commands: each took {min(took):.1f}-{max(took):.1f} s (the same command alone: {quiet:.1f} s); "
          f"load {os.getloadavg()[0]:.1f}")


def test_an_import_going_on_in_another_program_is_not_taken_back_one_cut_short_is(tmp_path: Path) -> None:
    from lan_server.records import new_id
    importing = Replica(tmp_path / "pc")
    ops = importing.stamp(new_id(), "contact", {"name": "Половина импорта"})
    importing.apply_local(ops, batch="import:going-on", hold=True)
    other = Replica(tmp_path / "pc")  # a command starts meanwhile
    try:
        assert other.count("contact") == 1, "the import going on keeps its rows"
    finally:
        other.close()
    importing.close()  # the import ends without finishing (its program is gone)
    later = Replica(tmp_path / "pc")
    try:
        assert later.count("contact") == 0 and later.outbox_size() == 0, "cut short: taken back whole"
    finally:
        later.close()


def test_a_program_writing_transaction_after_transaction_sets_the_busy_timeout_only_when_it_changes(
        tmp_path: Path) -> None:
    """Setting it is a statement, and for an import's writer one more turn of the interpreter lock a chunk."""
    import contextlib

    from client.core.turns import QUICK_S, Turns
    set_to: list[float] = []
    turns = Turns(tmp_path, busy_timeout=set_to.append, begin=contextlib.nullcontext)
    for _ in range(5):
        with turns.writing():
            pass
    assert set_to == [QUICK_S]
