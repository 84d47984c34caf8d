"""Columns to fields, and which sheet of a workbook to import: one rule for the window and the command."""

from __future__ import annotations

from client.core.io.mapping import auto_map, best_table
from client.core.io.table import Table
from lan_server.records import Schema


def test_headers_name_fields_by_key_or_label_each_field_once() -> None:
    schema = Schema.builtin()
    mapping = auto_map(["ФИО", "Телефон", "e-mail", "Город", "Телефон", "Что-то своё"], schema, "contact")
    assert mapping[0] == "name" and mapping[1] == "phone" and mapping[3] == "city"
    assert 4 not in mapping and 5 not in mapping  # the second "Телефон" and an unknown column fill nothing
    assert list(mapping.values()).count("phone") == 1


def test_the_sheet_that_names_most_fields_is_chosen_then_the_longest() -> None:
    schema = Schema.builtin()
    cover = Table("Обложка", ["Отчёт"], [["за ноябрь"]] * 50)
    people = Table("Клиенты", ["ФИО", "Телефон", "Город"], [["Анна", "1", "Тверь"]])
    more = Table("Клиенты 2", ["ФИО", "Телефон", "Город"], [["Борис", "2", "Омск"]] * 3)
    assert best_table([cover, people], schema, "contact") == 1
    assert best_table([cover, people, more], schema, "contact") == 2
    assert best_table([], schema, "contact") == 0
