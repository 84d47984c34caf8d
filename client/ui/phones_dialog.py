"""Settings > Phones: the user's phones with their own passwords for the phone's Contacts and Calendar (CardDAV and
CalDAV); add one (the address, the login, the password once, and a QR code for Android's DAVx5), revoke one."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

from client.core.error_words import in_words
from client.core.replica import Replica
from client.core.sync import server_phones
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QDialog,
    QFont,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPixmap,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.widgets import message_line

WEB_PORT = 7756  # the server's HTTPS port unless it says another


def server_host(replica: Replica) -> str:
    """The office server's host as this PC reaches it (the phone, on the same network, reaches it the same way)."""
    address = str(replica.meta("server") or "")
    host = address.rsplit(":", 1)[0] if address.count(":") == 1 or address.startswith("[") else address
    return host.strip("[]") or "127.0.0.1"


def dav_address(host: str, port: int) -> str:
    return f"https://{host}:{port}/" if ":" not in host else f"https://[{host}]:{port}/"


def qr_text(host: str, port: int, login: str, password: str) -> str:
    """What the QR code says: an address DAVx5 opens with everything filled in (caldavs://login:password@host)."""
    where = f"[{host}]" if ":" in host else host
    return f"caldavs://{quote(login, safe='')}:{quote(password, safe='')}@{where}:{port}/"


def qr_pixmap(text: str) -> QPixmap:
    import io

    import segno
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=5, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class PhonesDialog(QDialog):
    def __init__(self, replica: Replica, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.phones: list[dict[str, Any]] = []
        self.setWindowTitle(tr("Phones"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Your phone's own Contacts and Calendar can hold the office's clients, your events and "
                          "your tasks. Give each phone a password of its own: a phone keeps the password it is "
                          "given, and revoking it here stops that phone at once, nothing else."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setHorizontalHeaderLabels([tr("Phone"), tr("Added"), tr("Last synced")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setMaximumHeight(160)
        layout.addWidget(self.table)
        self.setup = QWidget()
        self.setup.setVisible(False)
        layout.addWidget(self.setup)
        self.message = message_line(layout)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("Add a phone…"))
        self.add_button.clicked.connect(self.add)
        self.revoke_button = QPushButton(tr("Revoke"))
        self.revoke_button.clicked.connect(self.revoke)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._ask("list")

    def _ask(self, action: str, **values: Any) -> None:
        self.message.setText(tr("Asking the server…"))
        for b in (self.add_button, self.revoke_button):
            b.setEnabled(False)
        tasks().run(lambda: server_phones(self.replica, action, **values), on_done=self._show,
                    on_error=self._failed, owner=self, name="phones")

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, tr("Add a phone"), tr("Name the phone (for example, iPhone of Anna):"))
        if ok and name.strip():
            self._ask("add", name=name.strip())

    def revoke(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.phones):
            self.setup.setVisible(False)
            self._ask("revoke", phone=str(self.phones[row]["id"]))

    def _show(self, info: dict[str, Any]) -> None:
        for b in (self.add_button, self.revoke_button):
            b.setEnabled(True)
        self.phones = list(info.get("phones", []))
        self.table.setRowCount(len(self.phones))
        for i, p in enumerate(self.phones):
            used = float(p.get("last_used") or 0)
            cells = [str(p["name"]), time.strftime("%d.%m.%Y %H:%M", time.localtime(float(p["created"]))),
                     time.strftime("%d.%m.%Y %H:%M", time.localtime(used)) if used else tr("not yet")]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.message.setText("" if self.phones or info.get("password") else tr("No phone has a password yet."))
        if info.get("password"):
            self._show_setup(str(info.get("login") or self.replica.meta("user") or ""), str(info["password"]),
                             int(info.get("web_port") or WEB_PORT))

    def _show_setup(self, login: str, password: str, port: int) -> None:
        """What to type on the phone, shown once: the password is not kept anywhere readable."""
        host = server_host(self.replica)
        old = self.setup.layout()
        if old is not None:
            QWidget().setLayout(old)  # the previous phone's panel goes with a throwaway widget
        row = QHBoxLayout(self.setup)
        form = QFormLayout()
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSize(mono.pointSize() + 3)
        for label, value in ((tr("Server address:"), dav_address(host, port)), (tr("Login:"), login),
                             (tr("Password:"), password)):
            field = QLabel(value)
            field.setFont(mono)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, field)
        fingerprint = QLabel(str(self.replica.meta("fingerprint") or ""))
        fingerprint.setWordWrap(True)
        fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("Certificate:"), fingerprint)
        how = QLabel(tr("The password is shown only now. iPhone: Settings → Contacts → Accounts → Add Account → "
                        "Other → Add CardDAV Account (then the same for Calendar: Add CalDAV Account). Android: "
                        "install DAVx5 and scan the code. When the phone asks whether to trust the server, compare "
                        "the certificate's fingerprint with the one above."))
        how.setWordWrap(True)
        form.addRow(how)
        row.addLayout(form, 1)
        code = QLabel()
        code.setPixmap(qr_pixmap(qr_text(host, port, login, password)))
        code.setToolTip(tr("For Android with DAVx5: scan with the phone's camera"))
        row.addWidget(code, 0, Qt.AlignmentFlag.AlignTop)
        self.setup.setVisible(True)

    def _failed(self, e: BaseException) -> None:
        for b in (self.add_button, self.revoke_button):
            b.setEnabled(True)
        self.message.setText(in_words(e))
