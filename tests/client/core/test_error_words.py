"""Each kind of system and network error in words, in English and Russian, with the file's name when it has one."""

from __future__ import annotations

import errno
import socket
import ssl

import pytest

from client.core import i18n
from client.core.error_words import in_words, refused


@pytest.mark.parametrize(("error", "en", "ru"), [
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
     "nothing answers at that address (the program there is not running)",
     "по этому адресу никто не отвечает (программа там не запущена)"),
    # asyncio's one error for a name of several addresses (localhost: ::1 and 127.0.0.1)
    (OSError("Multiple exceptions: [Errno 111] Connect call failed ('::1', 8765, 0, 0), [Errno 111] Connect call "
             "failed ('127.0.0.1', 8765)"),
     "nothing answers at that address (the program there is not running)",
     "по этому адресу никто не отвечает (программа там не запущена)"),
    (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), "the connection was broken off",
     "соединение оборвалось"),
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
     "no computer with that name was found on the network", "компьютер с таким именем в сети не найден"),
    (ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"),
     "the secure connection failed: the program at that address does not seem to be the organizer's server",
     "не удалось установить защищённое соединение: похоже, по этому адресу не сервер органайзера"),
    (TimeoutError(), "no answer came in time", "ответ не пришёл вовремя"),
    (PermissionError(errno.EACCES, "Permission denied", "/home/olga/Документы/счёт.pdf"),
     "счёт.pdf: access denied: the file may be open in another program, or the folder may not be written",
     "счёт.pdf: нет доступа: файл, возможно, открыт в другой программе, или в эту папку нельзя записывать"),
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full", "диск заполнен"),
    (OSError(9999, "Something new"), "the system refused (error 9999)", "система отказала (ошибка 9999)"),
    (ValueError("the amount is not a number"), "the amount is not a number", "the amount is not a number"),
])
def test_an_error_in_words(error: BaseException, en: str, ru: str) -> None:
    try:
        assert in_words(error) == en
        i18n.set_language("ru")
        assert in_words(error) == ru
        assert "Errno" not in in_words(error)
    finally:
        i18n.set_language("en")


def test_refused_is_known_at_one_address_and_at_several() -> None:
    assert refused(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"))
    assert refused(OSError("Multiple exceptions: [Errno 111] Connect call failed ('::1', 1, 0, 0)"))
    assert not refused(ConnectionResetError(errno.ECONNRESET, "reset"))
