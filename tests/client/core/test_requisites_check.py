"""Requisites checked where they are typed: ИНН and ОГРН by python-stdnum, КПП by its format, БИК with the
accounts by the Bank of Russia's control key; said in the card, the requisites dialog and the import's report,
never refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.core.replica import Replica
from client.core.requisites_check import problems
from client.ui import i18n
from client.ui.qt import QApplication
from lan_server.records.schema import REQUISITES_ID
from tests.client.ui.pcs import type_into
from tests.servers import client

GOOD = {"inn": "7707083893", "kpp": "770701001", "ogrn": "1027700132195", "bik": "044525225",
        "account": "40702810938000000001", "corr_account": "30101810400000000225"}


def test_good_requisites_say_nothing() -> None:
    assert problems("requisites", GOOD) == {}
    assert problems("organization", {"tax_id": "500100732259", "ogrn": "304500116000157", "kpp": "7701AB001"}) == {}
    assert problems("organization", {"tax_id": "", "kpp": None}) == {}  # empty is not wrong


@pytest.mark.parametrize("key, value, said", [
    ("inn", "7707083894", "check digit"), ("inn", "77070838", "has 8 digits"), ("inn", "77O7083893", "digits"),
    ("kpp", "77070100", "9 characters"), ("ogrn", "1027700132196", "check digit"),
    ("ogrn", "10277001321", "has 11 digits"), ("bik", "44525225", "9 digits"),
    ("account", "40702810938000000002", "does not agree with БИК 044525225"),
    ("corr_account", "30101810400000000226", "does not agree with БИК 044525225"),
    ("corr_account", "40101810400000000225", "starting with 301"),
])
def test_each_mistake_is_named(key: str, value: str, said: str) -> None:
    found = problems("requisites", {**GOOD, key: value})
    assert list(found) == [key] and said in found[key]


def test_the_import_report_names_a_wrong_inn_and_imports_the_row(tmp_path: Path) -> None:
    src = tmp_path / "клиенты.csv"
    src.write_bytes("Название;ИНН;КПП\nООО «Лютик»;5001234567;500101001\nООО «Опечатка»;7707083894;770701001\n"
                    .encode("cp1251"))
    done = client(tmp_path / "pc", "--lang", "ru", "import", str(src), "--kind", "organization")
    assert done.returncode == 0, done.stderr
    assert "строка 3: проверьте: ИНН 7707083894: не сходится контрольная цифра" in done.stdout
    assert "2 записей добавлено" in done.stdout or "добавлено" in done.stdout


def test_the_card_and_the_requisites_dialog_say_it(qtbot, tmp_path: Path) -> None:
    from client.ui.record_card import RecordCard
    from client.ui.requisites_dialog import RequisitesDialog
    replica = Replica(tmp_path / "pc")
    i18n.install(QApplication.instance(), "ru")
    try:
        card = RecordCard(replica, "ru")
        qtbot.addWidget(card)
        card.show_new("organization")
        type_into(qtbot, card, "name", "ООО «Опечатка»")
        type_into(qtbot, card, "tax_id", "7707083894")
        rec = card.save()
        assert rec is not None and replica.get(rec).fields["tax_id"] == "7707083894"  # saved as typed
        assert "проверьте" in card.error.text() and "контрольная цифра" in card.error.text()

        replica.add("requisites", {**GOOD, "name": "ООО «Ромашка»"}, rec_id=REQUISITES_ID)
        dialog = RequisitesDialog(replica, "ru")
        qtbot.addWidget(dialog)
        type_into(qtbot, dialog, "account", "40702810938000000002")
        dialog.save()
        assert dialog.result() == 0 and "не сходится с БИК 044525225" in dialog.error.text()
        assert replica.get(REQUISITES_ID).fields["account"] == "40702810938000000002"
        dialog.save()  # a second Save keeps it as typed and closes
        assert dialog.result() == 1
    finally:
        i18n.install(QApplication.instance(), "en")
        replica.close()
