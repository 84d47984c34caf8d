"""Rights known before the typing: a card the user's role may not change opens read-only, saying why and whose it
is; what the role may not do is not offered (the PC asks client/core/rights.py, fed by the server's rules)."""

from __future__ import annotations

from pathlib import Path

from client.ui import i18n
from client.ui.qt import QApplication, QLineEdit
from tests.client.ui.pcs import PC
from tests.servers import ServerProcess, client


def test_a_colleagues_card_opens_read_only_naming_its_owner(qtbot, office_server: ServerProcess,
                                                            tmp_path: Path) -> None:
    office_server.add_user("olga", "olga-pass-1", "manager", groups="south")
    office_server.add_user("petr", "petr-pass-1", "manager", groups="north")
    admin = tmp_path / "admin"
    assert client(admin, "login", office_server.address, "--user", "admin", "--password", "admin-pass-1"
                  ).returncode == 0
    theirs = client(admin, "add", "contact", "name=Клиент Петра", "manager=petr").stdout.strip()
    mine = client(admin, "add", "contact", "name=Клиентка Ольги", "manager=olga").stdout.strip()
    i18n.install(QApplication.instance(), "ru")
    pc = PC(qtbot, tmp_path / "olga", office_server.address, lang="ru", user="olga", password="olga-pass-1")
    try:
        window, card = pc.window, pc.window.card
        window.open_record(theirs)
        assert card.read_only_note.isVisible()
        assert card.read_only_note.text() == ("Только чтение: Ваша роль (менеджер) может менять только свои записи и "
                                              "записи своей группы; эта — petr.")
        name = card.editors["name"].widget
        assert isinstance(name, QLineEdit) and name.isReadOnly() and not card.save_button.isEnabled()
        assert not card.editors["manager"].widget.isEnabled()
        window.open_record(mine)
        assert not card.read_only_note.isVisible() and not card.editors["name"].widget.isReadOnly()
        assert card.save_button.isEnabled() and window.act_new.isVisible()
    finally:
        pc.close()
        i18n.install(QApplication.instance(), "en")
