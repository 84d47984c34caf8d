"""The record commands as a script or an administrator uses them, against a real server process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from tests.servers import ServerProcess, client


def test_show_history_on_a_pc_that_joined_later_asks_the_server_and_keeps_its_own_unsent_edits(
        office_server: ServerProcess, make_profile: Callable[..., Path]) -> None:
    first = make_profile("first")
    rec = client(first, "add", "contact", "name=Анна Иванова", "city=Тверь").stdout.strip()
    for city in ("Москва", "Казань"):
        assert client(first, "set", rec, f"city={city}").returncode == 0
    later = make_profile("later")  # its first copy holds the current values and what the record was made with
    office_server.stop()
    assert client(later, "set", rec, "phone=+79001234567").returncode == 0  # offline, not sent yet
    offline = client(later, "show", rec, "--json", "--history")
    assert "the server did not answer" in offline.stderr  # says what it shows
    assert {h["value"] for h in json.loads(offline.stdout)["history"] if h["field"] == "city"} == {"Тверь", "Казань"}
    office_server.start()
    r = client(later, "show", rec, "--json", "--history")
    assert r.returncode == 0 and not r.stderr, r.stderr
    history = json.loads(r.stdout)["history"]
    cities = [(h["value"], h["current"]) for h in history if h["field"] == "city"]
    assert sorted(cities) == [("Казань", True), ("Москва", False), ("Тверь", False)]
    assert [(h["value"], h["current"]) for h in history if h["field"] == "phone"] == [("+7 900 123-45-67", True)]
    lines = [line for line in client(later, "show", rec, "--history").stdout.splitlines() if "city = " in line]
    assert [line.split("city = ")[1][:8] for line in lines] == ["'Тверь' ", "'Москва'", "'Казань'"], lines  # in order


def test_spaces_typed_in_a_title_are_kept_and_a_link_typed_with_other_spacing_still_finds_it(tmp_path: Path) -> None:
    import io

    from client import cli

    def run(*args: str) -> str:
        out = io.StringIO()
        assert cli.main(["--profile", str(tmp_path / "pc"), *args], out=out, err=out) == 0, out.getvalue()
        return out.getvalue().strip()
    org = run("add", "organization", "name=ООО   «Ромашка»\t ")  # as typed; the tab at the end is dropped
    assert json.loads(run("show", org, "--json"))["fields"]["name"] == "ООО   «Ромашка»"
    contact = run("add", "contact", "name=Иван", "organization=ооо «ромашка»")  # one space, another case
    assert json.loads(run("show", contact, "--json"))["fields"]["organization"] == org


def test_a_new_offices_requisites_are_made_by_a_command_and_changed_by_another(
        office_server: ServerProcess, make_profile: Callable[..., Path]) -> None:
    """On a new office the administrator types the requisites the bills carry: `add requisites` makes the office's
    one set (the one the window's Settings show and every PC reads), a second `add` says to use `set`."""
    admin = make_profile("admin")
    made = client(admin, "add", "requisites", "name=ООО «Ромашка»", "inn=7707083893")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "requisites:office"
    again = client(admin, "add", "requisites", "name=ООО «Лютик»")
    assert again.returncode != 0 and "set requisites:office" in again.stderr, again.stderr
    assert client(admin, "set", "requisites:office", "director=Иванов И. И.").returncode == 0
    other = make_profile("other")  # another PC of the office reads them as the bills will
    shown = json.loads(client(other, "show", "requisites:office", "--json").stdout)
    fields = shown.get("fields", shown)
    assert (fields["name"], fields["inn"], fields["director"]) == ("ООО «Ромашка»", "7707083893", "Иванов И. И."), shown
