"""Print forms: the bill to pay (with its payment QR), the act, the УПД, the contract and the reconciliation
statement, filled from records and the office's requisites, as a PDF (no office suite: client/core/paper) or a
Word document.

Each form has a built-in layout (client/core/paper/sheets.py); its Word template is made from the same layout.
An office that edited its form ("Edit this form", the office's shared templates) gets its own Word form filled,
and a PDF of it through Word or LibreOffice. Nothing here imports Qt or needs a PC: the server makes the same
PDF for the browser pages with `pdf(store, form, record)`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Mapping

from client.core.i18n import _
from client.core.paper import names, payment_qr, sheets, word
from client.core.paper import pdf as paper_pdf
from client.core.present import date_text
from lan_server.files import write_whole
from lan_server.records import Record, derived
from lan_server.records.money import ZERO, as_text, in_words_ru, money, number
from lan_server.records.reader import RecordsReader as Reader
from lan_server.records.schema import REQUISITES_ID

# form: (title, the section it is made from)
FORMS = {"invoice": ("Счёт на оплату", "invoice"), "act": ("Акт", "invoice"), "upd": ("УПД", "invoice"),
         "contract": ("Договор", "contract"), "reconciliation": ("Акт сверки", "organization")}
QR_WIDTH_MM = 34
_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря")
# ОКЕИ codes of the units offices write most (the УПД prints the code beside the unit)
_OKEI = {"шт": "796", "шт.": "796", "час": "356", "ч": "356", "ч.": "356", "усл. ед": "876", "усл.ед.": "876",
         "услуга": "876", "кг": "166", "г": "163", "т": "168", "м": "006", "м2": "055", "м²": "055", "м3": "113",
         "л": "112", "компл": "839", "компл.": "839", "упак": "778", "упак.": "778", "день": "359", "сут": "359",
         "мес": "362", "мес.": "362", "км": "008", "пог. м": "018"}
# The 0.3 built-in forms were written into each PC's forms folder; one still as written (its text hashes to
# one of these) is not an office's edit, and gives way to the new built-in form.
_UNEDITED_0_3 = {"invoice": "78f75b76af8252ea", "act": "a71dc0032eb7ff55", "contract": "27485adfe3c2d045"}


class FormError(ValueError):
    """A form that cannot be made, with the reason in the user's words."""


@dataclass(frozen=True)
class Made:
    path: Path
    number: str


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def forms_folder(replica: Any) -> Path:
    return Path(replica.profile) / "forms"


def documents_folder(replica: Any) -> Path:
    return Path(replica.profile) / "documents"


def forms_for(kind: str) -> list[str]:
    return [form for form, (_title, k) in FORMS.items() if k == kind]


def built_in_template(form: str) -> bytes:
    """The built-in form as a Word template (what "Edit this form" copies into the office's templates)."""
    return word.template(sheets.BUILT_IN[form]())


# ---- what a form is filled with

def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _date(value: Any) -> str:
    return date_text(value[:10], "ru", with_time=False) if isinstance(value, str) and value else ""


def _long_date(value: Any) -> str:
    """«22» ноября 2026 г."""
    try:
        d = date.fromisoformat(str(value)[:10])
    except ValueError:
        return _date(value)
    return f"«{d.day:02d}» {_MONTHS[d.month - 1]} {d.year} г."


def _rub(amount: Any) -> str:
    return as_text(money(amount), "ru")


def _fields(record: Record | None) -> dict[str, str]:
    return {k: _text(v) for k, v in (record.fields if record else {}).items() if not k.startswith("_")}


def company(reader: Reader) -> dict[str, str]:
    found = _fields(reader.get(REQUISITES_ID))
    if not found.get("name"):
        raise FormError(_("the company's requisites are empty: an administrator fills them in Settings > "
                          "Company requisites"))
    return found


def _signers(firm: Mapping[str, str]) -> dict[str, str]:
    """Who signs for the office, in the forms' cases: "в лице генерального директора Смирновой Е. В."."""
    director = firm.get("director", "")
    post = firm.get("director_position") or "Генеральный директор"
    return {"director": director, "director_short": names.short(director),
            "accountant_short": names.short(firm.get("accountant", "")),
            "director_position": post, "director_position_lower": names.position(post, "nomn"),
            "signer_gent": f"{names.position(post)} {names.person(director)}".strip(),
            "acting": names.acting(director),
            "director_basis": firm.get("director_basis") or "Устава"}


def _linked(reader: Reader, record: Record, key: str) -> Record | None:
    target = record.fields.get(key)
    return reader.get(str(target)) if target else None


def _basis(contract: Record | None) -> str:
    """"Договор № 7 от 01.11.2026" when a contract is chosen; nothing otherwise (the forms then print no line)."""
    if contract is None:
        return ""
    return f"Договор № {contract.fields.get('number') or 'б/н'} от {_date(contract.fields.get('date'))}".strip()


def _rate_text(rate: Decimal) -> str:
    return "без НДС" if rate <= 0 else f"{rate.normalize():f}%"


def invoice_context(reader: Reader, invoice: Record) -> dict[str, Any]:
    rate, included = derived.vat_terms(reader)
    lines = derived.children(reader, "invoice_line", "invoice", [invoice.id])[invoice.id]
    payments = derived.children(reader, "payment", "invoice", [invoice.id])[invoice.id]
    t = derived.totals(lines, payments, vat_rate=rate, vat_included=included)
    products = reader.get_many([str(line.fields["product"]) for line in lines if line.fields.get("product")])
    rows = []
    for n, line in enumerate(derived.in_order(lines), 1):
        f = line.fields
        product = products.get(str(f.get("product") or ""))
        name = f.get("description") or (product.fields.get("name") if product else "") or ""
        unit = _text(product.fields.get("unit") if product else "") or "шт"
        qty = number(f.get("qty"), Decimal(1))
        amount = derived.line_amount(f)
        line_rate = number(f.get("vat"), rate)
        vat = derived.line_vat(f, rate, included)
        net = amount - vat if included else amount
        discount = number(f.get("discount"))
        rows.append({"n": n, "name": _text(name) + (f" (скидка {discount.normalize():f}%)" if discount else ""),
                     "qty": _text(f.get("qty") if f.get("qty") is not None else 1), "unit": unit,
                     "okei": _OKEI.get(unit.lower(), ""), "code": _text(product.fields.get("sku") if product else ""),
                     "price": _rub(f.get("price")), "discount": _text(f.get("discount") or ""),
                     "vat": as_text(vat) if line_rate > 0 else "без НДС", "rate": _rate_text(line_rate),
                     "net": as_text(net), "price_net": as_text(money(net / qty)) if qty else as_text(net),
                     "amount": as_text(amount if included else amount + vat)})
    if not rows:
        raise FormError(_("the invoice has no lines: add the goods or services first"))
    firm = company(reader)
    customer = _linked(reader, invoice, "organization")
    contract = _linked(reader, invoice, "contract")
    number_text = _text(invoice.fields.get("number"))
    day = _date(invoice.fields.get("date"))
    vat_line = "Без НДС" if t.vat == ZERO else ("В том числе НДС" if included else "НДС")
    to_pay = t.balance if ZERO < t.balance < t.total else t.total
    vat_words = "НДС не облагается" if t.vat == ZERO else f"в т.ч. НДС {as_text(t.vat)} руб."
    purpose = f"Оплата по счёту № {number_text} от {day}. {vat_words}"
    qr = payment_qr.payload(firm, amount=to_pay, purpose=purpose,
                            payer_inn=_fields(customer).get("tax_id", ""))
    paid_by = [p for p in payments if p.fields.get("date")]
    return {
        "company": firm, "customer": _fields(customer), **_signers(firm),
        "number": number_text, "date": day, "date_long": _long_date(invoice.fields.get("date")),
        "due": _date(invoice.fields.get("due")), "basis": _basis(contract),
        "lines": rows, "count": len(rows), "net": as_text(t.net), "without_vat": as_text(t.total - t.vat),
        "vat": as_text(t.vat) if t.vat else "—",
        "vat_line": vat_line, "total": as_text(t.total), "paid": as_text(t.paid), "balance": as_text(t.balance),
        "total_words": in_words_ru(t.total), "note": _text(invoice.fields.get("note")),
        "qr": payment_qr.png(qr) if qr else b"", "qr_text": qr or "", "purpose": purpose,
        "status": "1" if t.vat > 0 else "2",
        "payment_docs": ", ".join(f"{('№ ' + str(p.fields['doc']) + ' ') if p.fields.get('doc') else ''}"
                                  f"от {_date(p.fields['date'])}" for p in paid_by),
        "customer_signer": "", "today": date.today().strftime("%d.%m.%Y"),
    }


def contract_context(reader: Reader, contract: Record) -> dict[str, Any]:
    amount = money(contract.fields.get("amount"))
    rate, included = derived.vat_terms(reader)
    firm = company(reader)
    vat_note = "" if rate <= 0 else (f"в том числе НДС {_rate_text(rate)}" if included else
                                      f"кроме того НДС {_rate_text(rate)}")
    return {
        "company": firm, "customer": _fields(_linked(reader, contract, "organization")), **_signers(firm),
        "number": _text(contract.fields.get("number")), "date": _date(contract.fields.get("date")),
        "date_long": _long_date(contract.fields.get("date")),
        "subject": _text(contract.fields.get("subject")) or "оказать услуги", "amount": as_text(amount),
        "amount_words": in_words_ru(amount), "valid_until": _date(contract.fields.get("valid_until")),
        "vat_note": vat_note, "note": _text(contract.fields.get("note")), "customer_signer": "",
        "today": date.today().strftime("%d.%m.%Y"),
    }


def reconciliation_context(reader: Reader, organization: Record, period: Period) -> dict[str, Any]:
    """The statement of mutual settlements with one customer: its invoices as debit, their payments as credit."""
    firm = company(reader)
    start, end = period.start.isoformat(), period.end.isoformat()
    invoices = [r for r in reader.records("invoice", where={"organization": organization.id})
                if not r.fields.get("cancelled") and r.fields.get("number")]
    rate, included = derived.vat_terms(reader)
    lines = derived.children(reader, "invoice_line", "invoice", [r.id for r in invoices])
    payments = derived.children(reader, "payment", "invoice", [r.id for r in invoices])
    opening = ZERO
    entries: list[tuple[str, str, Decimal, Decimal]] = []
    for inv in invoices:
        total = derived.totals(lines.get(inv.id, []), [], vat_rate=rate, vat_included=included).total
        day = str(inv.fields.get("date") or "")[:10]
        if day < start:
            opening += total
        elif day <= end:
            entries.append((day, f"Продажа (счёт № {inv.fields.get('number')} от {_date(day)})", total, ZERO))
        for p in payments.get(inv.id, []):
            paid, pday = money(p.fields.get("amount")), str(p.fields.get("date") or "")[:10]
            if pday < start:
                opening -= paid
            elif pday <= end:
                doc = f"п/п № {p.fields['doc']} " if p.fields.get("doc") else ""
                entries.append((pday, f"Оплата ({doc}от {_date(pday)})", ZERO, paid))
    entries.sort(key=lambda e: (e[0], e[1]))
    debit = sum((e[2] for e in entries), ZERO)
    credit = sum((e[3] for e in entries), ZERO)
    closing = opening + debit - credit
    customer = _fields(organization)

    def side(amount: Decimal, debit_side: bool) -> str:
        return as_text(abs(amount)) if amount and (amount > 0) == debit_side else ""
    if closing > 0:
        conclusion = (f"задолженность в пользу {firm['name']} составляет {as_text(closing)} руб. "
                      f"({in_words_ru(closing)})")
    elif closing < 0:
        conclusion = (f"задолженность в пользу {customer.get('name', '')} составляет {as_text(-closing)} руб. "
                      f"({in_words_ru(-closing)})")
    else:
        conclusion = "задолженность отсутствует"
    return {
        "company": firm, "customer": customer, **_signers(firm),
        "period": f"{period.start:%d.%m.%Y} — {period.end:%d.%m.%Y}", "end": f"{period.end:%d.%m.%Y}",
        "entries": [{"date": _date(d), "doc": doc, "debit": as_text(dr) if dr else "",
                     "credit": as_text(cr) if cr else ""} for d, doc, dr, cr in entries],
        "opening_debit": side(opening, True), "opening_credit": side(opening, False),
        "turnover_debit": as_text(debit), "turnover_credit": as_text(credit),
        "closing_debit": side(closing, True), "closing_credit": side(closing, False),
        "closing": as_text(closing), "conclusion": conclusion, "basis": "", "number": "",
        "today": date.today().strftime("%d.%m.%Y"),
    }


def context(reader: Reader, form: str, record: Record, *, period: Period | None = None,
            status: str | None = None) -> dict[str, Any]:
    """What `form` of `record` is filled with; the form and the record's section are checked first."""
    if form not in FORMS:
        raise FormError(_("no such form: {form}").format(form=form))
    title, kind = FORMS[form]
    if record.kind != kind:
        raise FormError(_("{title}: made from a record of {kind}, not {other}").format(title=title, kind=kind,
                                                                                 other=record.kind))
    if kind == "invoice":
        ctx = invoice_context(reader, record)
        if status:
            ctx["status"] = status
        return ctx
    if kind == "contract":
        return contract_context(reader, record)
    today = date.today()
    return reconciliation_context(reader, record, period or Period(date(today.year, 1, 1), today))


def pdf(reader: Reader, form: str, record: Record, **options: Any) -> bytes:
    """The built-in form as PDF bytes: Qt-free and office-suite-free; the server's browser pages call this."""
    ctx = context(reader, form, record, **options)
    return paper_pdf.render(sheets.BUILT_IN[form](), ctx, title=_file_title(form, ctx))


def _file_title(form: str, ctx: Mapping[str, Any]) -> str:
    title = FORMS[form][0]
    if ctx.get("number"):
        return f"{title} № {ctx['number']}"
    customer = ctx.get("customer") or {}
    return f"{title} {customer.get('name', '')}".strip()


# ---- the office's own forms

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


def make(replica: Any, form: str, record: Record, *, out: Path | None = None, as_pdf: bool = False,
         take_number: Callable[[Any, str, str, str], str] | None = None, period: Period | None = None,
         status: str | None = None) -> Made:
    """Fill `form` for `record` and write it (into the documents folder unless `out` is given): a Word file, or a
    PDF. A document without a number gets one first (`take_number`: the server's, or provisional offline)."""
    if form in FORMS and FORMS[form][1] in ("invoice", "contract") and record.kind == FORMS[form][1] \
            and not record.fields.get("number"):
        from client.core.numbers import take
        kind = FORMS[form][1]
        fd = replica.schema().kind(kind).field("number")
        (take_number or take)(replica, str(fd.options.get("series") or kind) if fd else kind, record.id, "number")
        record = replica.get(record.id) or record
    ctx = context(replica, form, record, period=period, status=status)
    if out is None:
        name = _safe(_file_title(form, ctx)) or f"{FORMS[form][0]} {record.id[:8]}"
        out = documents_folder(replica) / f"{name}.{'pdf' if as_pdf else 'docx'}"
    own = office_template(replica, form)
    if as_pdf and own is None:
        write_whole(out, paper_pdf.render(sheets.BUILT_IN[form](), ctx, title=_file_title(form, ctx)))
        return Made(out, ctx.get("number", ""))
    template, source = own or (built_in_template(form), _("the built-in form"))
    data = _word(template, source, ctx)
    if not as_pdf:
        write_whole(out, data)
        return Made(out, ctx.get("number", ""))
    from client.core import office_apps
    docx = out.with_suffix(".docx")
    write_whole(docx, data)
    made = office_apps.to_pdf(docx)
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

