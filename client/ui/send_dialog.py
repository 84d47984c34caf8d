""""Send by e-mail" on an invoice or a contract: which document (bill, act, УПД, contract), the buyer's address,
the subject and text from the office's letter template, the PDF attached; sent through the office mail server."""

from __future__ import annotations

from typing import Any

from client.core import forms, send_document
from client.core.error_words import in_words
from client.ui.i18n import tr
from client.ui.qt import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.widgets import message_line

# the documents a customer is sent, by the section they are made from
SENT = {"invoice": ("invoice", "act", "upd"), "contract": ("contract",)}


class SendDialog(QDialog):
    def __init__(self, replica: Any, record: Any, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.record = record
        self.draft: send_document.Draft | None = None
        self.sent = False
        self.setWindowTitle(tr("Send by e-mail"))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.form = QComboBox()
        for key in SENT.get(record.kind, ()):
            self.form.addItem(forms.FORMS[key][0], key)
        self.form.currentIndexChanged.connect(self.compose)
        self.to = QLineEdit()
        self.subject = QLineEdit()
        self.text = QPlainTextEdit()
        self.attachment = QLabel()
        form.addRow(tr("Document:"), self.form)
        form.addRow(tr("To:"), self.to)
        form.addRow(tr("Subject:"), self.subject)
        form.addRow(tr("Attached:"), self.attachment)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        self.message = message_line(layout)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.send_button = QPushButton(tr("Send"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        cancel = QPushButton(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.send_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.compose()

    def compose(self) -> None:
        """Make the document's PDF and fill the letter (a number is taken first, so this runs off the window)."""
        form = str(self.form.currentData())
        self.draft = None
        self.send_button.setEnabled(False)
        self.message.setText(tr("Making the document…"))

        def done(draft: send_document.Draft) -> None:
            if str(self.form.currentData()) != draft.form:  # another document was chosen meanwhile
                return
            self.draft = draft
            if not self.to.text().strip():
                self.to.setText(draft.to)
            self.subject.setText(draft.subject)
            self.text.setPlainText(draft.text)
            self.attachment.setText(draft.attachment.name)
            self.message.setText("" if draft.to else tr("The buyer has no e-mail in their card: write the address"))
            self.send_button.setEnabled(True)

        def failed(e: BaseException) -> None:
            self.message.setText(in_words(e))
        tasks().run(lambda: send_document.compose(self.replica, form, self.record), on_done=done, on_error=failed,
                    owner=self, name="make a document to send")

    def send(self) -> None:
        if self.draft is None:
            return
        draft = send_document.Draft(self.draft.form, self.draft.record, self.to.text().strip(),
                                    self.subject.text().strip(), self.text.toPlainText(), self.draft.attachment)
        self.send_button.setEnabled(False)
        self.message.setText(tr("Sending…"))

        def done(_: Any) -> None:
            self.sent = True
            self.message.setText(tr("Sent to {to}").replace("{to}", draft.to))
            self.accept()

        def failed(e: BaseException) -> None:  # the letter stays in the dialog, to send again
            self.message.setText(in_words(e))
            self.send_button.setEnabled(True)
        tasks().run(lambda: send_document.send(self.replica, draft), on_done=done, on_error=failed, owner=self,
                    name="send a document")
