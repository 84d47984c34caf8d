"""Made documents (an invoice's PDF, a contract) go where a user finds them later: the user's Documents, in the
program's folder named in the user's language, not the program's hidden data folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from client.core import forms, i18n
from client.core.replica import default_profile
from client.core.user_folders import made_documents


@pytest.fixture
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's own Documents and the program's data folder, in the test's folder."""
    (tmp_path / "Документы").mkdir()
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(tmp_path / "Документы"))
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *_a, **_k: str(tmp_path / "data" / "lan-organizer"))
    return tmp_path


def test_made_documents_go_into_the_users_documents_in_the_programs_folder(user_home: Path) -> None:
    i18n.set_language("ru")
    profile = default_profile()
    assert profile == user_home / "data" / "lan-organizer" / "default"
    assert made_documents(profile) == user_home / "Документы" / "Органайзер офиса"
    # a second company's profile: a folder of its own inside
    assert made_documents(profile.with_name("romashka")) == user_home / "Документы" / "Органайзер офиса" / "romashka"

    class Copy:  # what forms asks of a replica
        pass
    copy = Copy()
    copy.profile = profile  # type: ignore[attr-defined]
    assert forms.documents_folder(copy) == user_home / "Документы" / "Органайзер офиса"


def test_a_profile_in_a_folder_of_its_own_keeps_its_documents_beside_it(user_home: Path) -> None:
    assert made_documents(user_home / "usb" / "office") == user_home / "usb" / "office" / "documents"
