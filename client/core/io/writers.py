"""Writers: xlsx (typed cells), csv (UTF-8 with BOM; ";" in Russian or cp1251), html, txt, docx (a table)."""

from __future__ import annotations

import csv
import html
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

from client.core.present import as_text
from lan_server.records import FieldDef, KindDef, Record

FORMULA_START = ("=", "+", "-", "@")
# A phone or a plain number: starts like a formula but cannot call anything, so it is written as it is (an
# apostrophe in front would show in Excel as a stray character of every +7 number).
_HARMLESS = re.compile(r"[+\-]?[\d\s().\-]+")


def guard(text: str) -> str:
    """A cell starting with = + - @ could run as a formula in Excel or Calc: write it as text."""
    return "'" + text if text[:1] in FORMULA_START and not _HARMLESS.fullmatch(text) else text


def _columns(kd: KindDef, fields: Sequence[str] | None) -> list[FieldDef]:
    if not fields:
        return kd.visible_fields()
    found = []
    for name in fields:
        fd = kd.named_field(name)
        if fd is None:
            raise ValueError(f"unknown field {name!r} in {kd.key}")
        found.append(fd)
    return found


def _plain(fd: FieldDef, value: Any, titles: dict[str, str], lang: str) -> str:
    return as_text(fd, value, lang, titles, use="file")


def write_xlsx(path: Path, kd: KindDef, records: Sequence[Record], *, fields: Sequence[str] | None = None,
               titles: dict[str, str] | None = None, lang: str = "en", **_: Any) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    cols = _columns(kd, fields)
    titles = titles or {}
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = kd.label(lang)[:31] or kd.key
    ws.append([f.label(lang) for f in cols])
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in records:
        row: list[Any] = []
        for f in cols:
            v = r.fields.get(f.key)
            if v is None:
                row.append(None)
            elif f.type == "date":
                row.append(date.fromisoformat(v) if isinstance(v, str) else v)
            elif f.type == "datetime":
                row.append(datetime.fromisoformat(v) if isinstance(v, str) else v)
            elif f.type in ("number", "money", "bool") and not isinstance(v, str):
                row.append(v)
            else:
                row.append(_plain(f, v, titles, lang))
        ws.append(row)
        for cell, f in zip(ws[ws.max_row], cols):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            elif f.type == "date" and cell.value is not None:
                cell.number_format = "DD.MM.YYYY"
            elif f.type == "datetime" and cell.value is not None:
                cell.number_format = "DD.MM.YYYY HH:MM"
    for i, f in enumerate(cols):
        ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = 28 if f.key == kd.title_field else 18
    wb.save(path)
    return len(records)


def write_csv(path: Path, kd: KindDef, records: Sequence[Record], *, fields: Sequence[str] | None = None,
              titles: dict[str, str] | None = None, lang: str = "en", encoding: str = "utf-8-sig",
              delimiter: str | None = None, **_: Any) -> int:
    cols = _columns(kd, fields)
    titles = titles or {}
    # Russian Excel splits on ";" (its list separator) and reads UTF-8 by the BOM: the default for Russian.
    delim = delimiter or (";" if lang == "ru" or encoding.replace("-", "").replace("_", "").lower()
                          in ("cp1251", "windows1251") else ",")
    with open(path, "w", encoding=encoding, errors="replace", newline="") as fh:
        w = csv.writer(fh, delimiter=delim)
        w.writerow([f.label(lang) for f in cols])
        for r in records:
            w.writerow([guard(_plain(f, r.fields.get(f.key), titles, lang)) for f in cols])
    return len(records)


def write_txt(path: Path, kd: KindDef, records: Sequence[Record], **kw: Any) -> int:
    return write_csv(path, kd, records, delimiter="\t", encoding=kw.pop("encoding", "utf-8-sig"), **kw)


def write_html(path: Path, kd: KindDef, records: Sequence[Record], *, fields: Sequence[str] | None = None,
               titles: dict[str, str] | None = None, lang: str = "en", **_: Any) -> int:
    cols = _columns(kd, fields)
    titles = titles or {}
    head = "".join(f"<th>{html.escape(f.label(lang))}</th>" for f in cols)
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(_plain(f, r.fields.get(f.key), titles, lang))}</td>"
                                      for f in cols) + "</tr>" for r in records)
    path.write_text(f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(kd.label(lang))}</title>
<style>body{{font-family:sans-serif}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px}}
th{{background:#eef1f5}}</style></head>
<body><h1>{html.escape(kd.label(lang))}</h1><table><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table></body></html>
""", encoding="utf-8")
    return len(records)


def write_docx(path: Path, kd: KindDef, records: Sequence[Record], *, fields: Sequence[str] | None = None,
               titles: dict[str, str] | None = None, lang: str = "en", **_: Any) -> int:
    from docx import Document
    cols = _columns(kd, fields)
    titles = titles or {}
    doc = Document()
    doc.add_heading(kd.label(lang), level=1)
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    for cell, f in zip(table.rows[0].cells, cols):
        cell.text = f.label(lang)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for r in records:
        cells = table.add_row().cells
        for cell, f in zip(cells, cols):
            cell.text = _plain(f, r.fields.get(f.key), titles, lang)
    doc.save(str(path))
    return len(records)
