"""An import reads its values a column at a time: the same values, cells left out and report as reading each cell
by itself (the per-value rule, parse_value, as imports read them before), on messy columns of every field type."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from client.core.io import importer
from client.core.io.table import Table
from client.core.replica import Replica
from client.core.values import ColumnReader, Unreadable, parse_column, parse_value
from lan_server.records.schema import FieldDef

# Cells as offices have them: repeated and unique, padded, with line breaks and tabs, unreadable, of every type a
# workbook gives (numbers, dates, booleans), and our own export's formula guard.
MESSY: dict[str, list[Any]] = {
    "text": ["Москва", " Москва ", "Москва\nСевер", "a\tb", "", "   ", None, 12, 12.0, 12.5, True,
             date(2020, 1, 2), datetime(2020, 1, 2, 3, 4), "ООО   «Ромашка»", "\xa0Тверь", "Тверь\xa0", "'=A1"],
    "phone": ["8 (916) 111-22-33", "+79161112233", "916 111 22 33", "(4822) 55-66-77", "12", "abc", "",
              "+7 495 123-45-67 доб. 12", 89161112233, 79161112233.0, None],
    "email": ["Petr@Example.RU ", "mailto:a@b.ru", "ivan@", "ivan@mail", "", None, "a@b.ru"],
    "date": ["22.11.1980", "1985-03-01", "31.02.2020", "1 марта 2001 г.", "01/02/2003", 44000, 44000.0,
             date(2001, 2, 3), datetime(2001, 2, 3, 4, 5), "завтра?", "", None, True],
    "number": ["1 234,50", "12", "1e3", "abc", 5, 5.5, "", None, "−7", True],
    "money": ["1 234,50 руб.", "12", "abc", 7, 7.25, None],
    "bool": ["да", "нет", "x", "maybe", True, False, 1, 0, "", None],
    "multiline": ["a\nb", " a ", "", None, 3],
}


def per_cell(fd: FieldDef, cells: list[Any]) -> list[Any]:
    """The per-value rule, one cell at a time, as an import read every cell before."""
    out: list[Any] = []
    for cell in cells:
        try:
            out.append(parse_value(fd, cell))
        except ValueError as e:
            out.append(Unreadable(str(e)))
    return out


def test_a_column_is_read_as_its_cells_one_by_one() -> None:
    for type_, cells in MESSY.items():
        fd = FieldDef(kind="contact", key="x", type=type_, label_en="x", label_ru="x")
        # past the cells a column learns from, and again in another order: remembered values stay right
        column = cells * 300 + list(reversed(cells)) * 10
        got, want = parse_column(fd, column), per_cell(fd, column)
        assert [(v.__class__, v) for v in got] == [(v.__class__, v) for v in want], type_
        # read a piece at a time, as an import reads it (what the column taught carries over): the same again
        reader = ColumnReader(fd)
        pieces = [v for n in range(0, len(column), 7) for v in reader(column[n:n + 7])]
        assert [(v.__class__, v) for v in pieces] == [(v.__class__, v) for v in want], type_


def _cells(n: int) -> list[list[Any]]:
    """Rows of every column type, cycling through the messy cells, each row with a name of its own."""
    rows = []
    for i in range(n):
        rows.append([f"Клиент {i:05d}", *(MESSY[t][i % len(MESSY[t])] for t in ("phone", "email", "text", "date")),
                     f"ООО «Ромашка {i % 7}»", " ИП  Иванов " if i % 11 == 0 else None])
    return rows


def _imported(replica: Replica) -> dict[str, dict[str, Any]]:
    names = {r.id: r.fields.get("name") for r in replica.records("organization")}
    return {str(r.fields["name"]): {k: (names.get(v, v) if k == "organization" else v) for k, v in r.fields.items()}
            for r in replica.records("contact")}


@pytest.mark.parametrize("block", [1000, importer.BLOCK])
def test_an_import_leaves_what_reading_each_cell_by_itself_leaves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   block: int) -> None:
    monkeypatch.setattr(importer, "BLOCK", block)  # the rows are read in blocks (of 1000: three, the last one short)
    headers = ["ФИО", "Телефон", "Эл. почта", "Город", "Дата рождения", "Организация", "Комментарий"]
    rows = _cells(2600)
    rows[5] = list(headers)  # the header again (a second table pasted below)
    rows[9] = ["Итого", None, None, None, None, None, None]
    table = Table(name="clients", headers=headers, rows=rows, header_row=1, keep_rest_in_note=True)
    mapping = {0: "name", 1: "phone", 2: "email", 3: "city", 4: "birthday", 5: "organization"}
    replica = Replica(tmp_path / "pc")
    try:
        report = importer.run_import(replica, table, "contact", mapping, region="RU")
        got = _imported(replica)
    finally:
        replica.close()

    # What the per-value rule makes of each row, with each cell it cannot read left out and kept in the note.
    schema_types = {"name": "text", "phone": "phone", "email": "email", "city": "text", "birthday": "date"}
    want: dict[str, dict[str, Any]] = {}
    left_out = []
    for n, row in enumerate(rows):
        if n in (5, 9):
            continue
        values: dict[str, Any] = {}
        kept = []
        for i, key in mapping.items():
            cell = row[i]
            if isinstance(cell, str) and cell.startswith("'="):
                cell = cell[1:]
            if key == "organization":
                value = str(cell).strip() if cell else None
            else:
                fd = FieldDef(kind="contact", key=key, type=schema_types[key], label_en=key, label_ru=key)
                try:
                    value = parse_value(fd, cell, "RU")
                except ValueError as e:
                    left_out.append((n + 2, headers[i], cell, str(e)))
                    if str(cell).strip():
                        kept.append(f"{headers[i]}: {str(cell).strip()}")
                    value = None
            if value not in (None, ""):
                values[key] = value
        if row[6] not in (None, ""):
            kept.append(f"Комментарий: {row[6]}")
        if kept:
            values["note"] = "\n".join(kept)
        want[str(values["name"])] = values

    assert report.headers_skipped == [7] and report.totals_skipped == [11]
    assert [(c.row, c.column, c.value, c.reason) for c in report.left_out] == left_out
    assert len(left_out) > 1000 and report.problems == []
    # rows that share an e-mail or a phone are duplicates: the first one is kept, as before
    assert report.created == len(got) and report.created + report.skipped == len(want)
    assert got == {name: want[name] for name in got}


def test_an_organizations_columns_fill_it_and_are_checked_as_each_row_says(tmp_path: Path) -> None:
    """A contact list with its organization's ИНН and КПП (read a chunk at a time): each organization is made once,
    whatever the case and spacing of its name, filled from the first row that has each value, and every row's
    wrong requisites are reported on that row, the organization's after the contact's own."""
    headers = ["ФИО", "Телефон", "Организация", "ИНН организации", "КПП организации"]
    inns = ["7707083893", "123", "", None, "abc", "7707083894"]
    kpps = ["770701001", "", "12", None]
    rows: list[list[Any]] = []
    for i in range(1300):
        phone = f"8 (916) {i:03d}-{i % 100:02d}-{i % 97:02d}" + (f" доб. {i % 5}" if i % 4 == 0 else "")
        rows.append([f"Сотрудник {i}", phone, f"ООО  «Фирма {i % 9}»" if i % 3 else f"ооо «фирма {i % 9}» ",
                     inns[i % len(inns)], kpps[i % len(kpps)]])
    table = Table(name="staff", headers=headers, rows=rows, header_row=1)
    mapping = {0: "name", 1: "phone", 2: "organization", 3: "organization.tax_id", 4: "organization.kpp"}
    replica = Replica(tmp_path / "pc")
    try:
        report = importer.run_import(replica, table, "contact", mapping, region="RU")
        organizations = {r.fields["name"]: r.fields for r in replica.records("organization")}
        contacts = replica.records("contact")
    finally:
        replica.close()

    from client.core import requisites_check
    from lan_server.records.store.text import title_key
    want_checks: list[tuple[int, str]] = []
    want_orgs: dict[str, dict[str, Any]] = {}  # title_key -> the organization's fields
    for n, (_name, _phone, org, inn, kpp) in enumerate(rows):
        said = {k: v.strip() for k, v in (("tax_id", inn), ("kpp", kpp)) if v}
        want_checks += [(n + 2, text) for text in requisites_check.problems("organization", said).values()]
        held = want_orgs.setdefault(title_key(org), {"name": org.strip()})
        held.update({k: v for k, v in said.items() if k not in held})
    assert report.checks == want_checks and len(want_checks) > 500
    assert report.created == len(contacts) == 1300 and report.organizations_created == 9
    assert {title_key(name): {k: v for k, v in fields.items() if k in ("name", "tax_id", "kpp")}
            for name, fields in organizations.items()} == want_orgs
    # its first row has no КПП, its second a wrong one: kept (and reported), as typed
    assert organizations["ООО  «Фирма 1»"] == {**organizations["ООО  «Фирма 1»"], "tax_id": "123", "kpp": "12"}
    assert sum(" доб. " in str(c.fields["phone"]) for c in contacts) == 325  # an extension kept in the number
