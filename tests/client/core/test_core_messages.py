"""The core's messages in the user's language: every `_()` message has its Russian, with the same
placeholders; the window's card and the commands on a Russian system say them in Russian."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from client.core import i18n
from client.core.values import parse_value
from lan_server.records.schema import builtin_kinds
from tests.servers import ROOT, env
from tools import core_catalog

FIELD = re.compile(r"\{(\w*)[^}]*\}")


def test_every_core_message_is_translated_with_the_same_placeholders() -> None:
    found = core_catalog.messages()
    assert len(found) >= 35  # validation, repeats, forms, price lists, templates, import reports, letters, mail
    catalog = read_po(core_catalog.PO.open("rb"))
    untranslated = [m for m in found if not (catalog.get(m) and catalog.get(m).string)]
    assert not untranslated, f"run python -m tools.build_translations and translate: {untranslated}"
    for msg in found:
        assert sorted(FIELD.findall(msg)) == sorted(FIELD.findall(catalog.get(msg).string)), msg
    with core_catalog.MO.open("rb") as mo:  # what the program loads says the same as the .po
        compiled = gettext.GNUTranslations(mo)
    stale = [m for m in found if compiled.gettext(m) != catalog.get(m).string]
    assert not stale, f"the .mo is older than the .po: run python -m tools.build_translations ({stale[:3]})"


def test_a_wrong_date_is_said_in_the_language_chosen() -> None:
    birthday = builtin_kinds()["contact"].field_map["birthday"]
    try:
        i18n.set_language("ru")
        with pytest.raises(ValueError, match="это не дата: '31.02.2020'"):
            parse_value(birthday, "31.02.2020")
        i18n.set_language("en")
        with pytest.raises(ValueError, match="not a date: '31.02.2020'"):
            parse_value(birthday, "31.02.2020")
    finally:
        i18n.set_language("en")


def test_the_russian_card_and_a_russian_system_say_it_in_russian(qtbot, tmp_path: Path) -> None:
    from client.core.replica import Replica
    from client.ui import i18n as ui_i18n
    from client.ui.main_window import MainWindow
    from client.ui.qt import QApplication
    replica = Replica(tmp_path / "pc")
    try:
        ui_i18n.install(QApplication.instance(), "ru")
        window = MainWindow(replica, lang="ru")
        qtbot.addWidget(window)
        window.select_kind("contact")
        window.new_record()
        window.card.editors["name"].widget.setText("Вера")
        window.card.editors["name"].dirty = True
        window.card.editors["birthday"].widget.setText("31.02.2020")
        window.card.editors["birthday"].dirty = True
        assert window.card.save() is None
        assert "День рождения: это не дата: '31.02.2020'" in window.card.error.text()
    finally:
        ui_i18n.install(QApplication.instance(), "en")
        replica.close()
    russian = {**env(), "LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "ORGANIZER_LANG": ""}
    r = subprocess.run([sys.executable, "-m", "client", "--profile", str(tmp_path / "cli"), "add", "contact",
                        "name=Вера", "birthday=31.02.2020"], capture_output=True, text=True, env=russian, cwd=ROOT,
                       timeout=60)
    assert r.returncode == 6 and "это не дата: '31.02.2020'" in r.stderr


def test_the_commands_speak_russian_with_lang_ru(tmp_path: Path) -> None:
    """`--lang ru` (or a Russian system) turns the commands' own words Russian: reports, notes and errors."""
    from tests.servers import client
    src = tmp_path / "клиенты.csv"
    src.write_bytes("ФИО;Телефон;Откуда\r\nИванов Пётр;8 916 111-22-33;выставка\r\n".encode("cp1251"))
    try:
        done = client(tmp_path / "pc", "--lang", "ru", "import", str(src))
        assert done.returncode == 0, done.stderr
        assert "лист 'клиенты', заголовок в строке 1, строк: 1; столбцы: ФИО → ФИО, Телефон → Телефон" in done.stderr
        assert "не загружены (нет подходящего поля; укажите --map или --new-fields): Откуда" in done.stderr
        assert "добавлено записей: 1" in done.stdout
        wrong = client(tmp_path / "pc", "--lang", "ru", "list", "клиенты")
        assert wrong.returncode == 6 and wrong.stderr.startswith("ошибка: нет раздела 'клиенты'; есть: ")
        listed = client(tmp_path / "pc", "--lang", "ru", "list", "contact")
        assert "записей: 1" in listed.stderr
        english = client(tmp_path / "pc", "--lang", "en", "list", "contact")
        assert "1 records" in english.stderr
        # the help and argparse's own words too
        helped = client(tmp_path / "pc", "--lang", "ru", "import", "--help")
        assert helped.returncode == 0 and "использование:" in helped.stdout
        assert "загрузить записи из xlsx, ods, csv, txt или vcf" in helped.stdout
        assert "--dry-run             проверить и показать отчёт, ничего не меняя" in helped.stdout
        assert "show this help" not in helped.stdout and "показать эту справку и выйти" in helped.stdout
        missing = client(tmp_path / "pc", "--lang", "ru", "list")
        assert missing.returncode == 2 and "ошибка: не хватает обязательных аргументов: kind" in missing.stderr
    finally:
        i18n.set_language("en")
