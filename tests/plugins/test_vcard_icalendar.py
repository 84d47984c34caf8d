"""The vCard and iCalendar plugins, loaded through the plugin registry like any third-party plugin."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import icalendar

from client import cli
from client.core.plugins import registry

# What an Android phone exports: vCard 2.1, quoted-printable Cyrillic, folded lines, several numbers.
PHONE_VCF = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD=D0=BE=D0=B2;=D0=9F=D1=91=D1=82=D1=80;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9F=D1=91=D1=82=D1=80 =D0=98=D0=B2=D0=B0=D0=BD=D0=BE=\r\n"
    "=D0=B2\r\n"
    "TEL;CELL;PREF:+7 916 111-22-33\r\nTEL;WORK:8 (495) 765-43-21\r\n"
    "EMAIL;HOME:petr@example.ru\r\nORG:ООО Ромашка\r\nBDAY:19801122\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ольга Смирнова\r\nTEL;TYPE=CELL:89162223344\r\n"
    "NOTE:Знакомая по выставке\\, осень 2025\r\n"
    "item1.EMAIL;TYPE=INTERNET:olga@example.ru\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Кузнецов;Андрей;;;\r\nTEL;VALUE=uri;TYPE=cell:tel:+7-921-333-44-55\r\n"
    "TITLE:Менеджер\r\nGARBAGE WITHOUT A COLON\r\nEND:VCARD\r\n"
)


def run(profile: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--profile", str(profile), *args], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def test_plugins_register_through_the_same_registry() -> None:
    reg = registry()
    assert {"plugins.vcard", "plugins.icalendar", "client.core.io.builtin"} <= set(reg.loaded)
    assert "vcf" in reg.readers and "vcf" in reg.writers and "ics" in reg.writers


def test_phone_vcf_imports_every_card(tmp_path: Path) -> None:
    src = tmp_path / "contacts.vcf"
    src.write_text(PHONE_VCF, encoding="utf-8")
    code, text = run(tmp_path / "pc", "import", str(src))
    assert code == 0 and "3 records were added" in text, text
    out = io.StringIO()
    cli.main(["--profile", str(tmp_path / "pc"), "list", "contact", "--json"], out=out)
    got = {r["fields"]["name"]: r["fields"] for r in json.loads(out.getvalue())}
    petr = got["Пётр Иванов"]
    assert petr["phone"] == "+7 916 111-22-33" and petr["email"] == "petr@example.ru"
    assert petr["birthday"] == "1980-11-22" and "8 (495) 765-43-21" in petr["note"]  # the second number kept
    assert got["Ольга Смирнова"]["phone"] == "+7 916 222-33-44"
    assert got["Ольга Смирнова"]["note"] == "Знакомая по выставке, осень 2025"
    assert got["Ольга Смирнова"]["email"] == "olga@example.ru"
    assert got["Кузнецов Андрей"]["position"] == "Менеджер"
    assert got["Кузнецов Андрей"]["phone"] == "+7 921 333-44-55"


def test_vcf_round_trip_and_ics_export(tmp_path: Path) -> None:
    src = tmp_path / "contacts.vcf"
    src.write_text(PHONE_VCF, encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    run(a, "import", str(src))
    assert run(a, "export", "contact", str(tmp_path / "out.vcf"))[0] == 0
    code, text = run(b, "import", str(tmp_path / "out.vcf"))
    assert code == 0 and "3 records were added" in text
    for p in (a, b):
        out = io.StringIO()
        cli.main(["--profile", str(p), "list", "contact", "--json"], out=out)
    assert run(a, "add", "task", "title=Позвонить, обсудить; договор", "due=22.11.2026 14:30",
               "remind_at=22.11.2026 14:15")[0] == 0
    assert run(a, "add", "event", "title=Встреча", "when=23.11.2026 10:00", "type=meeting")[0] == 0
    assert run(a, "export", "task", str(tmp_path / "tasks.ics"))[0] == 0
    ics = (tmp_path / "tasks.ics").read_bytes().decode("utf-8")
    assert "BEGIN:VTODO" in ics and "SUMMARY:Позвонить\\, обсудить\\; договор" in ics
    todo = icalendar.Calendar.from_ical(ics).walk("VTODO")[0]  # a reader we did not write
    due = todo.decoded("due")
    assert (due.hour, due.minute) == (14, 30)
    assert todo.walk("VALARM")[0].decoded("trigger") == due - timedelta(minutes=15)  # the reminder's own time
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    assert run(a, "export", "event", str(tmp_path / "events.ics"))[0] == 0
    event = icalendar.Calendar.from_ical((tmp_path / "events.ics").read_text(encoding="utf-8")).walk("VEVENT")[0]
    assert event.decoded("dtstart").replace(tzinfo=None) == datetime(2026, 11, 23, 10, 0)
    code, text = run(a, "export", "contact", str(tmp_path / "c.ics"))
    assert code == 6 and "tasks and events" in text


def test_a_file_with_no_card_is_refused_clearly(tmp_path: Path) -> None:
    src = tmp_path / "empty.vcf"
    src.write_text("hello", encoding="utf-8")
    code, text = run(tmp_path / "pc", "import", str(src))
    assert code == 6 and "no vCard" in text
