"""Price lists from the catalog (Товары и услуги): all goods or one category, chosen columns, grouped by category
under the office's name and the date, as an Excel sheet, a Word table or a PDF made from that Word file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from client.core.i18n import _
from client.core.present import as_text, choice_label
from client.core.replica import Replica
from lan_server.records import FieldDef, Record
from lan_server.records.dates import date_text
from lan_server.records.money import money
from lan_server.records.schema import REQUISITES_ID

DEFAULT_COLUMNS = ("name", "unit", "price")
FORMATS = ("xlsx", "docx", "pdf")


def groups(replica: Replica, category: str | None = None) -> list[tuple[str, list[Record]]]:
    """(category label, its products by name), in the order the category choices are listed."""
    kd = replica.schema().kind("product")
    fd = kd.field("category")
    order = list(fd.options.get("choices", [])) if fd else []
    found: dict[str, list[Record]] = {}
    for r in replica.records("product", where={"category": category} if category else None):
        found.setdefault(str(r.fields.get("category") or ""), []).append(r)
    keys = sorted(found, key=lambda k: (k not in order, order.index(k) if k in order else 0, k))
    return [(choice_label(fd, k, "ru") if fd and k else k, sorted(found[k], key=lambda r: str(r.fields.get("name"))))
            for k in keys]


def title(replica: Replica, today: date | None = None) -> str:
    req = replica.get(REQUISITES_ID)
    company = str(req.fields.get("name") or "") if req else ""
    day = date_text(today or date.today())
    return f"Прайс-лист {company} на {day}".replace("  ", " ")


def _cell(fd: FieldDef, record: Record) -> str:
    return as_text(fd, record.fields.get(fd.key), "ru", use="file")


def write(replica: Replica, path: Path, *, category: str | None = None,
          columns: Sequence[str] = DEFAULT_COLUMNS) -> int:
    """Write the price list to `path` (.xlsx, .docx or .pdf); returns how many goods it lists."""
    kd = replica.schema().kind("product")
    cols = [f for key in columns if (f := kd.field(key)) is not None]
    if not cols:
        raise ValueError(_("choose at least one column"))
    parts = groups(replica, category)
    if not parts:
        raise ValueError(_("the catalog has no goods or services in this category") if category else
                         _("the catalog has no goods or services"))
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValueError(_("a price list is written as {formats}, not {kind}").format(
            formats=", ".join(FORMATS), kind=kind or _("a file without a type")))
    heading = title(replica)
    tmp = path.with_name(path.name + ".tmp")
    if kind == "xlsx":
        _xlsx(tmp, heading, cols, parts)
    else:
        _docx(tmp if kind == "docx" else path.with_suffix(".docx"), heading, cols, parts)
    if kind == "pdf":
        from client.core.office_apps import to_pdf
        to_pdf(path.with_suffix(".docx"))
    else:
        tmp.replace(path)  # a price list is whole or absent, never half-written
    return sum(len(items) for _label, items in parts)


def _xlsx(path: Path, heading: str, cols: list[FieldDef], parts: list[tuple[str, list[Record]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    wb = Workbook()
    ws = wb.active
    ws.title = "Прайс-лист"
    ws.append([heading])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append([f.label("ru") for f in cols])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for label, items in parts:
        if label:
            ws.append([label])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
            ws.cell(ws.max_row, 1).fill = PatternFill("solid", fgColor="EEF1F5")
        for r in items:
            row = []
            for f in cols:
                value = r.fields.get(f.key)
                row.append(float(money(value)) if f.type == "money" and value is not None else
                           value if f.type == "number" else _cell(f, r))
            ws.append(row)
            for i, f in enumerate(cols, 1):
                if f.type == "money":
                    ws.cell(ws.max_row, i).number_format = "#,##0.00"
    for i, f in enumerate(cols, 1):
        ws.column_dimensions[ws.cell(3, i).column_letter].width = 45 if f.key == "name" else 14
    wb.save(str(path))


def _docx(path: Path, heading: str, cols: list[FieldDef], parts: list[tuple[str, list[Record]]]) -> None:
    from docx import Document
    doc = Document()
    doc.add_heading(heading, level=1)
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    for cell, f in zip(table.rows[0].cells, cols):
        cell.text = f.label("ru")
        cell.paragraphs[0].runs[0].bold = True
    for label, items in parts:
        if label:
            row = table.add_row().cells
            merged = row[0].merge(row[-1]) if len(row) > 1 else row[0]
            merged.text = label
            merged.paragraphs[0].runs[0].bold = True
        for r in items:
            for cell, f in zip(table.add_row().cells, cols):
                cell.text = _cell(f, r) if f.type != "money" else as_text(f, r.fields.get(f.key), "ru")
    doc.save(str(path))
