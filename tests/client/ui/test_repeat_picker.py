"""A task's repeat is chosen in a picker and shown in words; a typed rule nobody can read is refused with the
reason instead of silently never repeating."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from client import cli
from client.core import recurrence
from client.core.replica import Replica
from client.ui import i18n
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication


@pytest.fixture
def russian(qapp) -> object:
    i18n.install(QApplication.instance(), "ru")
    yield
    i18n.install(QApplication.instance(), "en")


def test_the_repeat_is_chosen_in_the_card_and_reads_in_russian(qtbot, tmp_path: Path, russian: object) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        window = MainWindow(replica, lang="ru")
        qtbot.addWidget(window)
        window.select_kind("task")
        window.new_record()
        card = window.card
        card.editors["title"].widget.setText("Планёрка")
        card.editors["title"].dirty = True
        picker = card.pick_repeat(card.editors["repeat"], show=False)
        picker.freq.setCurrentIndex(picker.freq.findData("weekly"))
        picker.days[0].setChecked(True)
        picker.days[3].setChecked(True)
        picker.end.setCurrentIndex(picker.end.findData("count"))
        picker.count.setValue(10)
        assert picker.words.text() == "каждый пн и чт, 10 раз"
        picker.accept()
        assert card.editors["repeat"].widget.text() == "каждый пн и чт, 10 раз"
        rec = card.save()
        assert rec is not None and replica.get(rec).fields["repeat"] == "weekly:mon,thu;count=10"
        picker = card.pick_repeat(card.editors["repeat"], show=False)  # opens on what is stored
        assert picker.freq.currentData() == "weekly" and picker.days[3].isChecked() and picker.count.value() == 10
        picker.freq.setCurrentIndex(picker.freq.findData("monthly"))
        picker.last_day.setChecked(True)
        assert picker.words.text() == "каждый месяц, в последний день, 10 раз"
    finally:
        replica.close()


def test_a_typed_rule_is_read_in_russian_or_refused_with_the_reason(tmp_path: Path) -> None:
    assert recurrence.to_text(recurrence.parse("каждую неделю")) == "weekly"  # what people type, understood
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--profile", str(tmp_path / "pc"), "add", "task", "title=Отчёт", "repeat=раз в неделю"],
                    out=out, err=err)
    assert code == 6 and "unknown repeat 'раз в неделю'" in err.getvalue()  # refused, not silently kept
    code = cli.main(["--profile", str(tmp_path / "pc"), "add", "task", "title=Отчёт", "repeat=по будням"],
                    out=out, err=err)
    assert code == 0
