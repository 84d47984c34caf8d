"""Mailing through a real SMTP server on 127.0.0.1 (aiosmtpd): placeholders, test send, results, logged events."""

from __future__ import annotations

import io
import json
import socket
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any, Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from client import cli
from client.core.replica import Replica


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if any("bounce" in r for r in envelope.rcpt_tos):
            return "550 no such mailbox"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _auth(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == b"office" and data.password == b"mail-pass-1"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd itself answers 535 on failure


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_auth, auth_require_tls=False)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def run(profile: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--profile", str(profile), *args], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def test_mailing_with_test_send_results_and_events(smtp: tuple[Inbox, int], tmp_path: Path) -> None:
    inbox, port = smtp
    pc = tmp_path / "pc"
    r = Replica(pc)
    org = r.add("organization", {"name": "ООО Ромашка"})
    ids = [r.add("contact", {"name": "Иван Петров", "email": "ivan@example.ru", "organization": org}),
           r.add("contact", {"name": "Ольга", "email": "olga@example.ru"}),
           r.add("contact", {"name": "Без почты"}),
           r.add("contact", {"name": "Уволился", "email": "bounce@example.ru"})]
    r.close()
    body = tmp_path / "letter.txt"
    body.write_text("Здравствуйте, {{ ФИО }}!\nВаша компания: {{ organization }}.\n", encoding="utf-8")
    code, text = run(pc, "mail", "--subject", "Новости для {{ name }}", "--body-file", str(body))
    assert code == 6 and "set the sender address first" in text
    assert run(pc, "mail-settings", "--host", "127.0.0.1", "--port", str(port), "--tls", "none", "--user",
               "office", "--password", "wrong", "--sender", "office@example.ru")[0] == 0
    code, text = run(pc, "mail", "--subject", "x", "--body-file", str(body), "--test")
    assert code == 6 and "refused the user name or password" in text
    code, text = run(pc, "mail-settings", "--password", "mail-pass-1")
    assert "the password is kept in a file only this Windows/Linux user may read" in text  # no credential store here
    stored = b"".join(p.read_bytes() for p in pc.glob("replica.db*"))
    assert b"mail-pass-1" not in stored and b"wrong" not in stored  # never in the data file
    code, text = run(pc, "mail", "--subject", "Новости для {{ name }}", "--body-file", str(body), "--test")
    assert code == 0 and len(inbox.messages) == 1
    assert inbox.messages[0]["To"] == "office@example.ru" and inbox.messages[0]["Subject"].startswith("[TEST]")
    code, text = run(pc, "mail", "--subject", "Новости для {{ name }}", "--body-file", str(body))
    assert code == 1 and "2 of 4 letters sent" in text  # the per-recipient results say which failed
    assert "FAILED\t-\t" + ids[2] in text and "no e-mail address" in text and "FAILED\tbounce@example.ru" in text
    to_ivan = next(m for m in inbox.messages if m["To"] == "ivan@example.ru")
    assert to_ivan["Subject"] == "Новости для Иван Петров"
    assert "Здравствуйте, Иван Петров!" in to_ivan.get_content() and "ООО Ромашка" in to_ivan.get_content()
    r = Replica(pc)
    events = r.records("event")
    r.close()
    assert sorted(e.fields["contact"] for e in events) == sorted(ids[:2])
    assert all(e.fields["type"] == "email" and e.fields["title"].startswith("Новости для") for e in events)


def test_a_broken_placeholder_sends_nothing(smtp: tuple[Inbox, int], tmp_path: Path) -> None:
    inbox, port = smtp
    pc = tmp_path / "pc"
    r = Replica(pc)
    r.add("contact", {"name": "Иван", "email": "ivan@example.ru"})
    r.close()
    run(pc, "mail-settings", "--host", "127.0.0.1", "--port", str(port), "--tls", "none", "--sender", "o@example.ru")
    body = tmp_path / "b.txt"
    body.write_text("{{ Размер_обуви }}", encoding="utf-8")
    code, text = run(pc, "mail", "--subject", "x", "--body-file", str(body))
    assert code == 6 and "does not exist" in text and inbox.messages == []


def test_the_password_goes_to_the_systems_credential_store_where_there_is_one(tmp_path: Path, monkeypatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    from client.core import mailing

    class Store(KeyringBackend):  # stands for Windows Credential Manager, which this Linux machine lacks
        priority = 1
        kept: dict = {}

        def set_password(self, service: str, username: str, password: str) -> None:
            self.kept[(service, username)] = password

        def get_password(self, service: str, username: str) -> str | None:
            return self.kept.get((service, username))

        def delete_password(self, service: str, username: str) -> None:
            self.kept.pop((service, username), None)
    before = keyring.get_keyring()
    keyring.set_keyring(Store())
    r = Replica(tmp_path / "pc")
    try:
        r.set_meta(mailing.SETTINGS_KEY, {"host": "127.0.0.1", "user": "office", "password": "old-0.1-pass"})
        assert mailing.settings(r) == {"host": "127.0.0.1", "user": "office",
                                       "password_kept_in": "the system's credential store (Store)"}
        assert mailing.password(r) == "old-0.1-pass" and Store.kept[("lan-organizer", f"{r.device}:smtp")]
        assert "old-0.1-pass" not in json.dumps(r.meta(mailing.SETTINGS_KEY))  # moved out of the data file
        assert not (tmp_path / "pc" / "secrets").exists()
    finally:
        r.close()
        keyring.set_keyring(before)


def test_mailing_from_the_window_with_a_word_attachment_per_recipient(qtbot, smtp: tuple[Inbox, int],
                                                                     tmp_path: Path) -> None:
    from docx import Document

    from client.ui.main_window import MainWindow
    inbox, port = smtp
    r = Replica(tmp_path / "pc")
    try:
        for name, email, city in (("Иван Петров", "ivan@example.ru", "Тверь"), ("Ольга", "olga@example.ru", "Тверь"),
                                  ("Без почты", None, "Тверь"), ("Москвич", "msk@example.ru", "Москва")):
            r.add("contact", {"name": name, "city": city, **({"email": email} if email else {})})
        template = tmp_path / "договор.docx"
        doc = Document()
        doc.add_paragraph("Договор для {{ ФИО }} из города {{ Город }}")
        doc.save(str(template))
        window = MainWindow(r, lang="ru")
        qtbot.addWidget(window)
        settings = window.open_mail_settings()
        qtbot.addWidget(settings)
        settings.host.setText("127.0.0.1")
        settings.port.setValue(port)
        settings.tls.setCurrentIndex(settings.tls.findData("none"))
        settings.user.setText("office")
        settings.password.setText("mail-pass-1")
        settings.from_address.setText("office@example.ru")
        settings.send_test()  # "send me a test"
        qtbot.waitUntil(lambda: len(inbox.messages) == 1, timeout=10000)
        assert inbox.messages[0]["To"] == "office@example.ru"
        assert b"mail-pass-1" not in b"".join(p.read_bytes() for p in (tmp_path / "pc").glob("replica.db*"))

        window.select_kind("contact")
        window.filter_bar.load_spec({"field": "city", "op": "is", "value": "Тверь"})
        window.apply_search()
        dialog = window.open_mailing()
        qtbot.addWidget(dialog)
        assert "Без почты" in dialog.without.text()  # listed, not skipped silently
        dialog.subject.setText("Договор для {{ ФИО }}")
        dialog.body.setPlainText("Здравствуйте, {{ ФИО }}! Договор во вложении.")
        dialog.attachment.setText(str(template))
        dialog.send_button.click()
        qtbot.waitUntil(lambda: dialog.results is not None, timeout=15000)
        assert sorted((s.to, s.ok) for s in dialog.results) == [("", False), ("ivan@example.ru", True),
                                                                ("olga@example.ru", True)]  # Тверь only, as shown
        letters = {m["To"]: m for m in inbox.messages[1:]}
        assert set(letters) == {"ivan@example.ru", "olga@example.ru"}
        attached = next(letters["olga@example.ru"].iter_attachments())
        assert attached.get_filename() == "договор - Ольга.docx"
        text = "\n".join(p.text for p in Document(io.BytesIO(attached.get_content())).paragraphs)
        assert text == "Договор для Ольга из города Тверь"
        assert dialog.table.rowCount() == 3
        assert r.count("event", where={"type": "email"}) == 2  # each sent letter logged on its record
    finally:
        r.close()
