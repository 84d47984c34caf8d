"""Typed hooks: every handler hears a Hook; the first reason a VetoHook's handlers give refuses; a handler that
fails is logged and skipped, never breaking the save it was asked about."""

from __future__ import annotations

import pytest

from client.core.hooks import Hook, VetoHook


def test_a_hook_calls_every_handler_and_skips_a_broken_one(caplog: pytest.LogCaptureFixture) -> None:
    heard: list[str] = []
    hook: Hook[[str]] = Hook("record_did_change")
    hook.append(heard.append)
    hook.append(lambda _text: [][0])  # a plugin's bug
    hook.append(lambda text: heard.append(text.upper()))
    hook("сохранено")
    assert heard == ["сохранено", "СОХРАНЕНО"] and "record_did_change" in caplog.text
    hook.remove(heard.append)
    hook("снова")
    assert heard[-1] == "СНОВА" and len(hook) == 2


def test_the_first_reason_refuses_and_a_broken_handler_refuses_nothing() -> None:
    veto: VetoHook[[str, dict]] = VetoHook("record_will_save")
    veto.append(lambda kind, fields: 1 / 0)  # type: ignore[arg-type,return-value]
    assert veto.veto("contact", {"name": "Анна"}) is None
    veto.append(lambda kind, fields: None if fields.get("name") else "a contact needs a name")
    veto.append(lambda kind, fields: "never asked once refused")
    assert veto.veto("contact", {}) == "a contact needs a name"
    assert veto.veto("contact", {"name": "Анна"}) == "never asked once refused"
