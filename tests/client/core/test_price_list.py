"""Price lists from the catalog: grouped by category under the office's name, chosen columns, exact prices,
as Excel and Word, from the command line; and a print form made by the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from client.core import price_list
from client.core.replica import Replica
from lan_server.records.schema import REQUISITES_ID
from tests.documents import docx_text
from tests.servers import client


def catalog(replica: Replica) -> None:
    replica.add("requisites", {"name": "ООО «Ромашка»"}, rec_id=REQUISITES_ID)
    replica.add("product", {"name": "Бумага А4", "unit": "пачка", "price": 420.5, "category": "goods"})
    replica.add("product", {"name": "Выезд мастера", "unit": "выезд", "price": 1500, "category": "services"})
    replica.add("product", {"name": "Картридж", "unit": "шт", "price": 3900, "vat": 20, "category": "goods"})


def test_price_list_as_excel_and_word_grouped_by_category(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        catalog(replica)
        assert price_list.write(replica, tmp_path / "all.xlsx") == 3
        ws = load_workbook(tmp_path / "all.xlsx").active
        rows = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
        assert rows[0][0].startswith("Прайс-лист ООО «Ромашка» на ")
        assert rows[2] == ["Наименование", "Ед. изм.", "Цена"]
        assert rows[3:] == [["Товары"], ["Бумага А4", "пачка", 420.5], ["Картридж", "шт", 3900],
                            ["Услуги"], ["Выезд мастера", "выезд", 1500]]
        assert ws.cell(5, 3).number_format == "#,##0.00"

        assert price_list.write(replica, tmp_path / "services.docx", category="services",
                                columns=["name", "price", "vat"]) == 1
        table = Document(str(tmp_path / "services.docx")).tables[0]
        assert [[c.text for c in row.cells] for row in table.rows] == [
            ["Наименование", "Цена", "НДС, %"], ["Услуги", "Услуги", "Услуги"], ["Выезд мастера", "1\u00a0500,00", ""]]
        with pytest.raises(ValueError, match="xlsx, docx, pdf"):
            price_list.write(replica, tmp_path / "list.odt")
        with pytest.raises(ValueError, match="column"):
            price_list.write(replica, tmp_path / "none.xlsx", columns=["nothing"])
        assert not (tmp_path / "list.odt").exists() and not (tmp_path / "none.xlsx").exists()
    finally:
        replica.close()


def test_price_list_and_a_print_form_from_the_command_line(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        catalog(replica)
        org = replica.add("organization", {"name": "ООО «Лютик»"})
        inv = replica.add("invoice", {"number": "12", "date": "2026-11-22", "organization": org})
        replica.add("invoice_line", {"invoice": inv, "description": "Бумага А4", "qty": 10, "price": 420.5})
    finally:
        replica.close()
    r = client(tmp_path / "pc", "price-list", str(tmp_path / "goods.xlsx"), "--category", "Товары")
    assert r.returncode == 0, r.stderr
    assert "2 goods and services" in r.stdout
    r = client(tmp_path / "pc", "document", "invoice", inv, "--out", str(tmp_path / "bill.docx"))
    assert r.returncode == 0, r.stderr
    text = docx_text(tmp_path / "bill.docx")
    assert "Счёт на оплату № 12 от 22.11.2026" in text and "Четыре тысячи двести пять рублей 00 копеек" in text
    r = client(tmp_path / "pc", "document", "contract", inv)
    assert r.returncode == 6 and "contract" in r.stderr
    r = client(tmp_path / "pc", "price-list", str(tmp_path / "x.xlsx"), "--category", "Мебель")
    assert r.returncode == 6 and "Мебель" in r.stderr
