"""The system's language (Russian or English), read the same way by the server, the window and the commands."""

from __future__ import annotations

import os
import sys


def system_language() -> str:
    """ORGANIZER_LANG, else the system's language: the locale variables (ru_RU.UTF-8), or on Windows, which sets
    none of them, the user's display language; else English."""
    for name in ("ORGANIZER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    if sys.platform == "win32":
        try:
            import ctypes
            primary = ctypes.windll.kernel32.GetUserDefaultUILanguage() & 0x3FF  # type: ignore[attr-defined]
            return "ru" if primary == 0x19 else "en"  # LANG_RUSSIAN
        except (AttributeError, OSError):
            pass
    return "en"
