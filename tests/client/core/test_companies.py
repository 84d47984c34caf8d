"""The companies this PC holds copies of: where each copy lives, which is in use, and a damaged index."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.core import companies
from client.core.errors import ClientError
from client.core.replica import Replica


def _logged_in(folder: Path, server_id: str) -> None:
    replica = Replica(folder)
    replica.set_meta("server_id", server_id)
    replica.close()


def test_copies_their_folders_and_the_one_in_use(tmp_path: Path) -> None:
    root = tmp_path / "profile"
    # A profile from before companies: its own folder is the copy, in use, and holds nobody's data yet.
    assert companies.current(root) == root
    assert companies.place_for(root, "ООО Ромашка", logging_in=True) == root
    _logged_in(root, "a" * 32)
    companies.remember(root, root, "ООО Ромашка")
    # A second company gets a folder of its own; a login that failed leaves its folder for the next one.
    second = companies.place_for(root, "ИП Петров", logging_in=True)
    assert second == root / "companies" / "1"
    assert companies.place_for(root, "ИП Петров", logging_in=True) == second
    _logged_in(second, "b" * 32)
    companies.remember(root, second, "ИП Петров")
    assert companies.current(root) == second
    assert [(c.folder, c.name) for c in companies.held(root)] == [(root / ".", "ООО Ромашка"),
                                                                   (second, "ИП Петров")]
    # Named by any part of the name that only one has, in any case.
    assert companies.place_for(root, "ромашка", logging_in=False) == root / "."
    assert companies.find(root, "ип петров") == second
    assert companies.find(root, "о") is None  # both names have it
    companies.choose(root, root)
    assert companies.place_for(root, None, logging_in=False) == root
    with pytest.raises(ClientError, match="no copy of the company 'Лютик'"):
        companies.place_for(root, "Лютик", logging_in=False)


def test_a_profile_named_by_a_relative_path(tmp_path: Path, monkeypatch) -> None:
    """`--profile pc`, as typed in a command: the copy there is looked at all the same."""
    monkeypatch.chdir(tmp_path)
    _logged_in(tmp_path / "pc", "a" * 32)
    assert companies.place_for(Path("pc"), "ООО Ромашка", logging_in=True) == Path("pc") / "companies" / "1"


def test_a_damaged_index_loses_no_copy(tmp_path: Path) -> None:
    root = tmp_path / "profile"
    _logged_in(root, "a" * 32)
    companies.remember(root, root, "ООО Ромашка")
    (root / companies.INDEX_FILE).write_text("{not json", encoding="utf-8")
    assert companies.current(root) == root  # the first copy opens; its data was never in the index
    assert [c.folder for c in companies.held(root)] == [root / "."]


def test_two_at_once_lose_no_company_from_the_list(tmp_path: Path) -> None:
    """The window and a command (or two commands) noting their companies at the same moment: both stay listed."""
    import threading
    root = tmp_path / "profile"
    folders = [root / "companies" / str(n) for n in range(1, 9)]
    for folder in folders:
        folder.mkdir(parents=True)
    threads = [threading.Thread(target=companies.remember, args=(root, folder, f"Фирма {n}"))
               for n, folder in enumerate(folders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(c.name for c in companies.held(root) if c.name) == sorted(f"Фирма {n}" for n in range(8))
