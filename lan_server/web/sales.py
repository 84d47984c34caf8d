"""The sales page: the dashboard's figures for this month, deals by stage, invoices with their status and balance
(the shared rules of lan_server.records, read as the user's window reads them), and an invoice's print forms as
PDF from the office's own forms."""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal
from typing import Any

from aiohttp import web

from lan_server.auth import User
from lan_server.documents import forms
from lan_server.records import dashboard
from lan_server.records.dashboard import OPEN, Figure
from lan_server.web.cards import number_first, series_due
from lan_server.web.listener import web_of
from lan_server.web.reader import Reader
from lan_server.web.requests import lang_of, refuse, visit_of
from lan_server.web.shown import brief, field_def, kind_def, view
from lan_server.web.words import said

SHOWN = 50


def amount(value: Decimal) -> float:
    return float(value)


def figure(f: Figure) -> dict[str, Any]:
    return {"amount": amount(f.amount), "count": f.count}


def sales(reader: Reader, user: User, lang: str, today: date | None = None) -> dict[str, Any]:
    reader.rights.recheck()
    day = today or date.today()
    start = day.replace(day=1)
    reads = view(reader, user)
    schema = reads.schema()
    if not schema.has_kind("invoice") or not schema.has_kind("deal"):
        return {"figures": None, "stages": [], "invoices": []}
    found = dashboard.figures(reads, start, day)
    stage_fd = schema.kind("deal").field("stage")
    labels = {c[0]: c for c in field_def(stage_fd)["choices"]} if stage_fd else {}
    deals = {d.id: d for d in reads.records("deal")}
    stages = []
    for stage, fig in found.funnel:
        rows = brief(reader, user, schema, [deals[i] for i in fig.records[:SHOWN] if i in deals], lang)
        choice = labels.get(stage, [stage, stage or "—", stage or "—"])
        stages.append({"key": stage, "en": choice[1], "ru": choice[2], **figure(fig), "rows": rows})
    invoices = reads.records("invoice")
    # What waits for money first (oldest due first), then the rest newest first.
    waiting = sorted((r for r in invoices if r.fields.get("status") in OPEN), key=lambda r: str(r.fields.get("due")))
    rest = sorted((r for r in invoices if r.fields.get("status") not in OPEN),
                  key=lambda r: str(r.fields.get("date") or ""), reverse=True)
    shown = (waiting + rest)[:SHOWN]
    kd = schema.kind("invoice")
    return {
        "period": [start.isoformat(), day.isoformat()],
        "figures": {"issued": figure(found.issued), "paid": figure(found.paid),
                    "outstanding": figure(found.outstanding), "overdue": len(found.overdue)},
        "stage_field": field_def(stage_fd) if stage_fd else None,
        "stages": stages,
        "invoice_kind": kind_def(kd),
        "invoices": brief(reader, user, schema, shown, lang, limit=6),
    }


async def get_sales(request: web.Request) -> web.Response:
    visit = await visit_of(request)
    return web.json_response(await web_of(request).reader(visit.office).call(sales, visit.user, lang_of(request)))


def document(reader: Reader, user: User, rec: str, form: str) -> bytes | None:
    """The built-in print form `form` of a record the user may read, as PDF bytes, read as the user's window
    reads (their rights, derived totals); FormError when the form cannot be made (no requisites, no lines)."""
    reads = view(reader, user)
    record = reads.get(rec)
    if record is None:
        return None
    return forms.pdf(reads, form, record)


async def get_document(request: web.Request) -> web.Response:
    """The PDF, opened by a plain link (the phone's own PDF viewer shows it); a form that cannot be made is
    answered with a short page saying why in the page's language, and the way back to the record."""
    visit = await visit_of(request)
    form, rec = request.match_info["form"], request.match_info["rec"]
    if form not in forms.FORMS:
        raise refuse(404, "no_form")
    reader = web_of(request).reader(visit.office)
    try:
        if await reader.call(series_due, visit.user, rec, form) is not None:
            # a dry run first: a form that cannot be made (no requisites) is said before a number is spent on it
            await reader.call(document, visit.user, rec, form)
            await number_first(request, visit, rec, form)
        body = await reader.call(document, visit.user, rec, form)
    except forms.FormError as e:
        lang = lang_of(request)
        why, back = html.escape(said("form." + e.code, lang)), html.escape(said("form.back", lang))
        page = (f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><meta name="viewport" '
                f'content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/static/app.css">'
                f'<main id="view"><p class="error" role="alert">{why}</p>'
                f'<p><a href="/#/r/{html.escape(rec)}">{back}</a></p></main></html>')
        return web.Response(status=409, text=page, content_type="text/html")
    if body is None:
        raise refuse(404, "gone")
    return web.Response(body=body, content_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{form}.pdf"'})


def mount(app: web.Application) -> None:
    app.router.add_get("/api/sales", get_sales)
    app.router.add_get("/api/record/{rec}/pdf/{form}", get_document)
