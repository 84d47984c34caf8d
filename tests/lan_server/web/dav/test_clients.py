"""Clients no one here wrote, against a running office server: vdirsyncer syncing an address book and calendars
both ways (discovery from the address alone, the server's certificate pinned by fingerprint), and the caldav
library for events and tasks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.lan_server.web.dav.conftest import PASSWORDS, Office


def colon_fingerprint(fp: str) -> str:
    digits = fp.split(":", 1)[1] if fp.upper().startswith("SHA256:") else fp
    return ":".join(digits[i:i + 2] for i in range(0, len(digits), 2)).upper()


def vdirsyncer(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("vdirsyncer")
    run = subprocess.run([str(exe), "-c", str(config), *args], input="y\n" * 20, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def write_config(tmp: Path, url: str, fingerprint: str, *, kind: str, user: str = "olga") -> Path:
    ext = ".vcf" if kind == "carddav" else ".ics"
    config = tmp / f"{kind}.conf"
    config.write_text(f"""
[general]
status_path = "{tmp / 'status'}/"

[pair office]
a = "office_remote"
b = "office_local"
collections = ["from a"]
conflict_resolution = "a wins"

[storage office_remote]
type = "{kind}"
url = "{url}/"
username = "{user}"
password = "{PASSWORDS[user]}"
verify_fingerprint = "{fingerprint}"

[storage office_local]
type = "filesystem"
path = "{tmp / 'local'}/"
fileext = "{ext}"
""", encoding="utf-8")
    return config


def test_vdirsyncer_syncs_the_address_book_both_ways(office: Office, tmp_path: Path) -> None:
    org = office.add("olga", "organization", name="ООО «Ромашка»")
    anna = office.add("olga", "contact", name="Орлова Анна", phone="+7 912 345-67-89", organization=org,
                      email="anna@example.ru")
    config = write_config(tmp_path, office.server.url, colon_fingerprint(office.server.fingerprint), kind="carddav")
    vdirsyncer(config, "discover")
    vdirsyncer(config, "sync")
    folder = tmp_path / "local" / "contacts"
    cards = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.vcf")}
    assert f"{anna}.vcf" in cards and "ORG:ООО «Ромашка»" in cards[f"{anna}.vcf"]
    assert "X-ABShowAs:COMPANY" in cards[f"{org}.vcf"]
    # The phone's side: a changed number, a new card, a deleted card.
    (folder / f"{anna}.vcf").write_text(cards[f"{anna}.vcf"].replace("+7 912 345-67-89", "+7 912 000-11-22"),
                                        encoding="utf-8")
    (folder / "new-from-phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:new-from-phone\r\nFN:Новиков Илья\r\nN:Новиков;Илья;;;\r\n"
        "TEL;TYPE=CELL:+7 903 123-45-67\r\nEND:VCARD\r\n", encoding="utf-8")
    vdirsyncer(config, "sync")
    assert office.get(anna).fields["phone"] == "+7 912 000-11-22"
    history = office.server.call(office.store.history, anna)
    assert any(e.field == "phone" and e.user == "olga" and e.dev == "dav:olga" for e in history)
    made = [r for r, _ in office.server.call(office.store.records_of_kinds, ["contact"])
            if r.fields.get("name") == "Новиков Илья"]
    assert len(made) == 1 and made[0].fields["phone"] == "+7 903 123-45-67" and made[0].creator == "olga"
    # The office's side: a colleague renames the organization on a PC; the phone's card of Anna follows.
    office.edit("admin", org, "organization", name="ООО «Ромашка плюс»")
    vdirsyncer(config, "sync")
    assert "ORG:ООО «Ромашка плюс»" in (folder / f"{anna}.vcf").read_text(encoding="utf-8")
    (folder / "new-from-phone.vcf").unlink()
    vdirsyncer(config, "sync")
    assert office.get(made[0].id).deleted  # in the bin, not gone


def test_vdirsyncer_refuses_a_server_whose_certificate_is_not_the_pinned_one(office: Office, tmp_path: Path) -> None:
    config = write_config(tmp_path, office.server.url, ":".join(["AB"] * 32), kind="carddav")
    exe = Path(sys.executable).with_name("vdirsyncer")
    run = subprocess.run([str(exe), "-c", str(config), "discover"], input="y\n" * 5, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0 and "Failed to discover" in run.stderr and "\\xab\\xab" in run.stderr, run.stderr


def test_vdirsyncer_syncs_calendars_both_ways(office: Office, tmp_path: Path) -> None:
    event = office.add("admin", "event", title="Встреча", when="2026-05-04T10:00", assignee="olga", remind_before=15)
    task = office.add("admin", "task", title="Позвонить", due="2026-05-05T09:30", assignee="olga")
    config = write_config(tmp_path, office.server.url, colon_fingerprint(office.server.fingerprint), kind="caldav")
    vdirsyncer(config, "discover")
    vdirsyncer(config, "sync")
    events, tasks = tmp_path / "local" / "events", tmp_path / "local" / "tasks"
    moved = (events / f"{event}.ics").read_text(encoding="utf-8").replace("T100000", "T113000")
    (events / f"{event}.ics").write_text(moved, encoding="utf-8")
    done = (tasks / f"{task}.ics").read_text(encoding="utf-8").replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    (tasks / f"{task}.ics").write_text(done, encoding="utf-8")
    vdirsyncer(config, "sync")
    assert office.get(event).fields["when"] == "2026-05-04T11:30" and office.get(event).fields["remind_before"] == 15
    assert office.get(task).fields["done"] is True


def test_the_caldav_library_for_events_and_tasks(office: Office) -> None:
    caldav = pytest.importorskip("caldav")
    office.add("admin", "event", title="Планёрка", when="2026-05-04T09:00", assignee="olga")
    with caldav.DAVClient(url=office.server.url + "/", username="olga", password=PASSWORDS["olga"],
                          ssl_verify_cert=False) as client:
        principal = client.principal()
        calendars = {c.url.path.rstrip("/").rsplit("/", 1)[-1]: c for c in principal.calendars()}
        assert {"events", "tasks", "office-events"} <= set(calendars)
        mine = calendars["events"]
        from datetime import datetime
        found = mine.search(start=datetime(2026, 5, 4), end=datetime(2026, 5, 5), event=True)
        assert [str(e.icalendar_component["summary"]) for e in found] == ["Планёрка"]
        made = mine.save_event(dtstart=datetime(2026, 5, 6, 15, 0), dtend=datetime(2026, 5, 6, 16, 0),
                               summary="Созвон с поставщиком", uid="caldav-ev-1")
        assert made is not None
        tasks = calendars["tasks"]
        todo = tasks.save_todo(summary="Отправить счёт", due=datetime(2026, 5, 7, 12, 0), uid="caldav-td-1")
        todo.complete()
        events = {r.fields["title"]: r for r, _ in office.server.call(office.store.records_of_kinds, ["event", "task"])}
        assert events["Созвон с поставщиком"].fields["when"] == "2026-05-06T15:00"
        assert events["Созвон с поставщиком"].fields["assignee"] == "olga"
        assert events["Отправить счёт"].fields["done"] is True and events["Отправить счёт"].kind == "task"
        open_tasks = tasks.search(todo=True, include_completed=False)
        assert "Отправить счёт" not in [str(t.icalendar_component["summary"]) for t in open_tasks]
        made.delete()
        assert office.get(events["Созвон с поставщиком"].id).deleted
