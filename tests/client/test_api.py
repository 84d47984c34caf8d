"""The plugin surface: a plugin from outside the source tree, found through its entry point, adds a command,
a card action and a record hook (the example of docs/PLUGINS.md, run as written)."""

from __future__ import annotations

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


def test_the_card_action_of_a_plugin_runs_from_the_card(qtbot, tmp_path: Path) -> None:
    from client.core.plugins import registry
    from client.core.replica import Replica
    from client.ui.main_window import MainWindow
    namespace: dict[str, object] = {}
    exec(example_plugin(), namespace)  # the guide's plugin, registered as the loader would
    api = registry()
    before = list(api.card_actions)
    namespace["register"](api)  # type: ignore[operator]
    replica = Replica(tmp_path / "pc")
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
    finally:
        from client import cli
        api.card_actions[:] = before
        cli.COMMANDS.pop("cities", None)
        replica.close()
