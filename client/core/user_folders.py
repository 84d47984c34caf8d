"""The user's own folders: Documents (Мои документы), and the program's folder in it where made documents go, so
a user finds an invoice's PDF later where they keep their files, not in the program's hidden data folder."""

from __future__ import annotations

from pathlib import Path

from client.core.i18n import _


def documents() -> Path:
    """The user's Documents folder, or the home folder when there is none."""
    import platformdirs
    folder = Path(platformdirs.user_documents_dir())
    return folder if folder.is_dir() else Path.home()


def made_documents(profile: Path) -> Path:
    """Where the documents a profile makes go: Documents/Органайзер офиса (a second company's profile, a folder of
    its own inside). A profile kept in a folder of its own choosing (--profile) keeps them beside its copy."""
    from client.core.replica import default_profile
    if profile.parent.resolve() != default_profile().parent.resolve():
        return profile / "documents"
    folder = documents() / _("Office organizer")
    return folder if profile.name == "default" else folder / profile.name
