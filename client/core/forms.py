"""Print forms: a bill to pay (счёт на оплату), a contract and an act of work done, filled from a record and
the office's requisites into a Word document.

The forms are ordinary docxtpl templates. Built-in ones are written on first use into the PC's forms folder,
where the office may edit them in Word (`{{ total_words }}`, `{%tr for l in lines %}`...); an edited form is
used as it is. The act takes the number of its invoice, as small offices do.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from client.core.i18n import _
from client.core.present import date_text
from client.core.replica import Replica
from lan_server.files import write_whole
from lan_server.records import Record, dates, derived
from lan_server.records.money import ZERO, as_text, in_words_ru, money, number
from lan_server.records.schema import REQUISITES_ID

FORMS = {"invoice": ("Счёт на оплату", "invoice"), "act": ("Акт", "invoice"), "contract": ("Договор", "contract")}


class FormError(ValueError):
    """A form that cannot be made, with the reason in the user's words."""


@dataclass(frozen=True)
class Made:
    path: Path
    number: str


def forms_folder(replica: Replica) -> Path:
    return Path(replica.profile) / "forms"


def documents_folder(replica: Replica) -> Path:
    return Path(replica.profile) / "documents"


def template_path(replica: Replica, form: str) -> Path:
    """The office's form: the edited one when there is one, else the built-in one written there first."""
    path = forms_folder(replica) / f"{form}.docx"
    if not path.exists():
        data = io.BytesIO()
        _BUILDERS[form]().save(data)
        write_whole(path, data.getvalue())  # never a half-written form, even if the disk fills
    return path


# ---- what a form is filled with

def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _date(value: Any) -> str:
    return date_text(value, "ru", with_time=False) if isinstance(value, str) and value else ""


def _rub(amount: Any) -> str:
    return as_text(money(amount), "ru")


def _fields(record: Record | None) -> dict[str, str]:
    return {k: _text(v) for k, v in (record.fields if record else {}).items() if not k.startswith("_")}


def _company(replica: Replica) -> dict[str, str]:
    req = replica.get(REQUISITES_ID)
    company = _fields(req)
    if not company.get("name"):
        raise FormError(_("the company's requisites are empty: an administrator fills them in Settings > "
                          "Company requisites"))
    return company


def _linked(replica: Replica, record: Record, key: str) -> Record | None:
    target = record.fields.get(key)
    return replica.get(str(target)) if target else None


def invoice_context(replica: Replica, invoice: Record) -> dict[str, Any]:
    rate, included = derived.vat_terms(replica)
    lines = derived.children(replica, "invoice_line", "invoice", [invoice.id])[invoice.id]
    payments = derived.children(replica, "payment", "invoice", [invoice.id])[invoice.id]
    t = derived.totals(lines, payments, vat_rate=rate, vat_included=included)
    products = replica.get_many([str(line.fields["product"]) for line in lines if line.fields.get("product")])
    rows = []
    for n, line in enumerate(derived.in_order(lines), 1):
        f = line.fields
        product = products.get(str(f.get("product") or ""))
        name = f.get("description") or (product.fields.get("name") if product else "") or ""
        rows.append({"n": n, "name": _text(name), "qty": _text(f.get("qty") if f.get("qty") is not None else 1),
                     "unit": _text(product.fields.get("unit") if product else "") or "шт",
                     "price": _rub(f.get("price")), "discount": _text(f.get("discount") or ""),
                     "vat": _text(number(f.get("vat"), rate)), "amount": _rub(derived.line_amount(f))})
    if not rows:
        raise FormError(_("the invoice has no lines: add the goods or services first"))
    customer = _linked(replica, invoice, "organization")
    contract = _linked(replica, invoice, "contract")
    vat_line = "Без НДС" if t.vat == ZERO else ("В том числе НДС" if included else "НДС")
    return {
        "company": _company(replica), "customer": _fields(customer),
        "number": _text(invoice.fields.get("number")), "date": _date(invoice.fields.get("date")),
        "due": _date(invoice.fields.get("due")),
        "basis": (f"Договор № {contract.fields.get('number') or ''} от {_date(contract.fields.get('date'))}"
                  if contract else "Основной договор"),
        "lines": rows, "count": len(rows), "net": as_text(t.net), "vat": as_text(t.vat) if t.vat else "—",
        "vat_line": vat_line, "total": as_text(t.total), "paid": as_text(t.paid), "balance": as_text(t.balance),
        "total_words": in_words_ru(t.total), "note": _text(invoice.fields.get("note")),
        "today": dates.date_text(date.today()),
    }


def contract_context(replica: Replica, contract: Record) -> dict[str, Any]:
    amount = money(contract.fields.get("amount"))
    return {
        "company": _company(replica), "customer": _fields(_linked(replica, contract, "organization")),
        "number": _text(contract.fields.get("number")), "date": _date(contract.fields.get("date")),
        "subject": _text(contract.fields.get("subject")), "amount": as_text(amount),
        "amount_words": in_words_ru(amount), "valid_until": _date(contract.fields.get("valid_until")),
        "note": _text(contract.fields.get("note")), "today": dates.date_text(date.today()),
    }


def make(replica: Replica, form: str, record: Record, *, out: Path | None = None,
         take_number: Callable[[Replica, str, str, str], str] | None = None) -> Made:
    """Fill `form` for `record` and write the .docx (into the documents folder unless `out` is given).

    A record without a number gets one first (`take_number`: the server's, or provisional offline)."""
    from docxtpl import DocxTemplate
    if form not in FORMS:
        raise FormError(_("no such form: {form}").format(form=form))
    title, kind = FORMS[form]
    if record.kind != kind:
        raise FormError(_("{title}: made from a record of {kind}, not {other}").format(title=title, kind=kind,
                                                                                 other=record.kind))
    if not record.fields.get("number"):
        from client.core.numbers_now import take
        fd = replica.schema().kind(kind).field("number")
        (take_number or take)(replica, str(fd.options.get("series") or kind) if fd else kind, record.id, "number")
        record = replica.get(record.id) or record
    ctx = invoice_context(replica, record) if kind == "invoice" else contract_context(replica, record)
    try:
        tpl = DocxTemplate(str(template_path(replica, form)))
        tpl.render(ctx, autoescape=True)
    except Exception as e:  # an edited form with a broken placeholder: say where, write nothing
        raise FormError(_("the form {form}.docx in {folder} cannot be filled: {error}").format(
            form=form, folder=forms_folder(replica), error=e)) from None
    if out is None:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in ctx["number"]) or record.id[:8]
        out = documents_folder(replica) / f"{title} {safe}.docx"
    data = io.BytesIO()
    tpl.save(data)
    write_whole(out, data.getvalue())
    return Made(out, ctx["number"])


# ---- the built-in forms, written with python-docx

def _doc() -> Any:
    from docx import Document
    from docx.shared import Cm, Pt
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(1.5)
        section.top_margin = section.bottom_margin = Cm(1.5)
    return doc


def _heading(doc: Any, text: str) -> None:
    from docx.shared import Pt
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(14)


def loop_table(doc: Any, headers: list[str], cells: list[str], loop: str) -> None:
    """A table whose one row repeats for each item of `loop` ("l in lines"): docxtpl's {%tr for %} rows around
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


def _lines_table(doc: Any, with_vat: bool = True) -> None:
    loop_table(doc, ["№", "Товары (работы, услуги)", "Кол-во", "Ед.", "Цена", "Скидка, %", "Сумма"],
               ["{{ l.n }}", "{{ l.name }}", "{{ l.qty }}", "{{ l.unit }}", "{{ l.price }}", "{{ l.discount }}",
                "{{ l.amount }}"], "l in lines")
    doc.add_paragraph("Итого: {{ net }}").alignment = 2
    if with_vat:
        doc.add_paragraph("{{ vat_line }}: {{ vat }}").alignment = 2
    doc.add_paragraph("Всего к оплате: {{ total }}").alignment = 2
    doc.add_paragraph("Всего наименований {{ count }}, на сумму {{ total }} руб.")
    p = doc.add_paragraph()
    p.add_run("{{ total_words }}").bold = True


def _signatures(doc: Any, left: str, right: str) -> None:
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = left
    table.cell(0, 1).text = right


def _invoice_form() -> Any:
    doc = _doc()
    bank = doc.add_table(rows=4, cols=3)
    bank.style = "Table Grid"
    bank.cell(0, 0).text = "{{ company.bank }}"
    bank.cell(0, 1).text = "БИК"
    bank.cell(0, 2).text = "{{ company.bik }}"
    bank.cell(1, 0).text = "Банк получателя"
    bank.cell(1, 1).text = "Сч. №"
    bank.cell(1, 2).text = "{{ company.corr_account }}"
    bank.cell(2, 0).text = "ИНН {{ company.inn }}   КПП {{ company.kpp }}"
    bank.cell(2, 1).text = "Сч. №"
    bank.cell(2, 2).text = "{{ company.account }}"
    bank.cell(3, 0).text = "{{ company.name }}\nПолучатель"
    doc.add_paragraph()
    _heading(doc, "Счёт на оплату № {{ number }} от {{ date }}")
    doc.add_paragraph("Поставщик (исполнитель): {{ company.name }}, ИНН {{ company.inn }}, КПП {{ company.kpp }}, "
                      "{{ company.address }}{% if company.phone %}, тел. {{ company.phone }}{% endif %}")
    doc.add_paragraph("Покупатель (заказчик): {{ customer.name }}{% if customer.tax_id %}, ИНН {{ customer.tax_id }}"
                      "{% endif %}{% if customer.address %}, {{ customer.address }}{% endif %}")
    doc.add_paragraph("Основание: {{ basis }}")
    _lines_table(doc)
    doc.add_paragraph("{% if due %}Оплатить не позднее {{ due }}.{% endif %} Оплата данного счёта означает "
                      "согласие с условиями поставки товара (оказания услуг).")
    _signatures(doc, "Руководитель ____________ {{ company.director }}",
                "Бухгалтер ____________ {{ company.accountant }}")
    return doc


def _act_form() -> Any:
    doc = _doc()
    _heading(doc, "Акт № {{ number }} от {{ date }}")
    doc.add_paragraph("Исполнитель: {{ company.name }}, ИНН {{ company.inn }}, {{ company.address }}")
    doc.add_paragraph("Заказчик: {{ customer.name }}{% if customer.tax_id %}, ИНН {{ customer.tax_id }}{% endif %}"
                      "{% if customer.address %}, {{ customer.address }}{% endif %}")
    doc.add_paragraph("Основание: {{ basis }}")
    _lines_table(doc)
    doc.add_paragraph("Вышеперечисленные работы (услуги) выполнены полностью и в срок. Заказчик претензий по "
                      "объёму, качеству и срокам оказания услуг не имеет.")
    _signatures(doc, "Исполнитель ____________ {{ company.director }}", "Заказчик ____________")
    return doc


def _contract_form() -> Any:
    doc = _doc()
    _heading(doc, "Договор № {{ number }}")
    doc.add_paragraph("{{ date }}").alignment = 2
    doc.add_paragraph("{{ company.name }}, именуемое в дальнейшем «Исполнитель», в лице руководителя "
                      "{{ company.director }}, с одной стороны, и {{ customer.name }}, именуемое в дальнейшем "
                      "«Заказчик», с другой стороны, заключили настоящий договор о нижеследующем.")
    doc.add_paragraph("1. Предмет договора: {{ subject }}.")
    doc.add_paragraph("2. Цена договора: {{ amount }} руб. ({{ amount_words }}).")
    doc.add_paragraph("3. Договор действует {% if valid_until %}до {{ valid_until }}{% else %}до полного "
                      "исполнения сторонами своих обязательств{% endif %}.")
    doc.add_paragraph("{{ note }}")
    doc.add_paragraph("4. Реквизиты сторон")
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = ("Исполнитель: {{ company.name }}\nИНН {{ company.inn }} КПП {{ company.kpp }}\n"
                             "{{ company.address }}\nр/с {{ company.account }}\n{{ company.bank }}\n"
                             "БИК {{ company.bik }}, к/с {{ company.corr_account }}")
    table.cell(0, 1).text = ("Заказчик: {{ customer.name }}\nИНН {{ customer.tax_id }}\n{{ customer.address }}\n"
                             "{{ customer.phone }}")
    _signatures(doc, "Исполнитель ____________ {{ company.director }}", "Заказчик ____________")
    return doc


_BUILDERS: dict[str, Callable[[], Any]] = {"invoice": _invoice_form, "act": _act_form, "contract": _contract_form}
