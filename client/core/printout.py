"""What a printed list or card says, as HTML for Qt to lay out on pages: the section, what the list is filtered
by, the date, then the visible columns in their order (the window prints exactly what it shows)."""

from __future__ import annotations

import html
from datetime import date
from typing import Any, Sequence

from client.core import conditions
from client.core.present import as_text
from client.core.replica import Replica
from client.core.selection import Shown
from lan_server.records import FieldDef, Record
from lan_server.records.dates import date_text
from lan_server.records.store import ID_KEY

_WORDS = {"ru": {"search": "Поиск", "empty": "пусто", "records": "записей", "date": "на",
                 "chosen": "выбранные записи"},
          "en": {"search": "Search", "empty": "empty", "records": "records", "date": "as of",
                 "chosen": "chosen records"}}
_STYLE = ("body { font-family: sans-serif; font-size: 9pt; } h1 { font-size: 14pt; margin: 0; } "
          "p.sub { color: #444; margin: 2px 0 8px 0; } table { border-collapse: collapse; width: 100%; } "
          "th { background: #e8ecf2; text-align: left; } th, td { border: 1px solid #999; padding: 2px 4px; }")


def describe(replica: Replica, shown: Shown, lang: str) -> str:
    """What the list is narrowed by, in words: "Поиск: ива; Город: Тверь; Менеджер: пусто"."""
    words = _WORDS.get(lang, _WORDS["en"])
    kd = replica.schema().kind(shown.kind)
    parts = [f"{words['search']}: {shown.search}"] if shown.search else []
    titles = replica.titles(str(v) for v in shown.where.values() if isinstance(v, str))
    for key, value in shown.where.items():
        if key == ID_KEY:
            parts.append(words["chosen"])
            continue
        fd = kd.field(key)
        if fd is None or isinstance(value, (dict, list)):
            parts.append(conditions.describe(fd, value, lang, titles) if fd else f"{key}: {value}")
            continue
        text = words["empty"] if value is None else as_text(fd, value, lang, titles)
        parts.append(f"{fd.label(lang)}: {text}")
    return "; ".join(parts)


def list_html(replica: Replica, shown: Shown, columns: Sequence[FieldDef], lang: str,
              today: date | None = None) -> str:
    records = shown.records(replica)
    titles = replica.link_titles(records)
    words = _WORDS.get(lang, _WORDS["en"])
    kd = replica.schema().kind(shown.kind)
    day = date_text(today or date.today(), lang)
    filters = describe(replica, shown, lang)
    head = "".join(f"<th>{html.escape(f.label(lang))}</th>" for f in columns)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(f, r, lang, titles))}</td>" for f in columns) + "</tr>"
                   for r in records)
    sub = f"{words['date']} {day} · {len(records)} {words['records']}" + (f" · {html.escape(filters)}" if filters
                                                                              else "")
    return (f"<html><head><style>{_STYLE}</style></head><body><h1>{html.escape(kd.label(lang))}</h1>"
            f"<p class='sub'>{sub}</p><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            f"</body></html>")


def list_table(replica: Replica, shown: Shown, columns: Sequence[FieldDef], lang: str,
               today: date | None = None) -> Any:
    """The list as shown, for the PDF (lan_server/documents/lists.py): its heading says the section, the date,
    the count and the filter; amounts are right-aligned, phones and dates kept whole."""
    from lan_server.documents.lists import ListTable
    records = shown.records(replica)
    titles = replica.link_titles(records)
    words = _WORDS.get(lang, _WORDS["en"])
    day = (today or date.today()).strftime("%d.%m.%Y" if lang == "ru" else "%Y-%m-%d")
    filters = describe(replica, shown, lang)
    sub = f"{words['date']} {day} · {len(records)} {words['records']}" + (f" · {filters}" if filters else "")
    return ListTable(
        title=replica.schema().kind(shown.kind).label(lang), subtitle=sub,
        headers=[f.label(lang) for f in columns],
        rows=[[_cell(f, r, lang, titles) for f in columns] for r in records],
        right=frozenset(i for i, f in enumerate(columns) if f.type in ("money", "number")),
        whole=frozenset(i for i, f in enumerate(columns) if f.type in ("phone", "date", "datetime", "money",
                                                                        "number")),
        page_word="стр." if lang == "ru" else "page")


def list_pdf(replica: Replica, shown: Shown, columns: Sequence[FieldDef], lang: str) -> bytes:
    """The list as shown, as PDF bytes made with no Qt and no office suite."""
    from lan_server.documents.lists import render
    return render(list_table(replica, shown, columns, lang))


def card_html(replica: Replica, record: Record, lang: str) -> str:
    schema = replica.schema()
    kd = schema.kind(record.kind)
    titles = replica.link_titles([record])
    rows = "".join(f"<tr><th>{html.escape(f.label(lang))}</th><td>{html.escape(_cell(f, record, lang, titles))}"
                   f"</td></tr>" for f in kd.visible_fields()
                   if f.type != "image" and record.fields.get(f.key) not in (None, ""))
    title = html.escape(schema.title(record.kind, record.fields))
    return (f"<html><head><style>{_STYLE}</style></head><body><h1>{title}</h1>"
            f"<p class='sub'>{html.escape(kd.label(lang))}</p><table>{rows}</table></body></html>")


def _cell(fd: FieldDef, record: Record, lang: str, titles: dict[str, Any]) -> str:
    return as_text(fd, record.fields.get(fd.key), lang, titles, use="file" if fd.type == "bool" else "window")
