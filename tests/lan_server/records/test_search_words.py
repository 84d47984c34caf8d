"""Quick search asks the index for the few whole words a typed prefix stands for, and reads a word most records
have straight from the index for the first page: the lists are the same as a plain prefix search gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from lan_server.records import Store
from lan_server.records.store import FEW_MATCHES, FEW_WORDS, fts_query


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "pc.db")
    yield s
    s.close()


def _load(store: Store, names: dict[str, str], kind: str = "contact") -> None:
    store.load_snapshot([(rec, kind, [["name", name, 1000 + n, "d", f"op-{kind}-{rec}", "u"]])
                         for n, (rec, name) in enumerate(names.items())])


def _by_prefix(store: Store, text: str, kind: str = "contact") -> list[str]:
    """What a plain prefix search lists (every word asked as "word"*), in title order."""
    return [r[0] for r in store.execute(
        "SELECT r.id FROM records r WHERE r.kind = ? AND r.deleted = 0 AND r.num IN "
        "(SELECT rowid FROM records_fts WHERE records_fts MATCH ?) ORDER BY r.sort, r.id", (kind, fts_query(text)))]


NAMES = {"a": "Клиент", "b": "Клиентка Анна", "c": "Клиентский отдел", "d": "Клиентура", "e": "Ёлкин Пётр",
         "f": "Йодов", "g": "Café Paris", "h": "Андрей Клиентов", "i": "Клим", "j": "Straße 5", **{
             f"t{n}": f"Товар{n}" for n in range(FEW_WORDS + 2)}}


@pytest.mark.parametrize("typed", ["клиент", "КЛИЕНТ", "клиентк", "кли", "к", "ёлк", "елкин", "пётр", "йод", "андре",
                                   "caf", "café", "cafe paris", "straß", "товар", "товар1", "клиент анна", "нет"])
def test_a_prefix_lists_what_a_plain_prefix_search_lists(store: Store, typed: str) -> None:
    _load(store, NAMES)
    assert [r.id for r in store.records("contact", search=typed)] == _by_prefix(store, typed)
    assert store.count("contact", search=typed) == len(_by_prefix(store, typed))


def test_a_prefix_of_few_words_is_asked_as_those_words(store: Store) -> None:
    _load(store, NAMES)
    assert store._word_query("клиент") == '("клиент" OR "клиентка" OR "клиентов" OR "клиентский" OR "клиентура")'
    assert store._word_query("йод") == '("йодов")'  # unicode61 keeps й as it is
    assert store._word_query("нет") == '("нет")'  # no word starts so: matches nothing, as the prefix would
    # more words than are worth naming, and a word the index may spell otherwise, stay prefixes
    assert store._word_query("товар") == '"товар"*'
    assert store._word_query("café") == '"café"*'


def test_a_new_word_is_found_at_once(store: Store) -> None:
    _load(store, {"a": "Клиент"})
    assert [r.id for r in store.records("contact", search="клиент")] == ["a"]
    _load(store, {"b": "Клиентка"})  # a word the prefix did not stand for a moment ago
    assert [r.id for r in store.records("contact", search="клиент")] == ["a", "b"]


def test_a_word_most_records_have_lists_and_counts_as_a_plain_prefix_search(store: Store) -> None:
    n = 3 * FEW_MATCHES + 600
    _load(store, {f"c{i:05d}": f"Клиент {i:05d} {'Тверь' if i % 3 else 'Омск'}" for i in range(n)})
    _load(store, {f"o{i}": f"Клиент-сервис {i}" for i in range(20)}, kind="organization")  # another section
    store.load_snapshot([(f"c{i:05d}", "contact", [["_deleted", True, 10 ** 6, "d", f"del{i}", "u"]])
                         for i in range(0, 40, 4)])  # deleted ones are not listed
    # most records: the first page walks the title order; a third: its matches are gathered first
    assert store._walk_pays(fts_query("клиент", store._word_query) or "", 50)
    assert not store._walk_pays(fts_query("омск", store._word_query) or "", 50)
    for typed in ("клиент", "тверь", "клиент тверь", "омск"):
        expected = _by_prefix(store, typed)
        assert len(expected) > FEW_MATCHES  # the common-word way
        store._filter_cache.clear()
        first = [r.id for r in store.records("contact", search=typed, limit=50)]
        assert first == expected[:50]
        assert store.count("contact", search=typed, upto=1000) == 1000
        before = store._version()
        assert store.count("contact", search=typed) == len(expected)
        assert store._version() == before  # gathering the matches is scratch work, not a change of the data
        assert [r.id for r in store.records("contact", search=typed, limit=50, offset=2000)] == expected[2000:2050]
        assert [r.id for r in store.records("contact", search=typed, limit=50, offset=960)] == expected[960:1010]
