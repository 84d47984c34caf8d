"""Print forms on a PC: the built-in bill, act, УПД, contract and reconciliation statement (their contents and
PDF: lan_server/documents, shared with the server) written as PDF or Word into the documents folder, a number
taken first; an office that edited its form ("Edit this form", the office's shared templates) gets its own Word
form filled, and a PDF of it through Word or LibreOffice. What stops a form is said in the user's language."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from client.core.i18n import _
from client.core.user_folders import made_documents
from lan_server.documents import pdf as paper_pdf
from lan_server.documents import sheets
from lan_server.documents.forms import (  # noqa: F401  (names the window and the commands use from here)
    FORMS,
    MESSAGES,
    QR_WIDTH_MM,
    FormError,
    Period,
    built_in_template,
    company,
    file_title,
    forms_for,
    not_issuable,
    number_due,
    pdf,
)
from lan_server.documents.forms import context as _context
from lan_server.files import write_whole
from lan_server.records import Record

# The 0.3 built-in forms were written into each PC's forms folder; one still as written (its text hashes to
# one of these) is not an office's edit, and gives way to the new built-in form.
_UNEDITED_0_3 = {"invoice": "78f75b76af8252ea", "act": "a71dc0032eb7ff55", "contract": "27485adfe3c2d045"}


def _said(code: str) -> str:
    """The shared messages in this PC's language (the catalog's extractor finds them here)."""
    said = {"no_requisites": _("the company's requisites are empty: an administrator fills them in Settings > "
                               "Company requisites"),
            "no_lines": _("the invoice has no lines: add the goods or services first"),
            "zero_total": _("the invoice's total is zero: fill in the prices and quantities of its lines first"),
            "no_form": _("no such form: {form}"),
            "wrong_section": _("{title}: made from a record of {kind}, not {other}")}
    return said.get(code, MESSAGES.get(code, code))


def context(reader: Any, form: str, record: Record, **options: Any) -> dict[str, Any]:
    """What `form` of `record` is filled with; what stops it is said in this PC's language."""
    try:
        return _context(reader, form, record, **options)
    except FormError as e:
        raise FormError(e.code, _said(e.code).format(**e.params), **e.params) from None


@dataclass(frozen=True)
class Made:
    path: Path
    number: str


def forms_folder(replica: Any) -> Path:
    return Path(replica.profile) / "forms"


def documents_folder(replica: Any) -> Path:
    """Where a made document goes (client/core/user_folders.made_documents)."""
    return made_documents(Path(replica.profile))


def _text_hash(data: bytes) -> str:
    import hashlib

    from docx import Document
    doc = Document(io.BytesIO(data))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def office_template(replica: Any, form: str) -> tuple[bytes, str] | None:
    """The office's own Word form and where it is from, or None for the built-in one: the office's shared
    template (client/core/form_templates.py), else a form edited in this PC's forms folder (0.3 kept them there)."""
    from client.core import form_templates
    shared = form_templates.office_form(replica, form)
    if shared is not None:
        return shared
    path = forms_folder(replica) / f"{form}.docx"
    if path.exists():
        data = path.read_bytes()
        try:
            unedited = _text_hash(data) == _UNEDITED_0_3.get(form)
        except Exception:  # not a Word file: the office's, broken; filling it says so
            unedited = False
        if not unedited:
            return data, str(path)
    return None


def _word(template: bytes, source: str, ctx: dict[str, Any]) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        values = dict(ctx)
        values["qr"] = InlineImage(tpl, io.BytesIO(ctx["qr"]), width=Mm(QR_WIDTH_MM)) if ctx.get("qr") else ""
        tpl.render(values, autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
    except Exception as e:  # an edited form with a broken placeholder: say where, write nothing
        raise FormError(_("the form {source} cannot be filled: {error}").format(source=source, error=e)) from None
    return out.getvalue()


def _safe(text: str) -> str:
    """A file name from a title: what Windows forbids in names (and control characters) becomes '_'."""
    return "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in text).strip(" .")


def check_issuable(replica: Any, record: Record) -> None:
    """An invoice with nothing to pay for (no line, a zero total) is never numbered, printed or sent: FormError
    saying so in this PC's language."""
    if record.kind == "invoice" and (problem := not_issuable(replica, record)) is not None:
        raise FormError(problem.code, _said(problem.code)) from None


def make(replica: Any, form: str, record: Record, *, out: Path | None = None, as_pdf: bool = False,
         take_number: Callable[[Any, str, str, str], str] | None = None, period: Period | None = None,
         status: str | None = None) -> Made:
    """Fill `form` for `record` and write it (into the documents folder unless `out` is given): a Word file, or a
    PDF. A document without a number gets one first (`take_number`: the server's, or provisional offline), after a
    dry run: what would stop the form (no requisites, a broken office form, a full disk, a folder that cannot be
    written) stops it before the number is taken, so a first print that fails spends none and the series stays
    gap-free. (The office's form as PDF with no Word or LibreOffice here: its Word file is made, numbered.)"""
    if form in FORMS and FORMS[form][1] == "invoice":
        check_issuable(replica, record)  # asked before a number makes it issued
    if (series := number_due(replica, form, record)) is not None:
        _write(replica, form, record, out, as_pdf, period, status, dry=True)
        from client.core.numbers_now import take
        (take_number or take)(replica, series, record.id, "number")
        record = replica.get(record.id) or record
    return _write(replica, form, record, out, as_pdf, period, status)


def _write(replica: Any, form: str, record: Record, out: Path | None, as_pdf: bool, period: Period | None,
           status: str | None, *, dry: bool = False) -> Made:
    """The form made and written; `dry`: made, and its bytes written once beside where it goes and taken away
    (a full disk or a folder that cannot be written raises OSError as the writing would), nothing kept."""
    ctx = context(replica, form, record, period=period, status=status)
    if out is None:
        name = _safe(file_title(form, ctx)) or f"{FORMS[form][0]} {record.id[:8]}"
        out = documents_folder(replica) / f"{name}.{'pdf' if as_pdf else 'docx'}"
    own = office_template(replica, form)
    if as_pdf and own is None:
        data, path = paper_pdf.render(sheets.BUILT_IN[form](), ctx, title=file_title(form, ctx)), out
    else:
        template, source = own or (built_in_template(form), _("the built-in form"))
        data, path = _word(template, source, ctx), out.with_suffix(".docx") if as_pdf else out
    if dry:
        probe = path.with_name(f".{path.name}.check")
        try:
            write_whole(probe, data)
        finally:
            probe.unlink(missing_ok=True)
        return Made(out, "")
    write_whole(path, data)
    if as_pdf and own is not None:  # the office's own form as PDF: through Word or LibreOffice
        from client.core import office_apps
        made = office_apps.to_pdf(path)
        if made != out:
            made.replace(out)
    return Made(out, ctx.get("number", ""))


def period_of(start: str | None, end: str | None) -> Period:
    """A reconciliation's period from typed dates (ISO or 31.12.2026); by default the year so far."""
    def parse(text: str | None, default: date) -> date:
        if not text:
            return default
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                from datetime import datetime
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise FormError(_("not a date: {text} (write 31.12.2026)").format(text=text))
    today = date.today()
    period = Period(parse(start, date(today.year, 1, 1)), parse(end, today))
    if period.end < period.start:
        raise FormError(_("the period ends before it starts"))
    return period

