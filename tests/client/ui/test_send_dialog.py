""""Send by e-mail" from an invoice's card as a user does it: the buyer's address and the office's words filled
in, the bill's PDF attached, the letter received by a real SMTP server, the sending noted on the invoice and in
the customer's events; a refused letter stays in the dialog."""

from __future__ import annotations

from pathlib import Path

from client.core import mailing
from client.core.replica import Replica
from client.ui import i18n
from client.ui.qt import QApplication, Qt
from client.ui.record_card import RecordCard
from lan_server.records.schema import REQUISITES_ID
from tests.client.core.test_mailing import Inbox, smtp  # noqa: F401


def test_send_the_bill_from_the_card(qtbot, smtp: tuple[Inbox, int], tmp_path: Path) -> None:  # noqa: F811
    inbox, port = smtp
    replica = Replica(tmp_path / "pc")
    i18n.install(QApplication.instance(), "ru")
    try:
        replica.add("requisites", {"name": "ООО «Ромашка»", "inn": "7707083893", "bank": "ПАО Сбербанк",
                                   "bik": "044525225", "account": "40702810938000000001",
                                   "corr_account": "30101810400000000225", "director": "Смирнова Елена Викторовна",
                                   "phone": "+7 495 123-45-67"}, rec_id=REQUISITES_ID)
        org = replica.add("organization", {"name": "ООО «Лютик»", "email": "buh@lutik.example"})
        inv = replica.add("invoice", {"number": "15", "date": "2026-11-22", "organization": org})
        replica.add("invoice_line", {"invoice": inv, "description": "Консультация", "qty": 1, "price": 2450})
        mailing.save_settings(replica, host="127.0.0.1", port=port, tls="none", user="office",
                              password="mail-pass-1", sender="office@example.ru", sender_name="ООО «Ромашка»")
        card = RecordCard(replica, "ru")
        qtbot.addWidget(card)
        card.show_record(inv)
        labels = [a.text() for a in card.actions_menu.actions()]
        assert "Отправить по почте…" in labels
        dialog = card.send_by_mail(replica.get(inv))
        qtbot.waitUntil(lambda: dialog.draft is not None or bool(dialog.message.text()) and
                        "Делаю" not in dialog.message.text(), timeout=15000)
        assert dialog.draft is not None, dialog.message.text()
        assert dialog.to.text() == "buh@lutik.example"
        assert dialog.subject.text() == "Счёт на оплату № 15 от 22.11.2026 — ООО «Ромашка»"
        assert "на сумму 2 450,00 руб." in dialog.text.toPlainText().replace("\u00a0", " ")
        assert dialog.attachment.text() == "Счёт на оплату № 15.pdf"
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.sent or dialog.send_button.isEnabled(), timeout=15000)
        assert dialog.sent, dialog.message.text()
        [letter] = inbox.messages
        assert letter["To"] == "buh@lutik.example" and letter["Subject"].startswith("Счёт на оплату № 15")
        [pdf] = list(letter.iter_attachments())
        assert pdf.get_filename() == "Счёт на оплату № 15.pdf" and pdf.get_content().startswith(b"%PDF")
        sent = replica.get(inv).fields
        assert sent["sent_to"] == "buh@lutik.example" and sent["sent"]
        [event] = replica.records("event", where={"organization": org})
        assert event.fields["type"] == "email" and "buh@lutik.example" in event.fields["note"]

        dialog = card.send_by_mail(replica.get(inv))  # the act, to a mailbox the server refuses
        qtbot.waitUntil(lambda: dialog.draft is not None, timeout=15000)
        dialog.form.setCurrentIndex(dialog.form.findData("act"))
        qtbot.waitUntil(lambda: dialog.draft is not None and dialog.draft.form == "act", timeout=15000)
        dialog.to.setText("bounce@lutik.example")
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=15000)
        assert not dialog.sent and "не принял письмо" in dialog.message.text()
        assert dialog.subject.text().startswith("Акт № 15")  # kept, to send again
    finally:
        i18n.install(QApplication.instance(), "en")
        replica.close()
