"""First start: find the office server (announced ones plus a typed address), log in, copy the data."""

from __future__ import annotations

from typing import Any

from client.core.discovery import FoundServer, browse
from client.core.error_words import in_words
from client.core.errors import CertificateChanged, ChooseCompany
from client.core.replica import Replica
from client.core.session import login
from client.ui.i18n import tr
from client.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.widgets import message_line, progress_bar


class LoginDialog(QDialog):
    def __init__(self, replica: Replica, parent: QWidget | None = None, *, discover: bool = True,
                 interfaces: list[str] | None = None, address: str = "") -> None:
        super().__init__(parent)
        self.replica = replica
        self.interfaces = interfaces  # where to listen for announcements (tests: 127.0.0.1 only)
        self.setWindowTitle(tr("Connect to the office server"))
        self.setMinimumWidth(460)

        layout = QVBoxLayout(self)
        head = QLabel(tr("Office organizer"))
        head.setStyleSheet("font-size: 18px; font-weight: 600;")
        layout.addWidget(head)
        layout.addWidget(QLabel(tr("Servers found on the network:")))
        self.servers = QListWidget()
        self.servers.setMaximumHeight(110)
        self.servers.currentItemChanged.connect(self._pick)
        layout.addWidget(self.servers)
        form = QFormLayout()
        self.address = QLineEdit(str(replica.meta("server") or address))
        self.address.setPlaceholderText("192.168.1.10:7755")
        self.user = QLineEdit(replica.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.start_login)
        form.addRow(tr("Server address"), self.address)
        form.addRow(tr("User name"), self.user)
        form.addRow(tr("Password"), self.password)
        # Shown when the server holds several companies: the PC logs in to one, into a copy of its own.
        self.company = QComboBox()
        self.company_label = QLabel(tr("Company"))
        form.addRow(self.company_label, self.company)
        for w in (self.company, self.company_label):
            w.setVisible(False)
        layout.addLayout(form)
        self.progress = progress_bar(layout)
        self.message = message_line(layout, "#b00020")
        # After the server was reinstalled or rebuilt its certificate is new: the user trusts it knowingly.
        self.trust_why = QLabel()
        self.trust_why.setWordWrap(True)
        self.trust_why.setVisible(False)
        layout.addWidget(self.trust_why)
        self.trust_new = QCheckBox()
        self.trust_new.setVisible(False)
        layout.addWidget(self.trust_new)
        self.new_fingerprint = ""
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.login_button = QPushButton(tr("Log in"))
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.start_login)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.login_button)
        layout.addLayout(buttons)
        self.fingerprints: dict[str, str] = {}
        if discover:
            item = QListWidgetItem(tr("Looking for servers…"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.servers.addItem(item)
            # No multicast here (an error) still leaves the typed address: the list says none was found.
            tasks().run(lambda: browse(2.0, interfaces=self.interfaces), on_done=self._show_found,
                        on_error=lambda _e: self._show_found([]), owner=self, name="discovery")

    def _show_found(self, found: list[FoundServer]) -> None:
        self.servers.clear()
        for s in found:
            item = QListWidgetItem(f"{s.name} — {s.address}")
            item.setData(Qt.ItemDataRole.UserRole, s.address)
            self.fingerprints[s.address] = s.fingerprint
            self.servers.addItem(item)
        if not found:
            item = QListWidgetItem(tr("No server announced itself; type its address below."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.servers.addItem(item)

    def _pick(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.address.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    def start_login(self) -> None:
        address, user, password = self.address.text().strip(), self.user.text().strip(), self.password.text()
        if not address or not user or not password:
            self.message.setText(tr("Fill in the server address, your user name and password."))
            return
        self.message.clear()
        self.login_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)

        # A zeroconf answer is only a hint: the certificate is pinned at this first login.
        trusted = self.new_fingerprint if self.new_fingerprint and self.trust_new.isChecked() else None
        company = self.company.currentText() if self.company.count() else None
        tasks().run(lambda: login(self.replica, address, user, password, fingerprint=trusted,
                                  progress=tasks().progress(self._progress, self), company=company),
                    on_done=lambda _reply: self._finished(None), on_error=self._failed, owner=self, name="login")

    def _failed(self, e: BaseException) -> None:
        if isinstance(e, ChooseCompany):
            self.company.clear()
            self.company.addItems(e.companies)
            for w in (self.company, self.company_label):
                w.setVisible(True)
            self._finished(tr("This server holds several companies: choose yours and log in."))
            self.company.setFocus()
            return
        if isinstance(e, CertificateChanged) and e.got:
            self.new_fingerprint = e.got
            self.trust_why.setText(tr("Trust the server's new certificate (only when the administrator says the "
                                      "server was reinstalled, restored or rebuilt, and its fingerprint is this "
                                      "one):") + f"\n{e.got}")
            self.trust_new.setText(tr("Trust the new certificate"))
            self.trust_new.setChecked(False)
            for shown in (self.trust_why, self.trust_new):
                shown.setVisible(True)
        self._finished(in_words(e))  # never frozen

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _finished(self, error: str | None) -> None:
        self.login_button.setEnabled(True)
        self.progress.setVisible(False)
        if error:
            self.message.setText(error)
            self.password.selectAll()
            self.password.setFocus()
        else:
            self.accept()
