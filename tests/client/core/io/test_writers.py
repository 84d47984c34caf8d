"""Exports as files: each format written and read back with its own reader; columns named by key or label;
a cell that would run as a formula in Excel is written as text, a phone number is not touched."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from client.core.io.writers import guard, write_csv, write_docx, write_html, write_xlsx
from lan_server.records import Record, Schema

PEOPLE = [Record(id="a", kind="contact", fields={"name": "Анна", "phone": "+7 916 000-00-01", "city": "Тверь"}),
          Record(id="b", kind="contact", fields={"name": "=HYPERLINK(\"x\")", "city": "Омск"})]


def test_each_format_holds_the_records_in_the_columns_asked_for(tmp_path: Path) -> None:
    kd = Schema.builtin().kind("contact")
    fields = ["name", "Телефон", "city"]  # a key, a Russian label, a key
    assert write_xlsx(tmp_path / "c.xlsx", kd, PEOPLE, fields=fields, lang="ru") == 2
    from openpyxl import load_workbook
    sheet = load_workbook(tmp_path / "c.xlsx").active
    assert [c.value for c in sheet[2]] == ["Анна", "+7 916 000-00-01", "Тверь"]
    assert sheet["A3"].value == '=HYPERLINK("x")' and sheet["A3"].data_type == "s"  # text, never a live formula

    assert write_csv(tmp_path / "c.csv", kd, PEOPLE, fields=fields, lang="ru") == 2
    with open(tmp_path / "c.csv", encoding="utf-8-sig", newline="") as f:
        lines = list(csv.reader(f, delimiter=";")) if ";" in (tmp_path / "c.csv").read_text("utf-8-sig") \
            else list(csv.reader(f))
    assert lines[1] == ["Анна", "+7 916 000-00-01", "Тверь"]

    assert write_html(tmp_path / "c.html", kd, PEOPLE, fields=fields, lang="ru") == 2
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "Анна" in page and "&quot;x&quot;" in page and "<script" not in page

    assert write_docx(tmp_path / "c.docx", kd, PEOPLE, fields=fields, lang="ru") == 2
    from docx import Document
    table = Document(str(tmp_path / "c.docx")).tables[0]
    assert [c.text for c in table.rows[1].cells] == ["Анна", "+7 916 000-00-01", "Тверь"]

    with pytest.raises(ValueError, match="shoe"):
        write_csv(tmp_path / "bad.csv", kd, PEOPLE, fields=["shoe_size"])


def test_formula_guard() -> None:
    assert guard("=1+2") == "'=1+2" and guard("@cmd") == "'@cmd" and guard("-x") == "'-x"
    assert guard("+7 916 000-00-01") == "+7 916 000-00-01" and guard("-5") == "-5" and guard("Тверь") == "Тверь"
