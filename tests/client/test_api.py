"""The plugin surface: a plugin from outside the source tree, found through its entry point, adds a command,
a card action, a veto, a derived field, a template variable and a record hook (the example of
docs/PLUGINS.md, run as written); a menu action and a section of a plugin reach the window and the office."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.servers import ROOT

HOOK = '''

import os


def _heard(change) -> None:
    with open(os.environ["HOOK_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{change.source} {sorted(change.kinds)}\\n")


_register = register


def register(api) -> None:
    _register(api)
    api.on_record_change(_heard)
'''


def example_plugin() -> str:
    """The plugin exactly as the guide shows it."""
    guide = (ROOT / "docs" / "PLUGINS.md").read_text(encoding="utf-8")
    return re.search(r"`office_extras/__init__.py`:\n\n```python\n(.*?)```", guide, re.S).group(1)  # type: ignore


def install_outside(site: Path, code: str) -> None:
    package = site / "office_extras"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(code, encoding="utf-8")
    info = site / "office_extras-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: office-extras\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[lan_organizer.plugins]\noffice_extras = office_extras\n",
                                           encoding="utf-8")


def test_a_plugin_from_an_entry_point_adds_a_command_and_hears_changes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install_outside(site, example_plugin() + HOOK)
    env = {**os.environ, "PYTHONPATH": str(site), "HOOK_LOG": str(tmp_path / "hook.log")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "client", "--profile", str(tmp_path / "pc"), *args], env=env,
                              capture_output=True, text=True, timeout=60, cwd=tmp_path)
    for name, city in (("Анна", "Тверь"), ("Борис", "Тверь"), ("Вера", "Омск")):
        assert run("add", "contact", f"name={name}", f"city={city}").returncode == 0
    r = run("cities")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["Омск\t1", "Тверь\t2"]
    assert (tmp_path / "hook.log").read_text(encoding="utf-8").splitlines() == ["local ['contact']"] * 3
    assert "cities" in run("--help").stdout
    refused = run("add", "contact", "city=Тверь")  # the plugin's veto: a contact needs a name
    assert refused.returncode != 0 and "a contact needs a name" in refused.stderr, refused.stderr
    assert run("cities").stdout.splitlines() == ["Омск\t1", "Тверь\t2"]  # nothing was stored
    listed = run("list", "contact", "--json")
    assert listed.returncode == 0, listed.stderr
    assert sorted(r["fields"]["initials"] for r in json.loads(listed.stdout)) == ["А", "Б", "В"]  # derived


def test_the_card_action_of_a_plugin_runs_from_the_card(qtbot, tmp_path: Path, monkeypatch) -> None:
    from client.core import plugins
    from client.core.merge import record_context
    from client.core.replica import Replica
    from client.ui.main_window import MainWindow
    monkeypatch.setattr(plugins, "_registry", None)  # a registry of this test's own, dropped after it
    namespace: dict[str, object] = {}
    exec(example_plugin(), namespace)  # the guide's plugin, registered as the loader would
    api = plugins.registry()
    namespace["register"](api)  # type: ignore[operator]
    replica = Replica(tmp_path / "pc")
    api.attach(replica)
    try:
        rec = replica.add("contact", {"name": "Анна"})
        task = replica.add("task", {"title": "Позвонить"})
        window = MainWindow(replica, lang="ru")
        qtbot.addWidget(window)
        window.open_record(task)
        assert "Отметить звонок" not in [a.text() for a in window.card.actions_menu.actions()]  # only for contacts
        window.open_record(rec)
        entries = [a for a in window.card.actions_menu.actions() if a.text() == "Отметить звонок"]
        assert entries and window.card.actions_button.isVisibleTo(window)
        entries[0].trigger()
        assert replica.get(rec).fields["note"] == "Звонили"  # type: ignore[union-attr]
        assert window.card.editors["note"].widget.toPlainText() == "Звонили"  # the card shows it at once
        anna = replica.get(rec)
        assert anna is not None and anna.fields["initials"] == "А"  # derived on read, never stored
        context = record_context(replica, replica.schema(), anna)
        assert context["office_phone"] == "+7 495 000-00-00" and context["initials"] == "А"
    finally:
        replica.close()


def test_a_plugins_menu_action_and_section(qtbot, tmp_path: Path, monkeypatch) -> None:
    """A menu action shows in the window's Tools menu and runs on the data; a section a plugin needs is made on
    an administrator's PC (and only there); a veto that fails refuses nothing."""
    from client.api import FieldSpec, MenuAction, Section
    from client.core import plugins
    from client.core.replica import Replica
    from client.ui import i18n
    from client.ui.main_window import MainWindow
    from client.ui.qt import QApplication
    monkeypatch.setattr(plugins, "_registry", None)
    api = plugins.registry()

    def count_contacts(view) -> None:
        view.add("note", {"title": f"контактов: {view.count('contact')}"})
    api.add_menu_action(MenuAction("Count contacts", "Сосчитать контакты", count_contacts))
    api.add_section(Section("Cars", "Автомобили", key="car", fields=(
        FieldSpec("Plate", "Номер", key="plate"), FieldSpec("Mileage", "Пробег", key="mileage", type="number"))))
    api.record_will_save.append(lambda kind, rec_id, fields: 1 / 0)  # type: ignore[arg-type,return-value]
    staff = Replica(tmp_path / "staff")
    admin = Replica(tmp_path / "admin")
    try:
        staff.set_meta("role", "manager")
        api.attach(staff)
        assert not staff.schema().has_kind("car")  # only an administrator's PC changes sections
        admin.set_meta("role", "admin")
        api.attach(admin)
        car = admin.schema().kind("car")
        assert car.label("ru") == "Автомобили" and [f.key for f in car.fields][:2] == ["plate", "mileage"]
        assert car.field("mileage").type == "number"  # type: ignore[union-attr]
        admin.add("contact", {"name": "Анна"})  # the failing veto refuses nothing
        i18n.install(QApplication.instance(), "ru")
        window = MainWindow(admin, lang="ru")
        qtbot.addWidget(window)
        assert window.menu_tools.title() == "С&ервис" and window.menu_tools.menuAction().isVisible()
        entry = [a for a in window.menu_tools.actions() if a.text() == "Сосчитать контакты"]
        assert entry
        entry[0].trigger()
        assert [n.fields["title"] for n in admin.records("note")] == ["контактов: 1"]
    finally:
        i18n.install(QApplication.instance(), "en")
        staff.close()
        admin.close()
