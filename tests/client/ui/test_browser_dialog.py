"""Help > The office in a browser: the window shows the web port's address as a link and a QR code a phone scans,
and the certificate's fingerprint as browsers show it (the one the web port presents)."""

from __future__ import annotations

import hashlib
import socket
import ssl
from pathlib import Path

import segno

from client.core.replica import Replica
from client.core.session import login
from client.ui import i18n
from client.ui.browser_dialog import BrowserDialog, as_browsers_show
from client.ui.main_window import MainWindow
from client.ui.qt import QApplication
from tests.servers import ServerProcess


def app() -> QApplication:
    found = QApplication.instance()
    assert isinstance(found, QApplication)
    return found


def test_the_window_shows_the_web_address_its_code_and_the_certificate(qtbot, office_server: ServerProcess,
                                                                       tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        login(replica, office_server.address, "admin", "admin-pass-1")
        i18n.install(app(), "ru")
        window = MainWindow(replica, lang="ru")
        qtbot.addWidget(window)
        assert window.act_browser.text() == "Офис в браузере или на телефоне…"
        assert window.act_browser in window.menu_help.actions()
        dialog = window.open_browser_address()
        qtbot.addWidget(dialog)
        assert isinstance(dialog, BrowserDialog)
        assert dialog.address == office_server.web_url  # the server's host as this PC reaches it, its web port
        assert f'href="{office_server.web_url}"' in dialog.link.text()
        code = dialog.code.pixmap()
        modules = len(segno.make(office_server.web_url, error="m").matrix)
        assert not code.isNull() and code.width() == (modules + 4) * 5  # segno's code of that very address

        port = int(office_server.web_url.rstrip("/").rsplit(":", 1)[1])
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", port), 5) as raw, context.wrap_socket(raw) as tls:
            der = tls.getpeercert(binary_form=True)
        assert der is not None
        shown = ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())  # what a browser's details say
        assert dialog.fingerprint.text() == shown == as_browsers_show(office_server.fingerprint)
        dialog.close()
        window.close()
    finally:
        i18n.install(app(), "en")
        replica.close()
