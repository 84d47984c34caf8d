"""A password this PC keeps: in the system's credential store, or where there is none, in a file only this
user may read; each copy of the office data keeps its own."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from client.core import secrets


def test_without_a_credential_store_a_private_file_keeps_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # a bare Linux, a service
    where = secrets.store(tmp_path / "pc", "device-1", "smtp", "пароль-почты")
    path = tmp_path / "pc" / "secrets" / "smtp"
    assert str(path) in where and path.read_text(encoding="utf-8") == "пароль-почты"
    if sys.platform != "win32":
        assert os.stat(path).st_mode & 0o077 == 0  # no one else may read it
    assert secrets.load(tmp_path / "pc", "device-1", "smtp") == "пароль-почты"
    assert secrets.load(tmp_path / "other", "device-2", "smtp") is None  # another copy keeps its own
    secrets.store(tmp_path / "pc", "device-1", "smtp", "новый")
    assert secrets.load(tmp_path / "pc", "device-1", "smtp") == "новый"
