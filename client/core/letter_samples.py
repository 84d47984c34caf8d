"""Ready-made Word templates in Russian for the letters dialog: a letter, a list and a sheet of address labels,
written with python-docx on first use into the PC's templates folder, where the office may edit them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable

from lan_server.files import write_whole

SAMPLES = {"Письмо клиенту": "letter", "Список контактов": "list", "Наклейки с адресами": "labels"}


def folder(profile: Path) -> Path:
    return profile / "templates"


def sample_path(profile: Path, title: str) -> Path:
    """The sample named `title` (see SAMPLES), written there first if it is not there yet."""
    path = folder(profile) / f"{title}.docx"
    if not path.exists():
        data = io.BytesIO()
        _BUILDERS[SAMPLES[title]]().save(data)
        write_whole(path, data.getvalue())
    return path


def is_list(title: str) -> bool:
    return SAMPLES.get(title) in ("list", "labels")


def _letter() -> Any:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    doc = Document()
    doc.add_paragraph("{{ organization }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("{{ ФИО }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    doc.add_paragraph("Уважаемый(ая) {{ ФИО }}!")
    doc.add_paragraph("Сообщаем вам, что ... (текст письма).")
    doc.add_paragraph("С уважением,")
    doc.add_paragraph("{{ today }}")
    return doc


def _table(headers: list[str], cells: list[str], title: str) -> Any:
    from docx import Document
    doc = Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph("на {{ today }}, записей: {{ count }}")
    loop_table(doc, headers, cells, "r in records")
    return doc


def loop_table(doc: Any, headers: list[str], cells: list[str], loop: str) -> None:
    """A table whose one row repeats for each item of `loop` ("r in records"): docxtpl's {%tr for %} rows around
    a row of placeholders, under a bold header."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for i, h in enumerate(headers):
        table.cell(0, i).text = h
        table.cell(0, i).paragraphs[0].runs[0].bold = True
    table.cell(1, 0).text = "{%tr for " + loop + " %}"
    for i, c in enumerate(cells):
        table.cell(2, i).text = c
    table.cell(3, 0).text = "{%tr endfor %}"


def _list() -> Any:
    return _table(["ФИО", "Организация", "Телефон", "Эл. почта", "Город"],
                  ["{{ r.name }}", "{{ r.organization }}", "{{ r.phone }}", "{{ r.email }}", "{{ r.city }}"],
                  "Список контактов")


def _labels() -> Any:
    return _table(["Кому", "Адрес"], ["{{ r.name }}\n{{ r.organization }}", "{{ r.address }}\n{{ r.city }}"],
                  "Наклейки с адресами")


_BUILDERS: dict[str, Callable[[], Any]] = {"letter": _letter, "list": _list, "labels": _labels}
