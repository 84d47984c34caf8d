"""Bank statements mark invoices paid, through the `import` command as a user runs it: statements written from
the format's published description (cp1251 1.03 and cp866 1.02, several payments, one matching two ways, one
matching none, an outgoing one, the same file twice, two that overlap) and real sample files from public test
suites (tests/data/real/bank, sources in SOURCES.md there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.core import bank_import, bank_statement
from client.core.replica import Replica
from lan_server.records.schema import REQUISITES_ID
from tests.servers import client

REAL = Path(__file__).resolve().parents[2] / "data" / "real" / "bank"
OURS = "40702810938000000001"
BUYER_INN = "5001234567"


def statement(docs: list[dict[str, str]], *, version: str = "1.03", encoding: str = "Windows",
              start: str = "01.12.2026", end: str = "02.12.2026") -> bytes:
    """A statement as the format's description lays it out: header, account section, documents, end."""
    lines = ["1CClientBankExchange", f"ВерсияФормата={version}", f"Кодировка={encoding}",
             "Отправитель=Банк-Клиент", "Получатель=Бухгалтерия", "ДатаСоздания=02.12.2026",
             "ВремяСоздания=10:00:00", f"ДатаНачала={start}", f"ДатаКонца={end}", f"РасчСчет={OURS}",
             "Документ=Платежное поручение", "СекцияРасчСчет", f"ДатаНачала={start}", f"ДатаКонца={end}",
             f"РасчСчет={OURS}", "НачальныйОстаток=0.00", "КонецРасчСчет"]
    for d in docs:
        lines.append("СекцияДокумент=Платежное поручение")
        lines += [f"{k}={v}" for k, v in d.items()]
        lines.append("КонецДокумента")
    lines.append("КонецФайла")
    text = "\r\n".join(lines)
    if encoding == "DOS":  # DOS's code page has no «»: banks writing it use plain quotes
        return text.replace("«", '"').replace("»", '"').encode("cp866")
    return text.encode("cp1251")


def incoming(number: str, amount: str, purpose: str, inn: str = BUYER_INN, payer: str = "ООО «Лютик»") -> dict:
    return {"Номер": number, "Дата": "01.12.2026", "Сумма": amount, "ПлательщикСчет": "40702810100000000777",
            "ДатаПоступило": "02.12.2026", "Плательщик": f"ИНН {inn} {payer}", "ПлательщикИНН": inn,
            "Плательщик1": payer, "ПлательщикКПП": "500101001", "ПолучательСчет": OURS,
            "ПолучательИНН": "7707083893", "Получатель1": "ООО «Ромашка»", "НазначениеПлатежа": purpose,
            "ВидОплаты": "01", "Очередность": "5"}


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    profile = tmp_path / "pc"
    r = Replica(profile)
    try:
        r.add("requisites", {"name": "ООО «Ромашка»", "inn": "7707083893", "account": OURS}, rec_id=REQUISITES_ID)
        org = r.add("organization", {"name": "ООО «Лютик»", "tax_id": BUYER_INN})
        other = r.add("organization", {"name": "ИП Сидоров", "tax_id": "500100732259"})
        ids = {"org": org}
        for number, price, buyer in (("15", 2450, org), ("16", 1200, org), ("17", 800, org), ("18", 990, other)):
            inv = r.add("invoice", {"number": number, "date": "2026-11-20", "organization": buyer})
            r.add("invoice_line", {"invoice": inv, "description": "Услуги", "qty": 1, "price": price})
            ids[number] = inv
    finally:
        r.close()
    return profile, ids


def _state(profile: Path, ids: dict[str, str]) -> dict[str, tuple[str, float]]:
    r = Replica(profile)
    try:
        return {n: (r.get(ids[n]).fields["status"], r.get(ids[n]).fields["paid"]) for n in ("15", "16", "17", "18")}
    finally:
        r.close()


def test_a_statement_books_payments_once_and_says_what_it_left(office: tuple[Path, dict[str, str]],
                                                               tmp_path: Path) -> None:
    profile, ids = office
    first = tmp_path / "kl_to_1c.txt"  # named as a bank names it: recognised by content
    first.write_bytes(statement([
        incoming("101", "1000.00", "Оплата по счету № 15 от 20.11.2026 за услуги, в т.ч. НДС"),   # part of 2,450
        incoming("102", "1200.00", "Оплата по сч. 16. НДС не облагается"),  # number and INN+amount both say 16
        incoming("103", "5000.00", "Возврат займа по договору 4", inn="7701234567", payer="ООО «Чужой»"),
        incoming("104", "800.00", "Оплата за услуги связи"),  # no number: the buyer's INN and the balance of 17
        {"Номер": "55", "Дата": "02.12.2026", "Сумма": "300.00", "ПлательщикСчет": OURS, "ПлательщикИНН": "7707083893",
         "ПолучательСчет": "40702810500000000111", "Получатель1": "ООО «Канцтовары»", "ПолучательИНН": "7702222222",
         "НазначениеПлатежа": "Оплата за бумагу"},
    ]))
    done = client(profile, "--lang", "ru", "import", str(first))
    assert done.returncode == 0, done.stderr
    said = done.stdout
    assert "формат 1.03, cp1251), документов: 5" in said
    assert "отнесено к счетам платежей: 3, на сумму 3\u00a0000,00" in said
    assert "→ счёт 15 (по номеру счёта и ИНН плательщика)" in said
    assert "счёт 17 (по ИНН плательщика и сумме)" in said
    assert "ООО «Чужой»" in said and "не покупатель ни по одному счёту" in said
    assert "исходящих платежей: 1, на сумму 300,00; показаны, не отнесены" in said
    assert _state(profile, ids) == {"15": ("partly_paid", 1000), "16": ("paid", 1200), "17": ("paid", 800),
                                    "18": ("issued", 0)}

    again = client(profile, "--lang", "ru", "import", str(first))
    assert again.returncode == 0 and "уже отнесены прошлым импортом: 3" in again.stdout
    assert _state(profile, ids)["15"] == ("partly_paid", 1000)

    # The next day's statement in DOS encoding (format 1.02) repeats payment 102 and brings the rest of 15.
    second = tmp_path / "выписка.txt"
    second.write_bytes(statement([incoming("102", "1200.00", "Оплата по сч. 16. НДС не облагается"),
                                  incoming("107", "1450.00", "Доплата по счёту №15 от 20.11.2026")],
                                 version="1.02", encoding="DOS"))
    assert bank_statement.parse(second.read_bytes()).encoding == "cp866"
    done = client(profile, "--lang", "ru", "import", str(second))
    assert done.returncode == 0 and "формат 1.02, cp866" in done.stdout
    assert _state(profile, ids)["15"] == ("paid", 2450) and _state(profile, ids)["16"] == ("paid", 1200)


def test_an_unmatched_payment_is_assigned_by_hand(office: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    profile, ids = office
    path = tmp_path / "st.txt"
    path.write_bytes(statement([incoming("201", "990.00", "Оплата по счету 18", inn="500100732259",
                                         payer="ИП Сидоров"),
                                incoming("202", "990.00", "Оплата по счету 15", inn="500100732259",
                                         payer="ИП Сидоров")]))
    r = Replica(profile)
    try:
        report = bank_import.run(r, path)
        assert [m.invoice.id for m in report.booked] == [ids["18"]]
        [left] = report.unmatched  # 15 is the other buyer's invoice
        assert "15" in left.reason and ids["15"] in [c.id for c in left.candidates]
        bank_import.book(r, left.doc, r.get(ids["17"]))  # the user chose invoice 17 in the dialog
        bank_import.book(r, left.doc, r.get(ids["17"]))  # a second click adds nothing
        assert r.get(ids["17"]).fields["paid"] == 990
        assert bank_import.run(r, path).again and not bank_import.run(r, path).unmatched
    finally:
        r.close()


@pytest.mark.parametrize("text, numbers", [
    ("Оплата по счету № 15 от 22.11.2026", ["15"]), ("Оплата по сч. 15", ["15"]), ("счёт №15 от 01.12", ["15"]),
    ("Оплата по счету N 1024 от 01.01.23г 18026,52", ["1024"]), ("оплата сч.№ СЧ-15/2 НДС нет", ["СЧ-15/2"]),
    ("Оплата по договору 7, без НДС", []), ("Счета 12 и сч. 13", ["12", "13"]),
])
def test_invoice_numbers_in_a_purpose(text: str, numbers: list[str]) -> None:
    assert bank_import.numbers_in(text) == numbers


def test_real_statements_from_public_test_suites(tmp_path: Path) -> None:
    one_day = bank_statement.parse((REAL / "client-bank-exchange-php_one_day.txt").read_bytes())
    assert (one_day.version, one_day.encoding, len(one_day.docs)) == ("1.02", "cp1251", 13)
    assert one_day.accounts == ("40702810200000000001",) and one_day.docs[0].kind == "Банковский ордер"
    utf8 = bank_statement.parse((REAL / "client-bank-exchange-php_one_day_utf8.txt").read_bytes())
    assert utf8.docs == one_day.docs and utf8.encoding == "utf-8"
    odoo = bank_statement.parse((REAL / "client-bank-1c_kl_to_1c.txt").read_bytes())
    assert odoo.version == "1.01" and len(odoo.docs) == 1 and odoo.docs[0].payer == "ООО Плательщик"
    assert bank_import.numbers_in(odoo.docs[0].purpose) == ["1024"]

    profile = tmp_path / "pc"
    r = Replica(profile)
    try:  # the office whose account pays in the 1C sample: its payment is outgoing, shown and not booked
        r.add("requisites", {"name": "ООО Плательщик", "account": "00000000000000000001"}, rec_id=REQUISITES_ID)
    finally:
        r.close()
    done = client(profile, "--lang", "ru", "import", str(REAL / "client-bank-1c_kl_to_1c.txt"))
    assert done.returncode == 0 and "исходящих платежей: 1, на сумму 108\u00a0159,12" in done.stdout
    done = client(profile, "--lang", "ru", "import", str(REAL / "client-bank-exchange-php_one_day.txt"))
    said = done.stdout  # the sample's own account (РасчСчет) receives 3 payments from a payer who is no buyer
    assert done.returncode == 0 and "документов: 13" in said and "без подходящего счёта: 3" in said
    assert "документов по чужим счетам (не по счёту организации): 10" in said


def test_a_broken_statement_is_said_and_nothing_is_booked(office: tuple[Path, dict[str, str]],
                                                          tmp_path: Path) -> None:
    profile, _ids = office
    path = tmp_path / "bad.txt"
    path.write_bytes(statement([incoming("1", "сто рублей", "Оплата по счету 15")]))
    done = client(profile, "--lang", "ru", "import", str(path))
    assert done.returncode != 0 and "сумма «сто рублей» — не число" in done.stderr and "Traceback" not in done.stderr
    cut = tmp_path / "cut.txt"  # a download cut short: the whole documents before the cut still count
    cut.write_bytes(statement([incoming("2", "100.00", "Оплата по счету 15")])[:-30])
    done = client(profile, "--lang", "ru", "import", str(cut), "--dry-run")
    assert done.returncode == 0 and "документов: 0" in done.stdout
