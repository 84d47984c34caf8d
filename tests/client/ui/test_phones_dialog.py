"""Settings > Phones in the window against a running server: a phone gets a password of its own (shown once, with
the address to type and a QR code), it opens the phone's Contacts and Calendar and nothing else, and revoking it
in the window stops that phone at once."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
import requests
import urllib3

from client.core.errors import ServerError
from client.core.replica import Replica
from client.core.session import login
from client.core.sync import server_phones
from client.ui.phones_dialog import PhonesDialog, qr_text
from client.ui.qt import QInputDialog, QLabel
from tests.lan_server.web.dav.davserver import DavServer

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[DavServer]:
    server = DavServer(tmp_path / "server")
    server.add_user("olga", "olga-pass-1", "manager")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def dav(server: DavServer, password: str) -> int:
    with requests.Session() as s:
        return s.request("PROPFIND", server.url + "/dav/olga/contacts/", auth=("olga", password), verify=False,
                         headers={"Depth": "0"}, timeout=30).status_code


def test_a_phone_gets_its_own_password_and_loses_it_when_revoked(qtbot, office: DavServer, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    address = "{}:{}".format(*office.server.address)
    replica = Replica(tmp_path / "pc")
    try:
        login(replica, address, "olga", "olga-pass-1")
        dialog = PhonesDialog(replica)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.add_button.isEnabled(), timeout=10000)
        assert dialog.table.rowCount() == 0 and "No phone" in dialog.message.text()
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("iPhone Ольги", True)))
        dialog.add_button.click()
        qtbot.waitUntil(lambda: dialog.setup.isVisible() and dialog.add_button.isEnabled(), timeout=10000)
        assert dialog.message.text() == "", dialog.message.text()
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "iPhone Ольги"
        texts = [label.text() for label in dialog.setup.findChildren(QLabel)]
        password = next(t for t in texts if len(t) == 19 and t.count("-") == 3)
        port = int(office.url.rsplit(":", 1)[1])
        assert f"https://127.0.0.1:{port}/" in texts and "olga" in texts  # the server's own web port
        assert any(label.pixmap() is not None and not label.pixmap().isNull()
                   for label in dialog.setup.findChildren(QLabel))
        assert qr_text("127.0.0.1", port, "olga", password) == f"caldavs://olga:{password}@127.0.0.1:{port}/"
        # The phone's password opens the phone's address book, but a PC cannot log in with it.
        assert dav(office, password) == 207
        other = Replica(tmp_path / "other-pc")
        try:
            with pytest.raises(Exception, match="wrong user name or password"):
                login(other, address, "olga", password)
        finally:
            other.close()
        dialog.table.selectRow(0)
        dialog.revoke_button.click()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 0 and dialog.add_button.isEnabled(), timeout=10000)
        assert dav(office, password) == 401  # at once, though the server remembered the password a while
        assert dav(office, "olga-pass-1") == 207  # the office password keeps working
        with pytest.raises(ServerError, match="name the phone"):  # a reason of the catalog, in the user's language
            server_phones(replica, "add", name="   ")
        with pytest.raises(ServerError, match="no such phone"):
            server_phones(replica, "revoke", phone="nobody")
    finally:
        replica.close()
