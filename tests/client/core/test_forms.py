"""Print forms made with no office suite on the PATH, through the `document` command as a user runs it: each
form's PDF is read back (page size, text, where the amounts stand), the bill's payment QR is decoded from the
rendered page by zxing-cpp and compared field by field, names come out in the right case, and the Word forms
are filled from the same layout."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest
from docx import Document

from client.core import forms, office_apps
from client.core.replica import Replica
from lan_server.documents import names, payment_qr
from lan_server.documents.pdf import width
from lan_server.records.schema import REQUISITES_ID
from tests.documents import docx_text
from tests.servers import client

REQUISITES = {"name": "ООО «Ромашка»", "inn": "7707083893", "kpp": "770701001", "bank": "ПАО Сбербанк",
              "bik": "044525225", "account": "40702810938000000001", "corr_account": "30101810400000000225",
              "director": "Смирнова Елена Викторовна", "director_position": "Генеральный директор",
              "accountant": "Петрова Анна Андреевна", "vat_rate": 20, "prices_include_vat": True,
              "address": "125009, г. Москва, ул. Тверская, д. 1", "city": "Москва"}
A4 = (595, 842)


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, dict[str, str]]]:
    """A PC's copy with requisites, a customer, a contract and two invoices (one on the contract, one not);
    PATH holds no office suite."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert office_apps.soffice() is None
    profile = tmp_path / "pc"
    r = Replica(profile)
    try:
        r.add("requisites", REQUISITES, rec_id=REQUISITES_ID)
        org = r.add("organization", {"name": "ООО «Лютик»", "tax_id": "5001234567", "kpp": "500101001",
                                     "address": "Тверь, ул. Советская, 1"})
        product = r.add("product", {"name": "Консультация юриста", "unit": "час", "price": 1000, "vat": 20})
        con = r.add("contract", {"number": "Д-7", "date": "2026-11-01", "organization": org,
                                 "subject": "оказать юридические услуги", "amount": 120000.5})
        inv = r.add("invoice", {"number": "15", "date": "2026-11-22", "due": "2026-12-05", "organization": org,
                                "contract": con})
        r.add("invoice_line", {"invoice": inv, "n": 1, "product": product, "qty": 2, "price": 1000})
        r.add("invoice_line", {"invoice": inv, "n": 2, "description": "Выезд к клиенту", "qty": 1, "price": 500,
                               "discount": 10})
        r.add("payment", {"invoice": inv, "date": "2026-11-25", "amount": 1000, "doc": "345"})
        plain = r.add("invoice", {"number": "16", "date": "2026-11-23", "organization": org})
        r.add("invoice_line", {"invoice": plain, "description": "Абонентское обслуживание", "qty": 1,
                               "price": 12345.6})
    finally:
        r.close()
    yield profile, {"org": org, "contract": con, "invoice": inv, "plain": plain}


def _pdf(profile: Path, out: Path, *args: str) -> tuple[list[tuple[float, float]], str, object]:
    from pypdf import PdfReader
    done = client(profile, "document", *args, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    reader = PdfReader(str(out))
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    return sizes, "\n".join(p.extract_text() for p in reader.pages), reader


def _right_edges(reader: object, texts: set[str], size: float) -> dict[str, float]:
    """Where each of `texts` ends on the first page, in points (the PDF's own positions)."""
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, font_size: float) -> None:
        shown = text.strip().replace("\u00a0", " ")
        if shown in texts:
            found[shown] = cm[4] + tm[4] + width(shown, size)
    reader.pages[0].extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


def test_the_bill_to_pay_pdf_with_its_payment_qr(office: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    import pypdfium2
    import zxingcpp
    profile, ids = office
    sizes, text, reader = _pdf(profile, tmp_path / "счёт.pdf", "invoice", ids["invoice"])
    assert sizes == [A4]
    for expected in ("Счёт на оплату № 15 от 22.11.2026", "ООО «Ромашка»", "ИНН 7707083893", "КПП 770701001",
                     "КПП 500101001", "Основание: Договор № Д-7 от 01.11.2026", "Консультация юриста",
                     "Выезд к клиенту (скидка 10%)", "2 450,00", "408,33", "Оплатить не позднее 05.12.2026",
                     "Две тысячи четыреста пятьдесят рублей 00 копеек", "Смирнова Е. В.", "Петрова А. А.", "М.П."):
        assert expected in text.replace("\u00a0", " "), expected
    # Amounts are right-aligned: the line sums and the totals end at the same x.
    edges = _right_edges(reader, {"2 000,00", "450,00"}, 8)
    assert len(edges) == 2 and abs(edges["2 000,00"] - edges["450,00"]) < 1.0, edges

    page = pypdfium2.PdfDocument(str(tmp_path / "счёт.pdf"))[0]
    image = page.render(scale=3).to_pil()
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1 and codes[0].format == zxingcpp.BarcodeFormat.QRCode
    fields = payment_qr.parse(codes[0].text)
    assert codes[0].text.startswith("ST00012|")
    assert fields == {"Name": "ООО «Ромашка»", "PersonalAcc": "40702810938000000001", "BankName": "ПАО Сбербанк",
                      "BIC": "044525225", "CorrespAcc": "30101810400000000225", "PayeeINN": "7707083893",
                      "KPP": "770701001", "Sum": "145000",  # the balance: 2,450.00 less 1,000.00 paid
                      "Purpose": "Оплата по счёту № 15 от 22.11.2026. в т.ч. НДС 408,33 руб.",
                      "PayerINN": "5001234567"}


def test_without_a_contract_there_is_no_basis_and_no_qr_without_a_bank(office: tuple[Path, dict[str, str]],
                                                                       tmp_path: Path) -> None:
    profile, ids = office
    _sizes, text, _reader = _pdf(profile, tmp_path / "16.pdf", "invoice", ids["plain"])
    assert "Основание" not in text and "12 345,60" in text.replace("\u00a0", " ")
    r = Replica(profile)
    try:
        r.set(REQUISITES_ID, {"bik": None})
        ctx = forms.context(r, "invoice", r.get(ids["plain"]))
        assert ctx["qr"] == b"" and ctx["basis"] == ""  # the standard requires the BIC: no code rather than a bad one
    finally:
        r.close()


def test_act_upd_contract_and_reconciliation(office: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    profile, ids = office
    sizes, act, _ = _pdf(profile, tmp_path / "акт.pdf", "act", ids["invoice"])
    assert sizes == [A4] and "Акт № 15 от 22.11.2026" in act and "ИСПОЛНИТЕЛЬ" in act and "М.П." in act

    sizes, upd, _ = _pdf(profile, tmp_path / "упд.pdf", "upd", ids["invoice"])
    assert sizes == [(842, 595)]  # A4 landscape
    flat = " ".join(upd.replace("\u00a0", " ").split())
    for expected in ("Универсальный передаточный документ", "Статус: 1", "Счёт-фактура № 15 от 22.11.2026",
                     "7707083893/770701001", "5001234567/500101001", "Российский рубль, 643", "356",
                     "2 041,67", "408,33", "2 450,00", "№ 345 от 25.11.2026", "Договор № Д-7 от 01.11.2026"):
        assert expected in flat, expected
    _sizes, upd2, _ = _pdf(profile, tmp_path / "упд2.pdf", "upd", ids["plain"], "--status", "2")
    assert "Статус: 2" in upd2

    sizes, contract, _ = _pdf(profile, tmp_path / "договор.pdf", "contract", ids["contract"])
    flat = " ".join(contract.split())
    assert sizes == [A4] and "Договор № Д-7 г. Москва «01» ноября 2026 г." in flat
    assert "в лице генерального директора Смирновой Елены Викторовны, действующей на основании Устава" in flat
    assert "120 000,50 руб. (Сто двадцать тысяч рублей 50 копеек), в том числе НДС 20%" in flat.replace("\u00a0", " ")

    sizes, rec, _ = _pdf(profile, tmp_path / "сверка.pdf", "reconciliation", ids["org"], "--from", "01.11.2026",
                         "--to", "30.11.2026")
    flat = " ".join(rec.replace("\u00a0", " ").split())
    assert sizes == [A4] and "взаимных расчётов за период: 01.11.2026 — 30.11.2026" in flat
    for expected in ("Продажа (счёт № 15 от 22.11.2026)", "Оплата (п/п № 345 от 25.11.2026)", "2 450,00",
                     "1 000,00", "12 345,60", "задолженность в пользу ООО «Ромашка» составляет 13 795,60 руб."):
        assert expected in flat, expected

    bad = client(profile, "document", "reconciliation", ids["org"], "--from", "завтра")
    assert bad.returncode != 0 and "not a date" in bad.stderr and "Traceback" not in bad.stderr
    wrong = client(profile, "document", "upd", ids["org"])
    assert wrong.returncode != 0 and "made from a record of invoice" in wrong.stderr


def test_word_forms_come_from_the_same_layout(office: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    profile, ids = office
    for form, rec, expected in (("invoice", "invoice", "Счёт на оплату № 15 от 22.11.2026"),
                                ("upd", "invoice", "Универсальный передаточный документ"),
                                ("contract", "contract", "генерального директора Смирновой Елены Викторовны")):
        out = tmp_path / f"{form}.docx"
        done = client(profile, "document", form, ids[rec], "--out", str(out))
        assert done.returncode == 0, done.stderr
        doc = Document(str(out))
        text = docx_text(out)
        assert expected in text and "{{" not in text and "{%" not in text, form
        section = doc.sections[0]
        assert (section.page_width > section.page_height) == (form == "upd")
    invoice = Document(str(tmp_path / "invoice.docx"))
    assert invoice.inline_shapes and len(invoice.inline_shapes) == 1  # the QR picture


@pytest.mark.parametrize("full, gent, short", [
    ("Смирнова Елена Викторовна", "Смирновой Елены Викторовны", "Смирнова Е. В."),
    ("Ковальчук Анна Сергеевна", "Ковальчук Анны Сергеевны", "Ковальчук А. С."),
    ("Ковальчук Олег Иванович", "Ковальчука Олега Ивановича", "Ковальчук О. И."),
    ("Шевченко Тарас Григорьевич", "Шевченко Тараса Григорьевича", "Шевченко Т. Г."),
    ("Петрова-Водкина Мария Ивановна", "Петровой-Водкиной Марии Ивановны", "Петрова-Водкина М. И."),
    ("Иванов И. И.", "Иванова И. И.", "Иванов И. И."),
])
def test_names_in_the_genitive(full: str, gent: str, short: str) -> None:
    assert names.person(full) == gent and names.short(full) == short


def test_positions_in_the_genitive() -> None:
    assert names.position("Генеральный директор") == "генерального директора"
    assert names.position("Исполнительный директор по развитию") == "исполнительного директора по развитию"
    assert names.acting("Смирнов Иван Петрович") == "действующего"


def test_qr_payload_leaves_out_separators_and_counts_kopecks() -> None:
    text = payment_qr.payload({"name": "ООО «A|B»", "account": "40702810938000000001", "bank": "Банк",
                               "bik": "044525225", "corr_account": "30101810400000000225"},
                              amount=Decimal("0.07"), purpose="Оплата\nпо счёту")
    assert text is not None and text.count("|") == 7
    assert payment_qr.parse(text)["Name"] == "ООО «A/B»" and payment_qr.parse(text)["Sum"] == "7"
    assert payment_qr.parse(text)["Purpose"] == "Оплата по счёту"
    assert io.BytesIO(payment_qr.png(text)).read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_server_makes_the_same_pdf_with_no_qt(office: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """The browser pages' path: the server's own store (here the PC's database opened as the server opens its
    own) is read by lan_server.documents' `forms.pdf`, in a process that loads neither PyQt6 nor client code."""
    import subprocess
    import sys

    from tests.servers import ROOT, env
    profile, ids = office
    db = next(profile.rglob("replica.db"))
    script = (
        "import sys\n"
        "from lan_server.records.store import Store, open_database\n"
        "from lan_server.documents import forms\n"
        f"store = Store(open_database({str(db)!r}), search=False)\n"
        f"data = forms.pdf(store, 'invoice', store.get({ids['invoice']!r}))\n"
        f"open({str(tmp_path / 'server.pdf')!r}, 'wb').write(data)\n"
        "assert not [m for m in sys.modules if m.startswith(('PyQt6', 'client'))], 'PyQt6 or client code loaded'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env(), cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    from tests.documents import pdf_text
    assert "Счёт на оплату № 15 от 22.11.2026" in pdf_text(tmp_path / "server.pdf")


def test_an_office_form_edited_in_word_and_back_to_the_built_in(office: tuple[Path, dict[str, str]],
                                                                  tmp_path: Path) -> None:
    from client.core import form_templates
    profile, ids = office
    r = Replica(profile)
    try:
        path = form_templates.edit(r, "invoice")  # what the window opens in Word
        assert form_templates.edited(r, "invoice") and docx_text(path).count("{{ number }}") == 1
        doc = Document(str(path))
        doc.add_paragraph("Спасибо за покупку! Счёт № {{ number }}")
        doc.save(str(path))  # the user saves in Word
        word_file = forms.make(r, "invoice", r.get(ids["invoice"]), out=tmp_path / "own.docx").path
        assert "Спасибо за покупку! Счёт № 15" in docx_text(word_file)
        record = r.get(form_templates.record_id("invoice"))
        assert record is not None and record.kind == "template"  # synced to every PC like any record
        with pytest.raises(ValueError, match="neither Microsoft Word nor LibreOffice"):  # its PDF needs them
            forms.make(r, "invoice", r.get(ids["invoice"]), out=tmp_path / "own.pdf", as_pdf=True)

        form_templates.back_to_built_in(r, "invoice")
        assert not form_templates.edited(r, "invoice") and not path.exists()
        made = forms.make(r, "invoice", r.get(ids["invoice"]), out=tmp_path / "built-in.pdf", as_pdf=True)
        from tests.documents import pdf_text
        assert "Спасибо" not in pdf_text(made.path) and "Счёт на оплату № 15" in pdf_text(made.path)
        path = form_templates.edit(r, "invoice")  # editing again starts from the built-in form
        assert "Спасибо" not in docx_text(path)
    finally:
        r.close()
