"""The system's and the network's errors said in words in the user's language, never "[Errno 111] Connect call
failed": a login to an address where nothing listens, a mail server that refuses, a PDF into a folder that is a file
there (a Russian window against a real server)."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path
from typing import Iterator

import pytest

from client.core import mailing
from client.ui import i18n
from client.ui.login_dialog import LoginDialog
from client.ui.mailing_dialog import MailSettingsDialog
from client.ui.qt import QApplication, Qt
from tests.client.ui.answers import answer
from tests.client.ui.pcs import PC


def closed_port() -> int:
    """A port on this PC where nothing listens (bound for a moment, then let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def raw(text: str) -> bool:
    return any(mark in text for mark in ("Errno", "Error:", "call failed", "Connection refused", "No such file"))


@pytest.fixture
def russian() -> Iterator[None]:
    i18n.install(QApplication.instance(), "ru")
    try:
        yield
    finally:
        i18n.install(QApplication.instance(), "en")


@contextlib.contextmanager
def another_program() -> Iterator[int]:
    """A program that is not the organizer's server (a web server, say) listening on 127.0.0.1: it answers any
    connection with a line of plain HTTP and hangs up. Yields its port; stopped by the test."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def test_a_login_to_another_program_s_address_is_said_in_words(qtbot, tmp_path: Path, russian: None) -> None:
    from client.core.replica import Replica
    replica = Replica(tmp_path / "pc")
    try:
        dialog = LoginDialog(replica, discover=False)
        qtbot.addWidget(dialog)
        dialog.show()
        with another_program() as port:  # the address typed is a web server's, not the office server's
            dialog.address.setText(f"127.0.0.1:{port}")
            dialog.user.setText("admin")
            dialog.password.setText("admin-pass-1")
            qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.login_button.isEnabled() and bool(dialog.message.text()), timeout=15000)
        said = dialog.message.text()
        assert not raw(said) and "SSL" not in said, said  # was "... ([SSL: WRONG_VERSION_NUMBER] wrong version ...)"
        assert "не удалось установить защищённое соединение" in said, said
    finally:
        replica.close()


def test_a_mail_server_that_refuses_is_said_in_words(qtbot, russian_pc: PC) -> None:
    dialog = MailSettingsDialog(russian_pc.replica, russian_pc.window)
    qtbot.addWidget(dialog)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(closed_port())
    dialog.tls.setCurrentIndex(dialog.tls.findData("none"))
    dialog.from_address.setText("office@example.ru")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "127.0.0.1" in dialog.message.text(), timeout=15000)
    said = dialog.message.text()
    assert not raw(said), said
    assert "по этому адресу никто не отвечает" in said, said
    assert mailing.settings(russian_pc.replica)["host"] == "127.0.0.1"  # what was typed is kept


def test_a_pdf_into_a_folder_that_is_a_file_is_said_in_words(qtbot, russian_pc: PC, tmp_path: Path) -> None:
    russian_pc.replica.add("contact", {"name": "Анна"})
    russian_pc.window.select_kind("contact")
    said: list[str] = []
    answer("OK", said)
    taken = tmp_path / "отчёт"
    taken.write_text("a file where the user thought a folder was")
    assert russian_pc.window.save_pdf(taken / "список.pdf") is None
    assert said and not raw(said[0]), said
    assert said[0] == "PDF не создан: отчёт: файл с таким именем уже есть", said  # a folder was meant there
