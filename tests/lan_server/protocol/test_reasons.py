"""A refusal as a code with parameters: it travels, it is said in English or Russian from the catalog, and what
does not fit the catalog (an older server's sentence, an unknown code, parameters that do not fit) is shown as it
came, never guessed at."""

from __future__ import annotations

import msgpack
import pytest

from lan_server.protocol.reasons import CATALOG, Reason, role_name, say


def test_a_reason_travels_as_its_code_and_is_said_from_the_catalog() -> None:
    reason = Reason("role_may_not_add", role="manager", kind="invoice")
    assert reason == "your role (manager) may not add records to invoice"  # still the sentence, for logs
    back = Reason.from_wire(msgpack.unpackb(msgpack.packb(reason.to_wire())))
    assert isinstance(back, Reason) and back.code == "role_may_not_add" and back == reason
    assert say(back, "en") == reason
    assert say(back, "ru") == "ваша роль (менеджер) не позволяет добавлять записи в «invoice»"
    assert say(back, "ru", section=lambda key: {"invoice": "Счета"}.get(key, key)) == \
        "ваша роль (менеджер) не позволяет добавлять записи в «Счета»"
    assert role_name("viewer", "ru") == "наблюдатель" and role_name("sales", "ru") == "sales"


def test_what_is_no_reason_of_the_catalog_stays_as_it_came() -> None:
    assert Reason.from_wire({"code": "no_such_code", "params": {}}) is None
    assert Reason.from_wire({"code": "role_may_not_add", "params": {"role": "x"}}) is None  # `kind` missing
    assert Reason.from_wire("wrong user name or password") is None  # an older server's bare sentence
    assert say("wrong user name or password", "ru") == "wrong user name or password"
    with pytest.raises(KeyError):
        Reason("no_such_code")


def test_every_reason_of_the_catalog_has_both_languages() -> None:
    for code, (english, russian) in CATALOG.items():
        assert english and russian and english != russian, code
