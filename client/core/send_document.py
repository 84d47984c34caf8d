"""A document sent from its card: the buyer's e-mail filled in, the subject and text from the office's letter
template (the requisites' "letter with a document"), the form attached as PDF, sent through the office mail
server; the sending is noted on the document (its history shows when and to whom) and in the customer's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from client.core import forms, mailing
from client.core.i18n import _
from lan_server.records import Record
from lan_server.records.schema import REQUISITES_ID

SUBJECT = "{{ title }} № {{ number }} от {{ date }} — {{ company.name }}"
TEXT = ("Здравствуйте!\n\nНаправляем {{ title_accusative }} № {{ number }} от {{ date }}"
        "{% if total %} на сумму {{ total }} руб.{% endif %} Документ во вложении.\n\n"
        "С уважением,\n{{ company.name }}{% if company.phone %}\nтел. {{ company.phone }}{% endif %}")
_ACCUSATIVE = {"invoice": "счёт на оплату", "act": "акт", "upd": "УПД", "contract": "договор",
               "reconciliation": "акт сверки"}


@dataclass
class Draft:
    form: str
    record: str
    to: str
    subject: str
    text: str
    attachment: Path


def _buyer(replica: Any, record: Record) -> Record | None:
    org = record.fields.get("organization")
    return replica.get(str(org)) if org else (record if record.kind == "organization" else None)


def compose(replica: Any, form: str, record: Record) -> Draft:
    """The letter as it will go: the PDF made (a number taken first when the document has none), the
    address and the words filled in; the user may change any of them before sending."""
    from lan_server.documents.pdf import fill
    made = forms.make(replica, form, record, as_pdf=True)
    record = replica.get(record.id) or record
    ctx = forms.context(replica, form, record)
    req = replica.get(REQUISITES_ID)
    own = req.fields if req is not None else {}
    ctx = {**ctx, "title": forms.FORMS[form][0], "title_accusative": _ACCUSATIVE.get(form, forms.FORMS[form][0])}
    try:
        subject = fill(str(own.get("mail_subject") or SUBJECT), ctx)
        text = fill(str(own.get("mail_text") or TEXT), ctx)
    except Exception as e:  # an office's letter template with a broken placeholder
        raise ValueError(_("the letter template in the requisites cannot be filled: {error}").format(error=e)) \
            from None
    buyer = _buyer(replica, record)
    to = str(buyer.fields.get("email") or "").strip() if buyer is not None else ""
    return Draft(form, record.id, to, " ".join(subject.split()), text, made.path)


def send(replica: Any, draft: Draft) -> None:
    """Send the letter; note it on the document and in the customer's events. Raises MailError saying why."""
    if "@" not in draft.to:
        raise mailing.MailError(_("write the recipient's e-mail address"))
    mailing.deliver(replica, draft.to, draft.subject, draft.text, [draft.attachment])
    record = replica.get(draft.record)
    if record is None:
        return
    now = datetime.now().isoformat(timespec="minutes")
    kind = replica.schema().kind(record.kind)
    if kind.field("sent") is not None:
        replica.set(record.id, {"sent": now, "sent_to": draft.to})
    buyer = _buyer(replica, record)
    event: dict[str, Any] = {"title": draft.subject, "type": "email", "result": "done", "when": now,
                             "note": _("{file} sent to {to}").format(file=draft.attachment.name, to=draft.to)}
    if buyer is not None:
        event["organization"] = buyer.id
    if replica.user:
        event["assignee"] = replica.user
    replica.add("event", event)
