"""Spreadsheets as offices keep them: a total row under the table, an unreadable date, the organization's ИНН,
КПП and site beside each person, columns the section has no field for; and CSV for Russian Excel."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import Workbook, load_workbook

from client import cli


def run(profile: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--profile", str(profile), *args], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def listed(profile: Path, kind: str) -> list[dict]:
    out = io.StringIO()
    cli.main(["--profile", str(profile), "list", kind, "--json"], out=out)
    return [r["fields"] for r in json.loads(out.getvalue())]


def crm_export(path: Path) -> None:
    """A contact list as a CRM or an accountant exports it."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Выгрузка клиентов на 22.11.2026"])
    ws.append([])
    ws.append(["ФИО", "Телефон", "Дата рождения", "Организация", "ИНН", "КПП", "ОГРН", "Сайт организации",
               "Источник", "Сумма закупок"])
    ws.append(["Иванов Пётр", "8 916 111-22-33", "22.11.1980", "ООО «Ромашка»", "7701234567", "770101001",
               "1027700000001", "romashka.ru", "выставка", 12000])
    ws.append(["Смирнова Ольга", "+7 916 222 33 44", "31.02.1990", "ООО «Ромашка»", "7701234567", "", "", "",
               "сайт", 3500.5])
    ws.append(["Кузнецов Андрей", "916 333-44-55", "", "АО «Север»", "7809876543", "780901001", "", "sever.spb.ru",
               "звонок", 800])
    ws.append(["Итого", "", "", "", "", "", "", "", "", "=SUM(J4:J6)"])
    ws.append(["Всего клиентов: 3"])
    wb.save(path)


def test_a_crm_export_imports_whole_rows_fills_organizations_and_skips_totals(tmp_path: Path) -> None:
    src = tmp_path / "клиенты.xlsx"
    crm_export(src)
    pc = tmp_path / "pc"
    code, text = run(pc, "import", str(src), "--new-fields")
    assert code == 0, text
    assert "3 records were added" in text and "0 rows could not be imported" in text
    assert "2 total rows skipped (rows 7, 8)" in text  # "Итого" and "Всего" are not clients
    assert "ИНН → Organization: Tax ID" in text and "КПП → Organization: KPP" in text
    assert "Сайт организации → Organization: Website" in text
    assert "Источник → Источник" in text and "Сумма закупок → Сумма закупок" in text  # new fields, by label
    assert "row 5, Дата рождения: left out (kept in the note): not a date" in text
    people = {c["name"]: c for c in listed(pc, "contact")}
    assert set(people) == {"Иванов Пётр", "Смирнова Ольга", "Кузнецов Андрей"}
    olga = people["Смирнова Ольга"]  # one bad cell did not cost her row
    assert "birthday" not in olga and olga["note"] == "Дата рождения: 31.02.1990" and olga["istochnik"] == "сайт"
    assert olga["summa_zakupok"] == 3500.5 and people["Иванов Пётр"]["birthday"] == "1980-11-22"
    orgs = {o["name"]: o for o in listed(pc, "organization")}
    assert orgs["ООО «Ромашка»"] == {"name": "ООО «Ромашка»", "tax_id": "7701234567", "kpp": "770101001",
                                     "ogrn": "1027700000001", "website": "romashka.ru"}
    assert orgs["АО «Север»"]["kpp"] == "780901001" and orgs["АО «Север»"]["website"] == "sever.spb.ru"
    report = load_workbook(tmp_path / "клиенты.not-imported.xlsx")
    left = list(report["Values left out"].iter_rows(values_only=True))
    assert left[1][:3] == (5, "Дата рождения", "31.02.1990")


def test_an_existing_organization_gets_only_what_it_lacks(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    assert run(pc, "add", "organization", "name=ООО «Ромашка»", "tax_id=7700000000")[0] == 0
    src = tmp_path / "c.xlsx"
    crm_export(src)
    assert run(pc, "import", str(src))[0] == 0
    (romashka,) = [o for o in listed(pc, "organization") if o["name"] == "ООО «Ромашка»"]
    assert romashka["tax_id"] == "7700000000" and romashka["kpp"] == "770101001"  # kept; filled in


def test_a_bank_statement_csv_with_totals_and_russian_numbers(tmp_path: Path) -> None:
    src = tmp_path / "выписка.csv"
    src.write_bytes(("Плательщик;ИНН плательщика;Телефон;Примечание\r\n"
                     "ООО «Ромашка»;7701234567;+7 495 123-45-67;оплата по счёту 15\r\n"
                     "ИП Смирнов;690123456789;8 (4822) 33-44-55;аванс\r\n"
                     "Итого за период;;;\r\n").encode("cp1251"))
    pc = tmp_path / "pc"
    code, text = run(pc, "import", str(src), "--kind", "organization", "--map", "Плательщик=name",
                     "--map", "ИНН плательщика=tax_id")
    assert code == 0 and "2 records were added" in text and "1 total rows skipped (rows 4)" in text, text
    names = {o["name"]: o for o in listed(pc, "organization")}
    assert names["ИП Смирнов"]["tax_id"] == "690123456789" and names["ИП Смирнов"]["phone"] == "+7 4822 33-44-55"


def test_csv_export_opens_in_russian_excel(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    assert run(pc, "add", "contact", "name=Иванов Пётр", "phone=+7 916 111-22-33", "note=-5 % скидка",
               "city==ГИПЕРССЫЛКА(\"x\")")[0] == 0
    assert run(pc, "export", "contact", str(tmp_path / "c.csv"), "--lang", "ru")[0] == 0
    raw = (tmp_path / "c.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    text = raw.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("ФИО;Телефон;") and ";+7 916 111-22-33;" in row  # a phone as it is, no apostrophe
    assert "'=ГИПЕРССЫЛКА" in row and "'-5 % скидка" in row  # a real formula start keeps its guard


def test_an_organization_named_without_its_quotes_is_the_one_the_office_has_and_a_new_one_is_the_importers(
        tmp_path: Path, office_server) -> None:
    pc = tmp_path / "pc"
    assert run(pc, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1")[0] == 0
    assert run(pc, "add", "organization", "name=ООО «Ромашка»")[0] == 0
    src = tmp_path / "люди.csv"
    src.write_bytes("ФИО;Организация\r\nПетров Иван;ООО Ромашка\r\nКузнецов Олег;ооо \"Ромашка\"\r\n"
                    "Сидорова Мария;ИП Сидорова\r\n".encode("cp1251"))
    code, text = run(pc, "import", str(src), "--kind", "contact")
    assert code == 0, text
    orgs = {o["name"]: o for o in listed(pc, "organization")}
    assert sorted(orgs) == ["ИП Сидорова", "ООО «Ромашка»"]  # no second Ромашка
    assert orgs["ИП Сидорова"]["manager"] == "admin"  # made by the import: the importer's, as its people are
    people = {c["name"]: c for c in listed(pc, "contact")}
    assert people["Петров Иван"]["organization"] == people["Кузнецов Олег"]["organization"]
    assert people["Петров Иван"]["organization"] != people["Сидорова Мария"]["organization"]
