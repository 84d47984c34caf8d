"""Mail from the window: Settings > Mail (the office SMTP server, with "send me a test") and File > Mailing (a
subject and a text with placeholders, an optional Word attachment made per recipient, a test to oneself, a
result per recipient; records without an e-mail are listed, not skipped silently)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from client.core import mailing
from client.core.error_words import in_words
from client.core.replica import Replica
from client.core.selection import Shown
from client.ui.files import documents_folder
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.widgets import message_line, progress_bar


class MailSettingsDialog(QDialog):
    """The office mail server; the password goes to the system's credential store, never the data file."""

    def __init__(self, replica: Replica, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.setWindowTitle(tr("Mail server"))
        cfg = mailing.settings(replica)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.host = QLineEdit(str(cfg.get("host") or ""))
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setValue(int(cfg.get("port") or 587))
        self.tls = QComboBox()
        for key, label in (("starttls", "STARTTLS"), ("ssl", "SSL/TLS"), ("none", tr("none"))):
            self.tls.addItem(label, key)
        self.tls.setCurrentIndex(max(0, self.tls.findData(cfg.get("tls", "starttls"))))
        self.user = QLineEdit(str(cfg.get("user") or ""))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("unchanged") if cfg.get("password_kept_in") else "")
        self.from_address = QLineEdit(str(cfg.get("sender") or ""))
        self.sender_name = QLineEdit(str(cfg.get("sender_name") or ""))
        for label, w in ((tr("Server:"), self.host), (tr("Port:"), self.port), (tr("Encryption:"), self.tls),
                         (tr("User name:"), self.user), (tr("Password:"), self.password),
                         (tr("From address:"), self.from_address), (tr("From name:"), self.sender_name)):
            form.addRow(label, w)
        self.where = QLabel(f"{tr('The password is kept in')}: {cfg['password_kept_in']}"
                            if cfg.get("password_kept_in") else "")
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        self.message = message_line(layout)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.test_button = buttons.addButton(tr("Send me a test"), QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.clicked.connect(self.send_test)
        buttons.accepted.connect(self.save_and_close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> bool:
        try:
            cfg = mailing.save_settings(self.replica, host=self.host.text().strip(), port=self.port.value(),
                                        tls=self.tls.currentData(), user=self.user.text().strip(),
                                        password=self.password.text() or None, sender=self.from_address.text().strip(),
                                        sender_name=self.sender_name.text().strip())
        except (mailing.MailError, OSError) as e:
            self.message.setText(in_words(e))
            return False
        if cfg.get("password_kept_in"):
            self.where.setText(f"{tr('The password is kept in')}: {cfg['password_kept_in']}")
        self.password.clear()
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def send_test(self) -> None:
        """A letter to the sender's own address, through the settings as typed."""
        if not self.save():
            return
        self.message.setText(tr("Sending…"))
        tasks().run(lambda: mailing.send_test_to_self(self.replica),
                    on_done=lambda _: self.message.setText(tr("The test letter was sent to") + " "
                                                           + self.from_address.text()),
                    on_error=lambda e: self.message.setText(in_words(e)), owner=self, name="mail test")


class MailingDialog(QDialog):
    def __init__(self, replica: Replica, shown: Shown, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.shown = shown
        self.lang = lang
        self.results: list[mailing.Sent] | None = None
        self._cancel = threading.Event()
        self.setWindowTitle(tr("Mailing"))
        self.setMinimumWidth(640)
        self.records = shown.records(replica)
        without = [r for r in self.records if not str(r.fields.get("email") or "").strip()]
        layout = QVBoxLayout(self)
        self.count = QLabel(f"{tr('Records')}: {len(self.records)}; {tr('without an e-mail')}: {len(without)}")
        layout.addWidget(self.count)
        if without:
            schema = replica.schema()
            names = ", ".join(schema.title(r.kind, r.fields) for r in without[:15])
            self.without = QLabel(f"{tr('They get no letter')}: {names}" + ("…" if len(without) > 15 else ""))
            self.without.setWordWrap(True)
            self.without.setStyleSheet("color: #b45309;")
            layout.addWidget(self.without)
        form = QFormLayout()
        layout.addLayout(form)
        self.subject = QLineEdit()
        self.subject.setPlaceholderText("Новости для {{ ФИО }}")
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText("Здравствуйте, {{ ФИО }}!\n...")
        self.body.setMinimumHeight(160)
        attach = QHBoxLayout()
        self.attachment = QLineEdit()
        self.attachment.setPlaceholderText(tr("none"))
        self.attachment.setToolTip(tr("Filled for each recipient"))
        choose = QPushButton(tr("Choose a file…"))
        choose.clicked.connect(self.choose_attachment)
        self.as_pdf = QCheckBox(tr("as PDF"))
        attach.addWidget(self.attachment, 1)
        attach.addWidget(choose)
        attach.addWidget(self.as_pdf)
        form.addRow(tr("Subject:"), self.subject)
        form.addRow(tr("Text:"), self.body)
        form.addRow(tr("Attachment (a Word template):"), attach)
        self.progress = progress_bar(layout)
        self.message = message_line(layout)
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setHorizontalHeaderLabels([tr("To"), tr("Result"), tr("Title")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setVisible(False)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.test_button = QPushButton(tr("Send me a test"))
        self.test_button.clicked.connect(lambda: self.start(test=True))
        self.send_button = QPushButton(tr("Send"))
        self.send_button.clicked.connect(lambda: self.start(test=False))
        self.close_button = QPushButton(tr("Close"))
        self.close_button.clicked.connect(self.close_or_cancel)
        buttons.addWidget(self.test_button)
        self.settings_button = QPushButton(tr("Mail server…"))  # offered when a mail setting is missing
        self.settings_button.clicked.connect(self.open_settings)
        self.settings_button.setVisible(False)
        buttons.addWidget(self.settings_button)
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def choose_attachment(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Attachment (a Word template):"), str(documents_folder()),
                                              "Word (*.docx)")
        if name:
            self.attachment.setText(name)

    def start(self, *, test: bool) -> None:
        if not self.subject.text().strip():
            self.message.setText(tr("Write a subject"))
            return
        attachment = Path(self.attachment.text()) if self.attachment.text().strip() else None
        self._cancel.clear()
        self.results = None
        for b in (self.send_button, self.test_button):
            b.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, max(1, 1 if test else len(self.records)))
        self.message.setText(tr("Sending…"))
        self._task = tasks().run(
            lambda: mailing.send(self.replica, self.shown.kind, self.records, self.subject.text(),
                                 self.body.toPlainText(), test=test, attachment=attachment,
                                 attach_pdf=self.as_pdf.isChecked(),
                                 progress=tasks().progress(self._progress, self), cancelled=self._cancel.is_set),
            on_done=self._done, on_error=self._failed, owner=self, name="mailing")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _done(self, results: list[mailing.Sent]) -> None:
        self.results = results
        self.progress.setVisible(False)
        for b in (self.send_button, self.test_button):
            b.setEnabled(True)
        sent = sum(1 for s in results if s.ok)
        self.message.setText(f"{tr('Letters sent')}: {sent} / {len(results)}")
        titles = self.replica.titles(s.rec for s in results)
        self.table.setRowCount(len(results))
        for i, s in enumerate(results):
            for j, text in enumerate((s.to or "—", tr("sent") if s.ok else s.error, titles.get(s.rec, ""))):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.setVisible(True)
        self.table.resizeColumnsToContents()

    def _failed(self, e: BaseException) -> None:
        self.progress.setVisible(False)
        for b in (self.send_button, self.test_button):
            b.setEnabled(True)
        missing = isinstance(e, mailing.MailError) and bool(e.setting)
        said = f"{e}: {tr('&Settings').replace('&', '')} > {tr('Mail server…')}" if missing else str(e)
        self.message.setText(said[:1].upper() + said[1:])
        self.settings_button.setVisible(missing)

    def open_settings(self) -> None:
        MailSettingsDialog(self.replica, self).exec()

    def close_or_cancel(self) -> None:
        task = getattr(self, "_task", None)
        if task is not None and not task.done():
            self._cancel.set()  # letters already sent stay sent; the rest are not sent
        else:
            self.reject()


def open_mailing_dialog(parent: Any, replica: Replica, shown: Shown) -> MailingDialog:
    dialog = MailingDialog(replica, shown, getattr(parent, "lang", "en"), parent)
    dialog.show()
    return dialog
