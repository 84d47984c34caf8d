"""Templated e-mail to chosen records through the office SMTP server, with a result per recipient.

Subject and body use the same names as Word templates ({{ ФИО }}, {{ name }}, {{ org.tax_id }}). Each sent
letter is logged as an event (type: email) linked to the record, so colleagues see it was written.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2

from client.core import secrets
from client.core.error_words import in_words
from client.core.i18n import _
from client.core.merge import PLACEHOLDER, is_label, names_for, normalized, record_context
from client.core.replica import Replica
from lan_server.records import Record

SETTINGS_KEY = "smtp"
TLS_MODES = ("starttls", "ssl", "none")


class MailError(Exception):
    """A mailing that cannot go; `setting` names the mail setting that is missing ("host", "sender"), so the
    window can offer its settings dialog and the commands their option, each in its own words."""

    def __init__(self, message: str, setting: str = "") -> None:
        super().__init__(message)
        self.setting = setting


@dataclass
class Sent:
    rec: str
    to: str
    ok: bool
    error: str = ""


def settings(replica: Replica) -> dict[str, Any]:
    """The mail settings without the password (see `password`)."""
    current = dict(replica.meta(SETTINGS_KEY) or {})
    if "password" in current:  # written by 0.1 into the data file: moved to the credential store now
        save_settings(replica, password=current.pop("password"))
        current = dict(replica.meta(SETTINGS_KEY) or {})
    return current


def password(replica: Replica) -> str:
    return secrets.load(Path(replica.profile), replica.device, "smtp") or ""


def save_settings(replica: Replica, **values: Any) -> dict[str, Any]:
    """Save what is given; the password goes to the system's credential store (client/core/secrets.py) and
    the settings say where it is kept."""
    current = dict(replica.meta(SETTINGS_KEY) or {})
    current.pop("password", None)
    secret = values.pop("password", None)
    if secret is not None:
        current["password_kept_in"] = secrets.store(Path(replica.profile), replica.device, "smtp", str(secret))
    current.update({k: v for k, v in values.items() if v is not None})
    if current.get("tls", "starttls") not in TLS_MODES:
        raise MailError(_("the encryption must be one of: {modes}").format(modes=", ".join(TLS_MODES)))
    replica.set_meta(SETTINGS_KEY, current)  # kept on this PC only: never synced to the server
    return current


def _render(template: str, names: dict[str, str], ctx: dict[str, Any]) -> str:
    def to_key(m: re.Match[str]) -> str:
        inner = m.group(1)
        if is_label(inner) and normalized(inner) in names:
            return "{{ " + names[normalized(inner)] + " }}"
        return m.group(0)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    try:
        return env.from_string(PLACEHOLDER.sub(to_key, template)).render(ctx)
    except jinja2.UndefinedError as e:
        raise MailError(_("the letter names a field that does not exist: {name}").format(name=e.message)) from None
    except jinja2.TemplateSyntaxError as e:
        raise MailError(_("the letter has a broken placeholder: {problem}").format(problem=e.message)) from None


def _connect(cfg: dict[str, Any], secret: str = "") -> smtplib.SMTP:
    host, port = cfg.get("host"), int(cfg.get("port") or 0)
    if not host:
        raise MailError(_("set the office mail server first"), setting="host")
    mode = cfg.get("tls", "starttls")
    ctx = ssl.create_default_context()
    if cfg.get("verify", True) is False:  # an office server with a self-signed certificate
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    try:
        smtp: smtplib.SMTP
        if mode == "ssl":
            smtp = smtplib.SMTP_SSL(host, port or 465, timeout=20, context=ctx)
        else:
            smtp = smtplib.SMTP(host, port or 587, timeout=20)
            if mode == "starttls":
                smtp.starttls(context=ctx)
        if cfg.get("user"):
            smtp.login(cfg["user"], secret)
        return smtp
    except smtplib.SMTPAuthenticationError:
        raise MailError(_("the mail server refused the user name or password")) from None
    except (OSError, smtplib.SMTPException) as e:
        raise MailError(_("cannot use the mail server {host}:{port}: {error}").format(host=host, port=port,
                                                                                    error=in_words(e))) from None


def send_test_to_self(replica: Replica) -> None:
    """One short letter to the sender's own address: the settings work."""
    cfg = settings(replica)
    sender = cfg.get("sender") or cfg.get("user")
    if not sender:
        raise MailError(_("set the sender address first"), setting="sender")
    msg = EmailMessage()
    msg["From"] = formataddr((cfg.get("sender_name", ""), sender))
    msg["To"] = sender
    msg["Subject"] = "Проверка почты органайзера"
    msg.set_content("Если вы читаете это письмо, рассылки из органайзера доходят.")
    smtp = _connect(cfg, password(replica))
    try:
        smtp.send_message(msg)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass


def deliver(replica: Replica, to: str, subject: str, text: str, files: Iterable[Path] = ()) -> None:
    """One letter with files attached, through the office mail server; raises MailError saying why not."""
    import mimetypes
    cfg = settings(replica)
    sender = cfg.get("sender") or cfg.get("user")
    if not sender:
        raise MailError(_("set the sender address first"))
    msg = EmailMessage()
    msg["From"] = formataddr((cfg.get("sender_name", ""), sender))
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    msg.set_content(text)
    for path in files:
        mime = (mimetypes.guess_type(path.name)[0] or "application/octet-stream").split("/")
        msg.add_attachment(path.read_bytes(), maintype=mime[0], subtype=mime[1], filename=path.name)
    smtp = _connect(cfg, password(replica))
    try:
        smtp.send_message(msg)
    except smtplib.SMTPException as e:
        raise MailError(_("the mail server did not take the letter: {error}").format(error=e)) from None
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass


def send(replica: Replica, kind: str, records: Iterable[Record], subject: str, body: str, *,
         test: bool = False, log_events: bool = True, attachment: Path | None = None, attach_pdf: bool = False,
         progress: Callable[[int, int], None] | None = None,
         cancelled: Callable[[], bool] | None = None) -> list[Sent]:
    """Send to every record's e-mail (or, with `test`, one letter for the first record to the sender).

    `attachment`: a Word template filled for each recipient and attached (as PDF with `attach_pdf`, where this
    PC has Word or LibreOffice). A cancel stops before the next letter; those sent stay sent and are logged."""
    cfg = settings(replica)
    sender = cfg.get("sender") or cfg.get("user")
    if not sender:
        raise MailError(_("set the sender address first"), setting="sender")
    schema = replica.schema()
    names = names_for(schema.kind(kind))
    records = list(records)
    if test:
        records = records[:1]
    # Render everything first: a broken placeholder is reported before a single letter leaves.
    letters = []
    template = None
    if attachment is not None:
        from client.core.merge import MergeError, Template
        try:
            template = Template(attachment, schema.kind(kind))
        except MergeError as e:
            raise MailError(str(e)) from None
        if template.unknown():
            raise MailError(_("the attachment's template names fields this section does not have: {names}").format(
                names=", ".join(template.unknown())))
    for r in records:
        ctx = record_context(replica, schema, r)
        letters.append((r, _render(subject, names, ctx), _render(body, names, ctx), ctx))
    results: list[Sent] = []
    smtp = _connect(cfg, password(replica))
    try:
        for n, (r, subj, text, ctx) in enumerate(letters):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(n, len(letters))
            to = sender if test else str(r.fields.get("email") or "").strip()
            if not to:
                results.append(Sent(r.id, "", False, "no e-mail address"))
                continue
            msg = EmailMessage()
            msg["From"] = formataddr((cfg.get("sender_name", ""), sender))
            msg["To"] = to
            msg["Subject"] = ("[TEST] " if test else "") + subj
            msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
            msg.set_content(text)
            if template is not None:
                name, data, mime = _attachment(template, ctx, schema.title(r.kind, r.fields) or r.id, attach_pdf)
                msg.add_attachment(data, maintype=mime[0], subtype=mime[1], filename=name)
            try:
                smtp.send_message(msg)
                results.append(Sent(r.id, to, True))
            except smtplib.SMTPException as e:
                results.append(Sent(r.id, to, False, str(e)))
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
    if log_events and not test:
        link = "contact" if kind == "contact" else ("organization" if kind == "organization" else None)
        for s in results:
            if s.ok and link:
                subj = next(x[1] for x in letters if x[0].id == s.rec)
                event = {"title": subj, "type": "email", "result": "done", link: s.rec,
                         "when": datetime.now().isoformat(timespec="minutes"), "note": f"to {s.to}"}
                if replica.user:
                    event["assignee"] = replica.user
                replica.add("event", event)
    return results


def _attachment(template: Any, ctx: dict[str, Any], title: str, as_pdf: bool) -> tuple[str, bytes, tuple[str, str]]:
    """The template filled for one recipient: (file name, bytes, MIME type)."""
    import tempfile

    from client.core.merge import safe_file_name
    data = template.render(ctx)
    name = f"{safe_file_name(template.path.stem)} - {safe_file_name(title)}"
    if not as_pdf:
        return f"{name}.docx", data, ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
    from client.core.office_apps import to_pdf
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / f"{name}.docx"
        docx.write_bytes(data)
        try:
            return f"{name}.pdf", to_pdf(docx).read_bytes(), ("application", "pdf")
        except ValueError as e:
            raise MailError(str(e)) from None
