"""Clients no one here wrote, against an office server process and a PC of the office: vdirsyncer syncing an
address book and calendars both ways (discovery from the address alone, the server's certificate pinned by
fingerprint), and the caldav library for events and tasks. What the PC types reaches the phone, and what the phone
changes reaches the PC as its user's edit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.lan_server.web.dav.conftest import PASSWORDS
from tests.servers import ServerProcess, client


class Pc:
    """An office PC logged in as a user, driven by the organizer's commands."""

    def __init__(self, profile: Path, server: ServerProcess, user: str) -> None:
        self.profile = profile
        run = client(profile, "login", server.address, "--user", user, "--password", PASSWORDS[user])
        assert run.returncode == 0, run.stderr

    def run(self, *args: str) -> str:
        done = client(self.profile, *args)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def add(self, kind: str, **fields: Any) -> str:
        return self.run("add", kind, *(f"{k}={v}" for k, v in fields.items())).strip().split()[-1]

    def show(self, rec: str) -> dict[str, Any]:
        self.run("sync")
        found = json.loads(self.run("show", rec, "--json"))
        return dict(found.get("fields", found))

    def history(self, rec: str) -> str:
        return self.run("show", rec, "--history")


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[ServerProcess, Pc]]:
    server = ServerProcess(tmp_path / "server")
    server.add_user("olga", PASSWORDS["olga"])
    server.start()
    try:
        yield server, Pc(tmp_path / "pc", server, "olga")
    finally:
        server.stop()


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


def test_vdirsyncer_syncs_the_address_book_both_ways(office: tuple[ServerProcess, Pc], tmp_path: Path) -> None:
    server, pc = office
    org = pc.add("organization", name="ООО «Ромашка»")
    anna = pc.add("contact", name="Орлова Анна", phone="+7 912 345-67-89", organization=org, email="anna@example.ru")
    config = write_config(tmp_path, server.web_url.rstrip("/"), colon_fingerprint(server.fingerprint), kind="carddav")
    vdirsyncer(config, "discover")
    vdirsyncer(config, "sync")
    folder = tmp_path / "local" / "contacts"
    cards = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.vcf")}
    assert f"{anna}.vcf" in cards and "ORG:ООО «Ромашка»" in cards[f"{anna}.vcf"]
    assert "X-ABShowAs:COMPANY" in cards[f"{org}.vcf"]
    # The phone's side: a changed number, a new card.
    (folder / f"{anna}.vcf").write_text(cards[f"{anna}.vcf"].replace("+7 912 345-67-89", "+7 912 000-11-22"),
                                        encoding="utf-8")
    (folder / "new-from-phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:new-from-phone\r\nFN:Новиков Илья\r\nN:Новиков;Илья;;;\r\n"
        "TEL;TYPE=CELL:+7 903 123-45-67\r\nEND:VCARD\r\n", encoding="utf-8")
    vdirsyncer(config, "sync")
    assert pc.show(anna)["phone"] == "+7 912 000-11-22"  # on the PC, as olga's edit from her phone
    assert "olga  phone = '+7 912 000-11-22'" in pc.history(anna)  # in the record's history, as hers
    made = [c for c in json.loads(pc.run("list", "contact", "--json")) if c["fields"].get("name") == "Новиков Илья"]
    assert len(made) == 1 and made[0]["fields"]["phone"] == "+7 903 123-45-67"
    # The PC's side: the organization renamed; the phone's card of Anna follows.
    pc.run("set", org, "name=ООО «Ромашка плюс»")
    vdirsyncer(config, "sync")
    assert "ORG:ООО «Ромашка плюс»" in (folder / f"{anna}.vcf").read_text(encoding="utf-8")
    (folder / "new-from-phone.vcf").unlink()
    vdirsyncer(config, "sync")
    pc.run("sync")
    assert made[0]["id"] in pc.run("bin", "contact")  # in the bin, not gone


def test_vdirsyncer_refuses_a_server_whose_certificate_is_not_the_pinned_one(office: tuple[ServerProcess, Pc],
                                                                             tmp_path: Path) -> None:
    server, _ = office
    config = write_config(tmp_path, server.web_url.rstrip("/"), ":".join(["AB"] * 32), kind="carddav")
    exe = Path(sys.executable).with_name("vdirsyncer")
    run = subprocess.run([str(exe), "-c", str(config), "discover"], input="y\n" * 5, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0 and "Failed to discover" in run.stderr and "\\xab\\xab" in run.stderr, run.stderr


def test_vdirsyncer_syncs_calendars_both_ways(office: tuple[ServerProcess, Pc], tmp_path: Path) -> None:
    server, pc = office
    event = pc.add("event", title="Встреча", when="2026-05-04 10:00", assignee="olga", remind_before="15")
    task = pc.add("task", title="Позвонить", due="2026-05-05 09:30", assignee="olga", repeat="weekly:mon")
    config = write_config(tmp_path, server.web_url.rstrip("/"), colon_fingerprint(server.fingerprint), kind="caldav")
    vdirsyncer(config, "discover")
    vdirsyncer(config, "sync")
    events, tasks = tmp_path / "local" / "events", tmp_path / "local" / "tasks"
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO" in (tasks / f"{task}.ics").read_text(encoding="utf-8")
    moved = (events / f"{event}.ics").read_text(encoding="utf-8").replace("T100000", "T113000")
    (events / f"{event}.ics").write_text(moved, encoding="utf-8")
    done = (tasks / f"{task}.ics").read_text(encoding="utf-8").replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    (tasks / f"{task}.ics").write_text(done, encoding="utf-8")
    vdirsyncer(config, "sync")
    moved_event = pc.show(event)
    assert moved_event["when"] == "2026-05-04T11:30" and moved_event["remind_before"] == 15
    assert pc.show(task)["done"] is True


def test_the_caldav_library_for_events_and_tasks(office: tuple[ServerProcess, Pc]) -> None:
    caldav = pytest.importorskip("caldav")
    server, pc = office
    pc.add("event", title="Планёрка", when="2026-05-04 09:00", assignee="olga")
    from datetime import datetime
    with caldav.DAVClient(url=server.web_url, username="olga", password=PASSWORDS["olga"],
                          ssl_verify_cert=False) as dav:
        principal = dav.principal()
        calendars = {c.url.path.rstrip("/").rsplit("/", 1)[-1]: c for c in principal.calendars()}
        assert {"events", "tasks", "office-events"} <= set(calendars)
        mine = calendars["events"]
        found = mine.search(start=datetime(2026, 5, 4), end=datetime(2026, 5, 5), event=True)
        assert [str(e.icalendar_component["summary"]) for e in found] == ["Планёрка"]
        made = mine.save_event(dtstart=datetime(2026, 5, 6, 15, 0), dtend=datetime(2026, 5, 6, 16, 0),
                               summary="Созвон с поставщиком", uid="caldav-ev-1")
        tasks = calendars["tasks"]
        todo = tasks.save_todo(summary="Отправить счёт", due=datetime(2026, 5, 7, 12, 0), uid="caldav-td-1")
        todo.complete()
        pc.run("sync")
        records = {r["fields"]["title"]: r for kind in ("event", "task")
                   for r in json.loads(pc.run("list", kind, "--json"))}
        assert records["Созвон с поставщиком"]["fields"]["when"] == "2026-05-06T15:00"
        assert records["Созвон с поставщиком"]["fields"]["assignee"] == "olga"
        assert records["Отправить счёт"]["fields"]["done"] is True
        open_tasks = tasks.search(todo=True, include_completed=False)
        assert "Отправить счёт" not in [str(t.icalendar_component["summary"]) for t in open_tasks]
        made.delete()
        pc.run("sync")
        assert records["Созвон с поставщиком"]["id"] in pc.run("bin", "event")
