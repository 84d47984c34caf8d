"""The header row of a messy sheet: under a title and blank rows, merged over two rows, empty columns left out."""

from __future__ import annotations

from client.core.io.header import find_header


def test_the_header_is_found_under_a_title_and_blank_rows() -> None:
    rows = [["Список клиентов на 01.11.2026", "", ""], ["", "", ""],
            ["ФИО", "Телефон", "Город", ""], ["Анна", "8 916 000-00-00", "Тверь", ""], ["", "", "", ""],
            ["Борис", "", "Омск", ""]]
    table = find_header("Лист1", rows)
    assert table.header_row == 3 and table.headers == ["ФИО", "Телефон", "Город"]
    assert table.rows == [["Анна", "8 916 000-00-00", "Тверь"], ["Борис", "", "Омск"]]
    assert table.row_numbers == [4, 6]  # file rows, for the report; the blank row is skipped


def test_an_empty_sheet_has_no_rows() -> None:
    table = find_header("Пусто", [])
    assert table.headers == [] and table.rows == []
