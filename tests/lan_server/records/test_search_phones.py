"""Quick search finds a phone however it is typed: with 8 or +7, with or without spaces and dashes, or a part."""

from __future__ import annotations

from pathlib import Path

import pytest

from lan_server.records import Store
from lan_server.records.hlc import Clock
from lan_server.records.ops import ops_for_fields


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "pc.db")
    clock = Clock()
    for rec, name, phone in (("a", "Иванов", "+7 900 123-45-67"), ("b", "Петров", "+7 495 765-43-21"),
                             ("c", "Смит", "+44 20 7946 0958")):
        s.apply(ops_for_fields(rec, "contact", {"name": name, "phone": phone}, clock_now=clock.now, dev="d",
                               user="u"))
    yield s
    s.close()


@pytest.mark.parametrize("typed", ["89001234567", "+7 900 123-45-67", "900 123", "8 900 123", "8 (900) 123-45",
                                   "9001234567", "79001234567", "+79001234567", "123-45-67", "Иванов"])
def test_a_phone_typed_any_way_finds_its_record(store: Store, typed: str) -> None:
    assert [r.id for r in store.records("contact", search=typed)] == ["a"], typed


def test_numbers_that_are_not_there_find_nothing_and_other_countries_keep_their_code(store: Store) -> None:
    assert store.records("contact", search="89009999999") == []
    assert [r.id for r in store.records("contact", search="+44 20 7946")] == ["c"]
    assert [r.id for r in store.records("contact", search="2026")] == []


def test_people_are_found_by_their_organizations_name(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "orgs.db")
    clock = Clock()
    try:
        s.apply(ops_for_fields("o1", "organization", {"name": "ООО «Ромашка»"}, clock_now=clock.now, dev="d", user="u"))
        s.apply(ops_for_fields("o2", "organization", {"name": "АО «Лютик»"}, clock_now=clock.now, dev="d", user="u"))
        for rec, name, org in (("p1", "Иванов", "o1"), ("p2", "Петров", "o1"), ("p3", "Сидоров", "o2"),
                               ("p4", "Ромашкин", None)):
            s.apply(ops_for_fields(rec, "contact", {"name": name, **({"organization": org} if org else {})},
                                   clock_now=clock.now, dev="d", user="u"))
        found = lambda q: sorted(r.id for r in s.records("contact", search=q))  # noqa: E731
        assert found("ромашк") == ["p1", "p2", "p4"]  # Ромашка's people, and Ромашкин by his own name
        assert s.count("contact", search="ромашк") == 3
        assert found("лютик") == ["p3"] and found("иванов") == ["p1"]
        assert [r.id for r in s.records("organization", search="ромашк")] == ["o1"]
        # Words of the person and of the organization together: each word matches one or the other.
        assert found("ромашк иванов") == ["p1"] and found("иванов ромашк") == ["p1"]
        assert found("лютик сидор") == ["p3"] and s.count("contact", search="лютик сидор") == 1
        assert found("лютик иванов") == [] and found("ромашк петр ивано") == []
        assert found("ооо ромашк иванов") == ["p1"]  # the organization's words together, whatever their order
        assert found("иванов ооо") == ["p1"] and found("ао сидоров") == ["p3"]
    finally:
        s.close()


def test_titles_sort_the_russian_way(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "sort.db")
    clock = Clock()
    try:
        for i, name in enumerate(("Zeta Ltd", "ёлкин", "Анна", "Елена", "ангел", "2ГИС", "apple", "Ёж")):
            s.apply(ops_for_fields(f"r{i}", "contact", {"name": name}, clock_now=clock.now, dev="d", user="u"))
        assert [r.fields["name"] for r in s.records("contact")] == \
            ["2ГИС", "ангел", "Анна", "Ёж", "Елена", "ёлкин", "apple", "Zeta Ltd"]  # Ё is Е: Ёж before Елена
    finally:
        s.close()


def test_other_columns_sort_the_russian_way_numbers_as_numbers_links_by_title(tmp_path: Path) -> None:
    """A click on the City, Amount or Organization header sorts as the titles do (here: any case, Ё with Е,
    Cyrillic before Latin), numbers by value, and a linked organization by its name, not its id."""
    s = Store.open(tmp_path / "sort.db")
    clock = Clock()
    try:
        orgs = {"o1": "Яблоко", "o2": "альфа", "o3": "Бета"}
        for rec, name in orgs.items():
            s.apply(ops_for_fields(rec, "organization", {"name": name}, clock_now=clock.now, dev="d", user="u"))
        people = [("p1", "ёлки", "Москва", "o1"), ("p2", "Е", "berlin", "o2"), ("p3", "а", "Анапа", "o3"),
                  ("p4", "б", "елец", None)]
        for rec, name, city, org in people:
            fields = {"name": name, "city": city} | ({"organization": org} if org else {})
            s.apply(ops_for_fields(rec, "contact", fields, clock_now=clock.now, dev="d", user="u"))
        by = lambda key, desc=False: [r.id for r in s.records("contact", order=key, descending=desc)]  # noqa: E731
        assert by("city") == ["p3", "p4", "p1", "p2"]  # Анапа, елец, Москва, berlin (was berlin first, елец last)
        assert by("organization") == ["p4", "p2", "p3", "p1"]  # none, альфа, Бета, Яблоко (by id: o1 first)
        assert by("organization", True) == ["p1", "p3", "p2", "p4"]
        for i, amount in enumerate((1000, 20, 300)):
            s.apply(ops_for_fields(f"d{i}", "deal", {"title": f"сделка {i}", "amount": amount},
                                   clock_now=clock.now, dev="d", user="u"))
        assert [r.fields["amount"] for r in s.records("deal", order="amount")] == [20, 300, 1000]
    finally:
        s.close()


def test_an_organizations_name_finds_its_people_through_the_links_index(tmp_path: Path) -> None:
    """"ромашка" lists Ромашка's people, gathered by the index of the contacts' organization link, not by
    reading every contact; a person's own words still count, and the page and its count agree."""
    s = Store.open(tmp_path / "pc.db")
    try:
        s.index_links()
        clock = Clock()
        s.apply(ops_for_fields("org", "organization", {"name": "ООО Ромашка"}, clock_now=clock.now, dev="d", user="u"))
        for rec, name, org in (("a", "Иванов", "org"), ("b", "Петров", "org"), ("c", "Ромашка Анна", None),
                               ("d", "Смит", None)):
            fields = {"name": name, **({"organization": org} if org else {})}
            s.apply(ops_for_fields(rec, "contact", fields, clock_now=clock.now, dev="d", user="u"))
        assert [r.id for r in s.records("contact", search="ромашка")] == ["a", "b", "c"]
        assert s.count("contact", search="ромашка") == 3
        source, clause, params, _common = s._filter("contact", "ромашка", None, False)
        plan = " ".join(str(row) for row in s.execute(f"EXPLAIN QUERY PLAN SELECT r.id FROM {source} WHERE {clause}",
                                                      params).fetchall())
        assert "records_link_contact_organization" in plan and "SCAN r" not in plan
    finally:
        s.close()
