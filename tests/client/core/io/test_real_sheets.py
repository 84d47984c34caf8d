"""Spreadsheets and CSV files nobody here wrote (tests/data/real/bank and sheets, sources in SOURCES.md there):
Russian banks' statement exports become payments, workbooks read alike in every format, and broken or locked
files are refused with what to do, in the user's language."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from client.core import i18n
from client.core.io.readers import read_calamine
from tests.client.core.io.test_messy_sheets import listed, run

REAL = Path(__file__).parents[3] / "data" / "real"
BANK = REAL / "bank"
SHEETS = REAL / "sheets"


def payments(pc: Path) -> list[dict]:
    return sorted(listed(pc, "payment"), key=lambda p: (p.get("date") or "", str(p.get("amount"))))


def test_alfa_bank_cp1251_with_two_digit_years_and_long_account_numbers(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    code, text = run(pc, "import", str(BANK / "ofxstatement-russian_alfabank.csv"), "--kind", "payment",
                     "--new-fields")
    assert code == 0 and "3 records were added" in text and "0 rows could not be imported" in text, text
    assert "Дата операции → Date" in text and "Описание операции → Note" in text
    rows = payments(pc)
    assert [p["date"] for p in rows] == ["2017-05-03", "2017-05-03", "2017-05-31"]  # 31.05.17
    salary = rows[-1]
    assert salary["prihod"] == 33123.56 and salary["rashod"] == 0  # "33123,56"
    assert salary["note"].startswith("{VO11111} Перечисление ден. средств")
    # A 20-digit account stays as written: before, Python's ISO reader made it the date 1111-11-11.
    assert {p["nomer_scheta"] for p in rows} == {"11111111111111111111"}


def test_sberbank_utf8_bom_the_account_currency_sum_is_the_amount(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    code, text = run(pc, "import", str(BANK / "ofxstatement-russian_sberbank.csv"), "--kind", "payment",
                     "--new-fields")
    assert code == 0 and "11 records were added" in text, text
    assert "Сумма в валюте счета → Amount" in text and "Дата совершения операции → Date" in text
    rows = payments(pc)
    assert len(rows) == 11 and all(isinstance(p.get("amount"), (int, float)) for p in rows)
    atm = next(p for p in rows if p["note"].startswith("ATM"))
    assert atm["amount"] == -3100 and atm["date"] == "2019-10-21"
    assert any(p["amount"] == 9.01 for p in rows)  # "9,01"


def test_vtb_statement_below_its_period_and_balance_tables(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    code, text = run(pc, "import", str(BANK / "ofxstatement-russian_vtb.csv"), "--kind", "payment", "--new-fields")
    assert code == 0 and "header on row 12" in text and "4 records were added" in text, text
    # two sums: in the operation's currency (euros here) and in the account's; the account's one is the amount
    assert "Сумма пересчитанная в валюту счета → Amount" in text and "Основание → Note" in text
    rows = payments(pc)
    euro = next(p for p in rows if p["note"] == "Карта *1234 payee1")
    assert euro["amount"] == -336.15 and euro["summa_operacii"] == -4.5 and euro["date"] == "2019-07-06"
    # Excel's "keep as text" apostrophe is not part of the card number
    assert {p["nomer_karty_scheta_dogovora"] for p in rows} == {"462235******7428"}
    assert not any("82 604" in str(v) for p in rows for v in p.values())  # the balance table above is not a row


def test_the_same_cells_read_alike_from_xlsx_xls_and_ods() -> None:
    first = {}
    for ext in ("xlsx", "xls", "ods"):
        table = next(t for t in read_calamine(SHEETS / f"python-calamine_base.{ext}") if t.name == "Sheet1")
        first[ext] = table.headers[:7]  # a one-row sheet: its row is read as the header
    expected = ["String", "1", "1.1", "True", "False", "2010-10-10", "2010-10-10 10:10:10"]
    assert first == {"xlsx": expected, "xls": expected, "ods": expected}
    # the typed cells under the texts: what an import puts in number, yes/no and date fields
    from python_calamine import CalamineWorkbook
    row = CalamineWorkbook.from_path(str(SHEETS / "python-calamine_base.ods")).get_sheet_by_name(
        "Sheet1").to_python()[-1]
    assert row[1:7] == [1.0, 1.1, True, False, date(2010, 10, 10), datetime(2010, 10, 10, 10, 10, 10)]


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods"])
def test_a_password_protected_workbook_is_refused_with_what_to_do(tmp_path: Path, ext: str, monkeypatch) -> None:
    pc = tmp_path / "pc"
    monkeypatch.setenv("ORGANIZER_LANG", "ru")  # a Russian system
    try:
        code, text = run(pc, "import", str(SHEETS / f"python-calamine_password.{ext}"))
    finally:
        i18n.set_language("en")
    assert code != 0
    assert f"не удалось прочитать python-calamine_password.{ext}: файл защищён паролем" in text
    assert "снимите пароль" in text and "Traceback" not in text
    assert listed(pc, "contact") == []


def test_an_empty_file_and_a_workbook_under_a_csv_name(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    code, text = run(pc, "import", str(SHEETS / "python-calamine_empty_file.xlsx"))
    assert code != 0 and "the file is empty (0 bytes)" in text, text
    blank = tmp_path / "пусто.csv"
    blank.write_bytes(b"\r\n  \r\n")
    code, text = run(pc, "import", str(blank))
    assert code != 0 and "the file is empty: there is nothing to import" in text, text
    # A workbook someone saved as "товары.csv": read as the workbook it is, each sheet offered.
    renamed = tmp_path / "товары.csv"
    shutil.copy(SHEETS / "python-calamine_table-multiple.xlsx", renamed)
    code, text = run(pc, "import", str(renamed), "--kind", "product", "--sheet", "Sheet2", "--map", "Item=name",
                     "--map", "Price=price")
    assert code == 0 and "4 records were added" in text, text
    assert sorted(p["price"] for p in listed(pc, "product")) == [0.45, 0.55, 0.75, 0.85]
    # Sheet3 holds two tables, the second under its own copy of the header: that row is no record
    code, text = run(pc, "import", str(renamed), "--kind", "note", "--sheet", "Sheet3", "--map", "Item=title",
                     "--new-fields")
    assert code == 0 and "1 rows repeating the header skipped (rows 7)" in text, text
    assert "4 records were added, 0 updated, 4 duplicates skipped, 0 rows could not be imported" in text  # same Items
    assert sorted(n["units"] for n in listed(pc, "note")) == [50, 200, 500, 1000]
