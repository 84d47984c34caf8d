"""The print forms' contents: what the bill to pay (with its payment QR), the act, the УПД, the contract and the
reconciliation statement are filled with, read from records and the office's requisites through any records
reader (the server's Store, a PC's Replica), and the built-in form as PDF bytes (`pdf`). A form that cannot be
made raises FormError with a code and its values, which each side says in its user's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from lan_server.documents import names, payment_qr, sheets, word
from lan_server.documents import pdf as paper_pdf
from lan_server.documents.form_list import FORMS
from lan_server.records import Record, derived
from lan_server.records.money import ZERO, as_text, in_words_ru, money, number
from lan_server.records.reader import RecordsReader as Reader
from lan_server.records.schema import REQUISITES_ID

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


# What can stop a form, in English; each side says it in its user's language from its own catalog.
MESSAGES = {
    "no_requisites": "the company's requisites are empty: an administrator fills them in Settings > Company "
                     "requisites",
    "no_lines": "the invoice has no lines: add the goods or services first",
    "zero_total": "the invoice's total is zero: fill in the prices and quantities of its lines first",
    "no_form": "no such form: {form}",
    "wrong_section": "{title}: made from a record of {kind}, not {other}",
}


class FormError(ValueError):
    """A form that cannot be made: `code` (a key of MESSAGES) and the values its message names."""

    def __init__(self, code: str, message: str = "", **params: Any) -> None:
        super().__init__(message or MESSAGES.get(code, code).format(**params))
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def forms_for(kind: str) -> list[str]:
    return [form for form, (_title, k) in FORMS.items() if k == kind]


def built_in_template(form: str) -> bytes:
    """The built-in form as a Word template (what "Edit this form" copies into the office's templates)."""
    return word.template(sheets.BUILT_IN[form]())


# ---- what a form is filled with

def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _date(value: Any) -> str:
    """22.11.2026, as Russian forms write dates; a value that is not a date stays as it is."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        return date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return value


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
        raise FormError("no_requisites")
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


def not_issuable(reader: Reader, invoice: Record) -> FormError | None:
    """Why an invoice cannot be issued (numbered, printed, sent): no lines, or a zero total; None when it can. Asked
    before a number is taken, so an empty invoice never becomes an issued one."""
    rate, included = derived.vat_terms(reader)
    lines = derived.children(reader, "invoice_line", "invoice", [invoice.id])[invoice.id]
    if not lines:
        return FormError("no_lines")
    if derived.totals(lines, [], vat_rate=rate, vat_included=included).total <= 0:
        return FormError("zero_total")
    return None


def number_due(reader: Reader, form: str, record: Record) -> str | None:
    """The series a document takes its number from before `form` is made of it, or None. An invoice or contract is
    numbered when it is first issued, not when it is made: a draft (an invoice without a priced line) holds no
    number, so none is spent on a bill never sent. Issued is: its own form printed, or (the window and the
    commands, numbers_now.number_when_lined) an invoice first saved with a line."""
    kind = FORMS[form][1] if form in FORMS else ""
    if kind not in ("invoice", "contract") or record.kind != kind or record.fields.get("number"):
        return None
    if kind == "invoice" and not_issuable(reader, record) is not None:
        return None
    fd = reader.schema().kind(kind).field("number")
    return str(fd.options.get("series") or kind) if fd else kind


def invoice_context(reader: Reader, invoice: Record) -> dict[str, Any]:
    if (problem := not_issuable(reader, invoice)) is not None:
        raise problem
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
        raise FormError("no_lines")
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
        raise FormError("no_form", form=form)
    title, kind = FORMS[form]
    if record.kind != kind:
        raise FormError("wrong_section", title=title, kind=kind, other=record.kind)
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
    return paper_pdf.render(sheets.BUILT_IN[form](), ctx, title=file_title(form, ctx))


def file_title(form: str, ctx: Mapping[str, Any]) -> str:
    title = FORMS[form][0]
    if ctx.get("number"):
        return f"{title} № {ctx['number']}"
    customer = ctx.get("customer") or {}
    return f"{title} {customer.get('name', '')}".strip()


# ---- the office's own forms
