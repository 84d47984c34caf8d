"""Help > The office in a browser: the address a phone, a tablet or a PC without the program opens (a link, and a
QR code to scan), and the certificate's fingerprint to compare with what the browser shows on the first visit."""

from __future__ import annotations

from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.phones_dialog import WEB_PORT, dav_address, qr_pixmap, server_host
from client.ui.qt import QDialog, QFormLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget


def as_browsers_show(fingerprint: str) -> str:
    """The certificate's SHA-256 fingerprint written as browsers show it (5F:3A:…), to compare at a glance."""
    digits = fingerprint.split(":", 1)[-1].upper()
    return ":".join(digits[i:i + 2] for i in range(0, len(digits), 2))


def web_address(replica: Replica) -> str:
    """https://HOST:PORT/ of the office's browser pages: the server's host as this PC reaches it, the web port it
    told this PC (or the default)."""
    port = replica.meta("server_web_port")
    return dav_address(server_host(replica), int(port) if isinstance(port, int) and port > 0 else WEB_PORT)


class BrowserDialog(QDialog):
    def __init__(self, replica: Replica, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("The office in a browser"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.address = web_address(replica)
        intro = QLabel(tr("On a phone or tablet on the office network, scan the code with the camera, or open this "
                          "address in any browser. Log in with your usual name and password."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.link = QLabel(f'<a href="{self.address}">{self.address}</a>')
        self.link.setOpenExternalLinks(True)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        form.addRow(tr("Address:"), self.link)
        self.fingerprint = QLabel(as_browsers_show(str(replica.meta("fingerprint") or "")))
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("Certificate:"), self.fingerprint)
        layout.addLayout(form)
        self.code = QLabel()
        self.code.setPixmap(qr_pixmap(self.address))
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.code)
        first = QLabel(tr("On the first visit the browser warns that the connection is not private: the office's "
                          "certificate is its own, not bought. Open the certificate's details, compare its SHA-256 "
                          "fingerprint with the one above, and continue only if they match."))
        first.setWordWrap(True)
        layout.addWidget(first)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
