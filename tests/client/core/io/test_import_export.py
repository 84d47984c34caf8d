"""Import real messy files made here, check every value that lands and every reported row; undo; round trips."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from client import cli


def run(profile: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--profile", str(profile), *args], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def contacts(profile: Path) -> dict[str, dict]:
    out = io.StringIO()
    assert cli.main(["--profile", str(profile), "list", "contact", "--json"], out=out) == 0
    return {r["fields"]["name"]: r["fields"] for r in json.loads(out.getvalue())}


def orgs(profile: Path) -> dict[str, str]:
    out = io.StringIO()
    assert cli.main(["--profile", str(profile), "list", "organization", "--json"], out=out) == 0
    return {r["id"]: r["fields"]["name"] for r in json.loads(out.getvalue())}


CSV_CP1251 = (
    "Клиенты на 22.11.2026;;;;;;\r\n"
    ";;;;;;\r\n"
    "ФИО;Телефон;Эл. почта;Город;Организация;Дата рождения;Примечание\r\n"
    "Иванов Пётр;8 (916) 111-22-33;Petr@Example.RU ;Москва;ООО «Ромашка»;22.11.1980;постоянный\r\n"
    "Смирнова Ольга;+79162223344;olga@example.ru;Тверь;ООО «Ромашка»;1985-03-01;\r\n"
    ";;;;;;\r\n"
    "Кузнецов Андрей;916 333 44 55;andrey@example.ru;Казань;АО Север;31.02.2020;дата неверна\r\n"
    "Иванов П.;+7 916 111 22 33;petr@example.ru;Москва;;;дубль по почте\r\n"
    "Попова Мария;;;Омск;;;=HYPERLINK(\"http://evil\")\r\n"
)


def test_cp1251_semicolon_csv_with_russian_headers(tmp_path: Path) -> None:
    src = tmp_path / "клиенты.csv"
    src.write_bytes(CSV_CP1251.encode("cp1251"))
    code, text = run(tmp_path / "pc", "import", str(src), "--kind", "contact")
    assert code == 0, text
    assert "header on row 3" in text and "4 records were added, 0 updated, 1 duplicates skipped" in text
    # One bad cell does not cost the row: the row is in, the value is left out, kept in the note and reported.
    assert "row 7, Дата рождения: left out (kept in the note): not a date" in text  # the file row and column
    got = contacts(tmp_path / "pc")
    assert set(got) == {"Иванов Пётр", "Смирнова Ольга", "Попова Мария", "Кузнецов Андрей"}
    assert "birthday" not in got["Кузнецов Андрей"]
    assert got["Кузнецов Андрей"]["note"] == "дата неверна\nДата рождения: 31.02.2020"
    petr = got["Иванов Пётр"]
    assert petr["phone"] == "+7 916 111-22-33" and petr["email"] == "petr@example.ru"
    assert petr["birthday"] == "1980-11-22" and petr["city"] == "Москва" and petr["note"] == "постоянный"
    assert got["Смирнова Ольга"]["phone"] == "+7 916 222-33-44" and got["Смирнова Ольга"]["birthday"] == "1985-03-01"
    assert got["Попова Мария"]["note"] == '=HYPERLINK("http://evil")'  # stored as text, never run
    names = orgs(tmp_path / "pc")
    assert sorted(names.values()) == ["АО Север", "ООО «Ромашка»"]  # each found or created once
    assert petr["organization"] in names and got["Смирнова Ольга"]["organization"] == petr["organization"]
    report = tmp_path / "клиенты.not-imported.xlsx"
    from openpyxl import load_workbook
    book = load_workbook(report)
    assert list(book["Not imported"].iter_rows(values_only=True))[1:] == []  # no row refused; the duplicate
    left = list(book["Values left out"].iter_rows(values_only=True))  # is counted, not an error
    assert left[1][:3] == (7, "Дата рождения", "31.02.2020") and "not a date" in left[1][3] and left[1][4] == "yes"


def test_update_mode_and_dry_run_and_undo(tmp_path: Path) -> None:
    src = tmp_path / "c.csv"
    src.write_bytes(CSV_CP1251.encode("cp1251"))
    pc = tmp_path / "pc"
    code, text = run(pc, "import", str(src), "--dry-run")
    assert code == 0 and "4 records would be added" in text and contacts(pc) == {}
    assert run(pc, "import", str(src))[0] == 0
    changed = CSV_CP1251.replace(";Москва;ООО «Ромашка»;22.11.1980;постоянный", ";Тула;ООО «Ромашка»;22.11.1980;vip")
    changed = "\r\n".join(line for line in changed.split("\r\n") if "дубль" not in line)
    src.write_bytes(changed.encode("cp1251"))
    code, text = run(pc, "import", str(src), "--on-duplicate", "update")
    assert code == 0 and "0 records were added, 4 updated" in text
    assert contacts(pc)["Иванов Пётр"]["city"] == "Тула"
    code, text = run(pc, "import", "--undo")
    assert code == 0 and "undid" in text
    assert contacts(pc)["Иванов Пётр"]["city"] == "Москва"  # the update is undone, earlier values back
    assert run(pc, "import", "--undo")[0] == 0
    assert contacts(pc) == {}  # and the first import too: nothing half-done left


def _xlsx_with_everything(path: Path) -> None:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Свод"
    wb.create_sheet("Пустой")
    ws["A1"] = "Список клиентов отдела продаж"
    ws.merge_cells("A1:F1")
    ws["A3"] = "Город"
    ws.merge_cells("A3:A4")            # a header merged over two rows
    ws["B3"] = "Контакт"
    ws.merge_cells("B3:C3")            # a group title over two columns
    ws["B4"], ws["C4"] = "ФИО", "Телефон"
    ws["D3"], ws["E3"], ws["F3"] = "Дата рождения", "ИНН", "Примечание"
    ws.merge_cells("D3:D4")
    ws.merge_cells("E3:E4")
    ws.merge_cells("F3:F4")
    ws.append(["Москва", "Алексеев Борис", 79161234567, date(1970, 1, 2), "7701234567", "=2+3"])
    ws.append([None, None, None, None, None, None])
    ws.append(["Тверь", "Белова Вера", "8-916-765-43-21", 29000, None, "обычный"])
    ws.append(["Казань", "Голубев Глеб", "+7 (843) 200-00-00", "05.06.1990", None, None])
    wb.save(path)
    # openpyxl writes formulas without results; Excel stores the last result too: add it, as Excel would.
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    sheet = files["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("<f>2+3</f><v></v>", "<f>2+3</f><v>5</v>").replace("<f>2+3</f><v/>", "<f>2+3</f><v>5</v>")
    assert "<v>5</v>" in sheet
    files["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)


def test_xlsx_with_title_merged_headers_blank_rows_formulas_serial_dates(tmp_path: Path) -> None:
    src = tmp_path / "клиенты.xlsx"
    _xlsx_with_everything(src)
    code, text = run(tmp_path / "pc", "import", str(src))
    assert code == 0, text
    assert "sheet 'Свод', header on row 4, 3 rows" in text and "3 records were added" in text
    got = contacts(tmp_path / "pc")
    a = got["Алексеев Борис"]
    assert a["city"] == "Москва" and a["phone"] == "+7 916 123-45-67" and a["birthday"] == "1970-01-02"
    assert a["note"] == "5"  # the formula's result, not its text
    assert "tax_id" not in a  # contacts have no ИНН field: reported as not imported, not silently lost
    assert "not imported (no matching field; use --map, or --new-fields): ИНН" in text
    assert got["Белова Вера"]["birthday"] == "1979-05-25" and got["Белова Вера"]["phone"] == "+7 916 765-43-21"
    assert got["Голубев Глеб"]["birthday"] == "1990-06-05" and got["Голубев Глеб"]["phone"] == "+7 843 200-00-00"


def test_ods_and_explicit_mapping(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    t = Table(name="Организации")
    for row in [["Название", "ИНН", "Сайт", "Менеджер ответственный"],
                ["ООО Вектор", "7712345678", "vector.ru", "olga"], ["ЗАО Луч", "7812345678", "", "ivan"]]:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        t.addElement(tr)
    doc.spreadsheet.addElement(t)
    src = tmp_path / "orgs.ods"
    doc.save(str(src))
    code, text = run(tmp_path / "pc", "import", str(src), "--kind", "Организации",
                     "--map", "Менеджер ответственный=manager")
    assert code == 0, text
    out = io.StringIO()
    cli.main(["--profile", str(tmp_path / "pc"), "list", "organization", "--json"], out=out)
    got = {r["fields"]["name"]: r["fields"] for r in json.loads(out.getvalue())}
    assert got["ООО Вектор"] == {"name": "ООО Вектор", "tax_id": "7712345678", "website": "vector.ru",
                                 "manager": "olga"}
    assert got["ЗАО Луч"]["manager"] == "ivan"


def test_broken_files_get_a_clear_message_and_change_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not really a workbook")
    code, text = run(tmp_path / "pc", "import", str(bad))
    assert code == 6 and "cannot read broken.xlsx" in text
    code, text = run(tmp_path / "pc", "import", str(tmp_path / "missing.csv"))
    assert code == 6 and "no such file" in text
    weird = tmp_path / "x.pdf"
    weird.write_bytes(b"%PDF")
    code, text = run(tmp_path / "pc", "import", str(weird))
    assert code == 6 and "cannot read .pdf files" in text
    assert contacts(tmp_path / "pc") == {}


@pytest.mark.parametrize("ext, options", [("xlsx", []), ("csv", []), ("csv", ["--encoding", "cp1251"]),
                                          ("txt", [])])
def test_export_then_import_loses_nothing(tmp_path: Path, ext: str, options: list[str]) -> None:
    src = tmp_path / "c.csv"
    src.write_bytes(CSV_CP1251.encode("cp1251"))
    a = tmp_path / "a"
    assert run(a, "import", str(src))[0] == 0
    before = contacts(a)
    out = tmp_path / f"export.{ext}"
    code, text = run(a, "export", "contact", str(out), *options)
    assert code == 0 and "exported 4 records" in text
    b = tmp_path / "b"
    code, text = run(b, "import", str(out))
    assert code == 0 and "4 records were added" in text, text
    after = contacts(b)
    assert set(after) == set(before)
    for name, fields in before.items():
        org = fields.pop("organization", None)
        other = after[name].pop("organization", None)
        assert (org is None) == (other is None)
        assert after[name] == fields, name


def test_export_formats_and_formula_guard(tmp_path: Path) -> None:
    src = tmp_path / "c.csv"
    src.write_bytes(CSV_CP1251.encode("cp1251"))
    a = tmp_path / "a"
    run(a, "import", str(src))
    for ext in ("xlsx", "csv", "html", "docx", "txt"):
        assert run(a, "export", "contact", str(tmp_path / f"e.{ext}"), "--lang", "ru")[0] == 0
    csv_text = (tmp_path / "e.csv").read_text(encoding="utf-8-sig")
    # Russian Excel: ";" and a BOM; the formula guard for a real formula, none on a phone number.
    assert "'=HYPERLINK" in csv_text and csv_text.splitlines()[0].startswith("ФИО;")
    assert "+7 " in csv_text and "'+7" not in csv_text
    from openpyxl import load_workbook
    ws = load_workbook(tmp_path / "e.xlsx").active
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert cells['=HYPERLINK("http://evil")'].data_type == "s"  # text, not a formula
    assert any(isinstance(c.value, datetime) for c in cells.values())  # dates are real dates
    assert "ООО «Ромашка»" in (tmp_path / "e.html").read_text(encoding="utf-8")
    from docx import Document
    table = Document(str(tmp_path / "e.docx")).tables[0]
    assert table.rows[0].cells[0].text == "ФИО" and len(table.rows) == 5



def test_new_records_get_the_importing_user_as_manager_unless_the_file_names_one(tmp_path: Path) -> None:
    from client.core.replica import Replica
    pc = tmp_path / "pc"
    replica = Replica(pc)
    replica.set_meta("user", "olga")  # who this PC is logged in as
    replica.close()
    no_column = tmp_path / "no-manager.csv"
    no_column.write_text("ФИО;Телефон\nСмирнова Ольга;+7 916 222-33-44\n", encoding="utf-8")
    with_column = tmp_path / "with-manager.csv"
    with_column.write_text("ФИО;Телефон;Менеджер\nКузнецов Андрей;+7 916 333-44-55;ivan\n"
                           "Иванов Пётр;+7 916 111-22-33;\n", encoding="utf-8")
    code, text = run(pc, "import", str(no_column), "--kind", "contact")
    assert code == 0 and "1 records were added" in text, text
    code, text = run(pc, "import", str(with_column), "--kind", "contact")
    assert code == 0 and "2 records were added" in text, text
    got = contacts(pc)
    assert got["Смирнова Ольга"]["manager"] == "olga"   # no such column: the one who imported
    assert got["Кузнецов Андрей"]["manager"] == "ivan"  # the file's manager is kept
    assert got["Иванов Пётр"]["manager"] == "olga"      # the column's empty cell: the one who imported, too
    # A record the import updates keeps its manager: the same contact again, with no manager column.
    again = tmp_path / "again.csv"
    again.write_text("ФИО;Телефон;Город\nКузнецов Андрей;+7 916 333-44-55;Казань\n", encoding="utf-8")
    code, text = run(pc, "import", str(again), "--kind", "contact", "--on-duplicate", "update")
    assert code == 0 and "1 updated" in text, text
    assert contacts(pc)["Кузнецов Андрей"] == {**got["Кузнецов Андрей"], "city": "Казань"}


def test_a_csv_cell_guarded_by_our_export_is_imported_as_typed_and_a_file_without_apostrophes_as_it_is(
        tmp_path: Path) -> None:
    guarded = tmp_path / "guarded.csv"
    guarded.write_text("ФИО;Телефон;Комментарий\nИванов;8 916 111-22-33;'=1+2\nПетров;;'=O'Brien\nСидоров;;'Ромашка'\n",
                       encoding="utf-8")
    code, text = run(tmp_path / "a", "import", str(guarded))
    assert code == 0 and "3 records were added" in text, text
    notes = {name: fields.get("note") for name, fields in contacts(tmp_path / "a").items()}
    assert notes == {"Иванов": "=1+2", "Петров": "=O'Brien", "Сидоров": "'Ромашка'"}
    plain = tmp_path / "plain.csv"  # no apostrophe anywhere; a short row ends early
    plain.write_text("ФИО;Телефон;Город\nИванов;8 916 111-22-33;Тверь\nПетров;+7 916 222-33-44\n", encoding="utf-8")
    code, text = run(tmp_path / "b", "import", str(plain))
    assert code == 0 and "2 records were added" in text, text
    got = contacts(tmp_path / "b")
    assert got["Иванов"]["phone"] == "+7 916 111-22-33" and got["Иванов"]["city"] == "Тверь"
    assert got["Петров"]["phone"] == "+7 916 222-33-44" and "city" not in got["Петров"]


def test_a_staff_list_on_one_switchboard_number_imports_everyone_and_a_person_is_still_known_by_phone(
        tmp_path: Path) -> None:
    """An office's switchboard number is every colleague's phone: different people on it are different records
    (before, the first took the number and the other 999 were skipped as her duplicates). The same person is still
    found by phone under a name that agrees, or with no name on one side."""
    staff = tmp_path / "staff.csv"
    names = [f"{surname} {i}" for i, surname in zip(range(1000), ["Иванов", "Петрова", "Сидоров", "Кузнецова"] * 250)]
    staff.write_bytes(("ФИО;Телефон;Город\r\n" + "".join(f"{name};+7 (495) 100-20-30;Москва\r\n" for name in names))
                      .encode("cp1251"))
    pc = tmp_path / "pc"
    code, text = run(pc, "import", str(staff))
    assert code == 0 and "1000 records were added" in text, text
    assert sorted(contacts(pc)) == sorted(names)

    again = tmp_path / "again.csv"  # the same people again, typed another way: found, not added
    again.write_text("ФИО;Телефон;Город\nИванов 0;8 495 100 20 30;Тверь\nиванов  0;84951002030;Тула\n"
                     ";+7 495 100-20-30;Омск\n", encoding="utf-8")
    code, text = run(pc, "import", str(again), "--on-duplicate", "update")
    assert code == 0 and "3 updated" in text, text
    assert len(contacts(pc)) == 1000
    code, text = run(pc, "import", str(again))
    assert code == 0 and "0 records were added" in text, text

    nameless = tmp_path / "nameless.csv"  # a record with the number and no name is the person a named row is
    nameless.write_text("Телефон;Город\n+7 916 555-00-11;Казань\n", encoding="utf-8")
    assert run(pc, "import", str(nameless), "--kind", "contact")[0] == 0
    named = tmp_path / "named.csv"
    named.write_text("ФИО;Телефон\nЁлкин Пётр;8 916 555 00 11\nДругой Человек;+7 495 100-20-31\n", encoding="utf-8")
    code, text = run(pc, "import", str(named), "--on-duplicate", "update")
    assert code == 0 and "1 records were added" in text and "1 updated" in text, text


def test_a_manager_column_naming_colleagues_stores_their_logins_and_keeps_a_name_nobody_has(tmp_path: Path) -> None:
    """The lists show «Ольга Смирнова» for olga, so a spreadsheet says it that way too: the import stores the login
    (the records are hers: her rights, her filters), whatever the case, a former colleague's too; a login stays a
    login and a name no colleague has is kept as typed, not lost."""
    from client.core.replica import Replica
    pc = tmp_path / "pc"
    replica = Replica(pc)
    replica.set_metas({"user": "admin", "colleagues": [
        {"name": "olga", "full_name": "Ольга Смирнова"}, {"name": "sveta", "full_name": "Светлана Кузнецова"},
        {"name": "petr", "full_name": "Пётр Волков", "former": True}]})
    replica.close()
    sheet = tmp_path / "clients.csv"
    sheet.write_text("ФИО;Телефон;Менеджер\n"
                     "Клиент 1;+7 916 000-00-01;Ольга Смирнова\n"
                     "Клиент 2;+7 916 000-00-02;  светлана кузнецова \n"
                     "Клиент 3;+7 916 000-00-03;sveta\n"
                     "Клиент 4;+7 916 000-00-04;Пётр Волков\n"
                     "Клиент 5;+7 916 000-00-05;Иван Новый\n", encoding="utf-8")
    code, text = run(pc, "import", str(sheet), "--kind", "contact")
    assert code == 0 and "5 records were added" in text, text
    assert {name: fields["manager"] for name, fields in contacts(pc).items()} == {
        "Клиент 1": "olga", "Клиент 2": "sveta", "Клиент 3": "sveta", "Клиент 4": "petr", "Клиент 5": "Иван Новый"}
