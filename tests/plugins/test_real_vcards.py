"""vCards that phones and mail programs really export (tests/data/real/vcard, see SOURCES.md): nothing of a
card is lost, no-year birthdays import, and what we export vobject (a reader we did not write) reads and we
read back unchanged; a value is read in the charset its CHARSET= names (Shift_JIS, Windows-1251, KOI8-R)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import vobject

from client import cli
from tests.servers import ROOT

REAL = ROOT / "tests" / "data" / "real" / "vcard"
FILES = sorted(REAL.glob("*.vcf"))


def run(profile: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--profile", str(profile), *args], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def contacts(profile: Path) -> list[dict]:
    out = io.StringIO()
    cli.main(["--profile", str(profile), "list", "contact", "--json"], out=out)
    return [r["fields"] for r in json.loads(out.getvalue())]


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def what_the_file_holds(path: Path) -> list[tuple[list[str], list[str]]]:
    """(phone numbers, e-mail addresses) of each card, read line by line here (vobject itself gives up on
    Android's 2.1 file: its quoted-printable and photo lines)."""
    import quopri
    cards: list[tuple[list[str], list[str]]] = []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for n, line in enumerate(lines):
        if line.startswith("BEGIN:VCARD"):
            cards.append(([], []))
        m = re.match(r"(?:item\d+\.)?(TEL|EMAIL)([;:])", line, re.IGNORECASE)
        if m and cards:
            params, value = line.split(":", 1)
            if "QUOTED-PRINTABLE" in params.upper():  # soft line breaks, then the bytes as UTF-8
                while value.endswith("=") and n + 1 < len(lines):
                    n += 1
                    value = value[:-1] + lines[n]
                value = quopri.decodestring(value.encode()).decode("utf-8")
            cards[-1][0 if m.group(1).upper() == "TEL" else 1].append(value.strip())
    return cards


def test_the_set_covers_each_class_from_more_than_one_source() -> None:
    sources = {p.name.split("_", 1)[0] for p in FILES}
    assert sources == {"ez-vcard", "sabre-vobject", "aosp-vcard", "here"} and len(FILES) >= 15
    assert (REAL / "SOURCES.md").exists()


@pytest.mark.parametrize("path", [p for p in FILES if "IPHONE" in p.name or "outlook" in p.name.lower()
                                  or "ANDROID" in p.name or "EVOLUTION" in p.name], ids=lambda p: p.stem)
def test_every_phone_and_email_of_every_card_is_kept(tmp_path: Path, path: Path) -> None:
    code, text = run(tmp_path / "pc", "import", str(path), "--on-duplicate", "create")
    assert code == 0, text
    stored = [" ".join(str(v) for v in c.values()) for c in contacts(tmp_path / "pc")]
    everything = digits(" ".join(stored))
    joined = " ".join(stored).lower()
    expected = what_the_file_holds(path)
    assert sum(len(t) for t, _ in expected) >= 2
    for tels, emails in expected:
        for tel in tels:
            assert digits(tel.removeprefix("tel:"))[-7:] in everything, tel
        for email in emails:
            assert email.lower().strip() in joined, email
    if any(len(t) > 1 for t, _ in expected):
        assert "kept in the note (the section has no field for them)" in text  # and the report says where


def test_a_section_with_a_field_for_a_kind_of_number_gets_it_there(tmp_path: Path) -> None:
    from client.core.replica import Replica
    pc = tmp_path / "pc"
    replica = Replica(pc)
    replica.set_field("contact", "rabochii_telefon", {"label_en": "Work phone", "label_ru": "Рабочий телефон",
                                                      "type": "phone"})
    replica.close()
    code, text = run(pc, "import", str(REAL / "ez-vcard_John_Doe_IPHONE.vcf"))
    assert code == 0, text
    (john,) = contacts(pc)
    work = next(k for k in john if k.startswith("rabochii"))
    assert john[work] == "+7 905 777-12-34"  # no country code: read in the office's country (RU by default)
    assert "Рабочий телефон:" not in john.get("note", "")
    assert "Домашний телефон: 905-666-1234" in john["note"] and john["phone"] == "+7 905 555-12-34"


@pytest.mark.parametrize("name, day", [("ez-vcard_rfc6350-example.vcf", "03.02"),
                                       ("sabre-vobject_apple-omit-year.vcf", "07.04")])
def test_a_birthday_without_a_year_does_not_cost_the_card(tmp_path: Path, name: str, day: str) -> None:
    code, text = run(tmp_path / "pc", "import", str(REAL / name))
    assert code == 0 and "1 records were added" in text and "0 rows could not be imported" in text, text
    (card,) = contacts(tmp_path / "pc")
    assert "birthday" not in card and f"День рождения (без года): {day}" in card["note"]


def test_notes_urls_organizations_and_addresses_survive(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    for name in ("ez-vcard_John_Doe_GMAIL.vcf", "ez-vcard_outlook-2007.vcf", "ez-vcard_John_Doe_EVOLUTION.vcf"):
        assert run(pc, "import", str(REAL / name), "--on-duplicate", "create")[0] == 0
    got = contacts(pc)
    gmail = next(c for c in got if "Favotire Color: Blue" in c.get("note", ""))
    assert '"AS IS"' in gmail["note"] and "SERVICES; LOSS OF USE, DATA, OR PROFITS;" in gmail["note"]
    assert gmail["address"].startswith("Crescent moon drive 555-asd Nice Area, Albaney")  # one line: a text field
    outlook = next(c for c in got if c["name"] == "Mr. Michael Angstadt Jr.")
    assert "It does not preserve the formatting" in outlook["note"]
    assert "Сайт: http://mikeangstadt.name" in outlook["note"] and "Сайт 2: http://mikeangstadt.name" in outlook["note"]
    assert outlook["city"] == "New York" and "222 Broadway" in outlook["address"] and "Отдел: TheDepartment" in \
        outlook["note"]
    evolution = next(c for c in got if "Dungeon" in c.get("note", ""))
    assert evolution["position"] == "Money Counter" and "Отдел: Accounting, Dungeon" in evolution["note"]


def test_what_we_export_vobject_reads_and_we_read_back_unchanged(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    tricky = "строка 1\r\nстрока 2; с точкой с запятой, запятой и \\ обратной чертой"
    assert run(a, "add", "contact", "name=Иванов; Пётр", "phone=+49 30 1234567", f"note={tricky}",
               "address=ул. Ленина, 1; кв. 2", "city=Тверь", "birthday=1980-11-22", "position=Директор, учредитель",
               "email=petr@example.ru")[0] == 0
    for name in ("ez-vcard_outlook-2007.vcf", "ez-vcard_John_Doe_GMAIL.vcf"):
        assert run(a, "import", str(REAL / name))[0] == 0
    out = tmp_path / "out.vcf"
    assert run(a, "export", "contact", str(out))[0] == 0
    raw = out.read_bytes()
    assert b"\r\r" not in raw and b"\n\\n" not in raw  # a CR in a value is escaped, not written bare
    cards = list(vobject.readComponents(out.read_text(encoding="utf-8")))
    assert len(cards) == 3
    petr = next(c for c in cards if c.fn.value == "Иванов; Пётр")
    assert petr.note.value.replace("\r\n", "\n") == tricky.replace("\r\n", "\n")
    assert petr.tel.value == "+49 30 1234567"
    assert run(b, "import", str(out))[0] == 0
    before = {c["name"]: c for c in contacts(a)}
    after = {c["name"]: c for c in contacts(b)}
    assert set(after) == set(before)
    for name, fields in before.items():
        for key in ("phone", "email", "city", "address", "birthday", "position"):
            assert after[name].get(key) == fields.get(key), (name, key)
        assert after[name]["note"].replace("\r\n", "\n") == fields["note"].replace("\r\n", "\n")
    assert after["Иванов; Пётр"]["phone"] == "+49 30 1234567"  # its country kept, not forced to +7


def test_numbers_without_a_country_code_are_read_in_the_offices_country(tmp_path: Path) -> None:
    from client.core.replica import Replica
    from lan_server.records.schema import REQUISITES_ID
    replica = Replica(tmp_path / "pc")
    replica.add("requisites", {"name": "Büro Berlin", "country": "DE"}, rec_id=REQUISITES_ID)
    replica.close()
    src = tmp_path / "de.vcf"
    src.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hans\r\nTEL;TYPE=WORK:030 1234567\r\nTEL:+7 916 111-22-33\r\n"
                   "END:VCARD\r\n", encoding="utf-8")
    assert run(tmp_path / "pc", "import", str(src))[0] == 0
    (hans,) = contacts(tmp_path / "pc")
    assert hans["phone"] == "+49 30 1234567" and "+7 916 111-22-33" in hans["note"]


@pytest.mark.parametrize("name, expected", [
    ("aosp-vcard_v21_japanese_1.vcf", {"安藤ロイド": ""}),
    ("aosp-vcard_v21_japanese_2.vcf", {"安藤 ロイド 1": "メモ"}),  # quoted-printable Shift_JIS too
    ("aosp-vcard_v21_multiple_entry.vcf", {"安藤ロイド3": "", "安藤ロイド4": "", "安藤ロイド5": ""}),
    ("here_windows-1251.vcf", {"Соколова Мария Ивановна": "Звонить после обеда", "Орлов Юрий": ""}),
    ("here_koi8-r.vcf", {"Жуков Эдуард": "Ёлки привезёт в декабре"}),
    # One file, four cards: Windows-1251, KOI8-R, Shift_JIS, and a charset nobody knows (read in the file's own
    # encoding: the card is kept, never refused).
    ("here_mixed-charsets.vcf", {"Белова Анна": "", "Белов Пётр": "", "山田 花子": "メモ", "Ivan Unknown": ""}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_value_is_read_in_the_charset_its_card_names(tmp_path: Path, name: str, expected: dict[str, str]) -> None:
    code, text = run(tmp_path / "pc", "import", str(REAL / name), "--on-duplicate", "create")
    assert code == 0 and f"{len(expected)} records were added" in text, text
    got = {c["name"]: c for c in contacts(tmp_path / "pc")}
    assert set(got) == set(expected)
    for who, note in expected.items():
        assert note in got[who].get("note", "")
    if name == "here_windows-1251.vcf":
        sokolova = got["Соколова Мария Ивановна"]
        assert sokolova["position"] == "Главный бухгалтер" and sokolova["city"] == "Санкт-Петербург"
        assert "Отдел: Бухгалтерия" in sokolova["note"] and "Невский пр., 28" in sokolova["address"]


def test_a_notes_line_breaks_survive_export_and_re_reading(tmp_path: Path) -> None:
    """Windows' CR LF, an old Mac's CR and Unix's LF are each one line break; blank lines, an indented line and a
    line long enough to be folded come back as written. vCard has one way to write a line break (\\n), so each
    comes back as LF, the form the window's note editor gives."""
    from client.core.replica import Replica
    note = ("Первая строка\r\n\r\n  - пункт с отступом\r\nстарый Mac\rпоследняя\n\n" + "длинная строка " * 12
            + "\nконец")
    a, b = tmp_path / "a", tmp_path / "b"
    replica = Replica(a)
    replica.add("contact", {"name": "Иван", "note": note})
    replica.close()
    assert run(a, "export", "contact", str(tmp_path / "out.vcf"))[0] == 0
    raw = (tmp_path / "out.vcf").read_bytes()
    assert b"\r\r" not in raw and b"\n\\n" not in raw and raw.count(b"\r\n ") >= 2  # escaped, and folded
    assert run(b, "import", str(tmp_path / "out.vcf"))[0] == 0
    assert run(a, "import", str(tmp_path / "out.vcf"), "--on-duplicate", "create")[0] == 0
    for p in (a, b):
        notes = [c["note"] for c in contacts(p)]
        assert note.replace("\r\n", "\n").replace("\r", "\n") in notes, notes
