"""The PC's connection to the office server: addresses as people type them, a pinned certificate, and what the
server says reaching the user in their language."""

from __future__ import annotations

import asyncio

import pytest

from client.core import i18n
from client.core.connection import Connection, parse_address
from client.core.errors import AuthError, CertificateChanged, ConnectError
from tests.servers import ServerProcess


def test_addresses_as_people_type_them() -> None:
    assert parse_address("192.168.1.10:7755") == ("192.168.1.10", 7755)
    assert parse_address(" office-pc ") == ("office-pc", 7755)  # the default port
    assert parse_address("[::1]:8000") == ("::1", 8000)
    with pytest.raises(ConnectError, match="not a server address: '192.168.1.10:77x'"):
        parse_address("192.168.1.10:77x")
    i18n.set_language("ru")
    try:
        with pytest.raises(ConnectError, match="это не адрес сервера"):
            parse_address("office:порт")
    finally:
        i18n.set_language("en")


def test_a_pinned_certificate_a_wrong_password_and_nobody_there(office_server: ServerProcess) -> None:
    async def run() -> None:
        conn = await Connection.open(office_server.address)
        pinned = conn.fingerprint
        await conn.close()
        with pytest.raises(CertificateChanged, match="different certificate"):
            await Connection.open(office_server.address, fingerprint="00" * 32)
        conn = await Connection.open(office_server.address, fingerprint=pinned)
        try:
            i18n.set_language("ru")
            with pytest.raises(AuthError, match="неверное имя пользователя или пароль"):
                await conn.request("login", user="admin", password="не тот", device="d", device_name="pc")
        finally:
            i18n.set_language("en")
            await conn.close()
        with pytest.raises(ConnectError, match="cannot reach the server at 127.0.0.1:9"):
            await Connection.open("127.0.0.1:9", timeout=2)
    asyncio.run(run())
