"""No English inside the Russian window: an import's report (its lines, its file's name, sheets, columns and
"да"), the mailing's missing settings said as the window's menu, not as a command's option, an offline invoice
number, the office's first name, Qt's own file dialog, and the command line's import naming fields by label."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from PyQt6.QtGui import QFileSystemModel

from client.core.selection import Shown
from client.ui.import_dialog import ImportDialog
from client.ui.mailing_dialog import MailingDialog
from client.ui.qt import QFileDialog, QLabel, Qt
from tests.client.ui.pcs import PC
from tests.servers import ROOT, client, env

SHEET = "ФИО;Дата рождения;Прочее\nАнна Смирнова;32.13.1990;\n;;что-то\n"


def test_an_import_reports_in_russian_and_names_its_file_so(qtbot, russian_pc: PC, tmp_path: Path,
                                                             monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    src = tmp_path / "клиенты.csv"
    src.write_text(SHEET, encoding="utf-8")
    dialog = ImportDialog(russian_pc.replica, russian_pc.window, path=src)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=15000)
    said = dialog.message.text()
    assert "Строка 3: в строке нет значений в импортируемых столбцах" in said, said
    report = tmp_path / "home" / "клиенты — не импортировано.xlsx"
    assert str(report) in said and report.exists()
    book = load_workbook(report)
    assert book.sheetnames == ["Не импортировано", "Пропущенные значения"]
    rows = [list(r) for r in book["Не импортировано"].iter_rows(values_only=True)]
    assert rows[0][:2] == ["Строка", "Причина"] and rows[1][1] == "в строке нет значений в импортируемых столбцах"
    left = [list(r) for r in book["Пропущенные значения"].iter_rows(values_only=True)]
    assert left[0] == ["Строка", "Столбец", "Значение", "Причина", "Сохранено в примечании"]
    assert left[1][0] == 2 and left[1][4] == "да"


def test_a_mailing_without_a_sender_points_to_the_window_s_settings(qtbot, russian_pc: PC) -> None:
    pc = russian_pc
    pc.replica.add("contact", {"name": "Анна", "email": "anna@example.ru"})
    dialog = MailingDialog(pc.replica, Shown("contact"), "ru", pc.window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.subject.setText("Новости")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.settings_button.isVisible(), timeout=5000)
    said = dialog.message.text()
    assert said == "Сначала укажите адрес отправителя: Настройки > Почтовый сервер…", said
    assert "mail-settings" not in said and dialog.settings_button.text() == "Почтовый сервер…"


def test_qt_s_own_file_dialog_speaks_russian(qtbot, russian_pc: PC) -> None:
    dialog = QFileDialog(russian_pc.window, "Импорт")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # the one Linux shows; Windows' own is the system's
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Папка:", "&Имя файла:", "&Тип файлов:"} <= labels, labels
    model = dialog.findChild(QFileSystemModel)
    folder = model.index(str(Path.home()))
    assert model.type(folder) == "Папка"  # the Type column of its detailed view


def test_the_command_line_in_russian_names_fields_and_numbers_in_russian(tmp_path: Path) -> None:
    src = tmp_path / "клиенты.csv"
    src.write_text(SHEET, encoding="utf-8")
    pc = tmp_path / "pc"
    done = client(pc, "--lang", "ru", "import", str(src), "--kind", "contact")
    assert done.returncode == 0, done.stderr
    assert "ФИО → ФИО" in done.stderr and "Дата рождения → День рождения" in done.stderr, done.stderr
    assert "→ name" not in done.stderr
    assert (tmp_path / "клиенты — не импортировано.xlsx").exists()
    assert "строка 3: в строке нет значений в импортируемых столбцах" in done.stdout, done.stdout

    invoice = client(pc, "add", "invoice", "note=первый", "--offline")
    assert invoice.returncode == 0, invoice.stderr
    doc = invoice.stdout.strip().split()[-1]
    number = client(pc, "--lang", "ru", "number", "invoice", "--doc", doc, "--offline")
    assert number.returncode == 0 and number.stdout.startswith("ВРЕМ-СЧ-"), (number.stdout, number.stderr)


def test_a_new_office_on_a_russian_pc_is_named_in_russian(tmp_path: Path) -> None:
    e = {**env(), "ORGANIZER_LANG": "ru"}
    subprocess.run([sys.executable, "-m", "lan_server", "init", str(tmp_path / "srv"), "--admin-password",
                    "admin-pass-1"], check=True, env=e, cwd=ROOT, capture_output=True, timeout=120)
    name = json.loads((tmp_path / "srv" / "server.json").read_text(encoding="utf-8"))["name"]
    assert name.startswith("Органайзер на ") and os.uname().nodename in name
