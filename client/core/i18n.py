"""The core's messages in the user's language (gettext): validation, import reports, letters, print forms, mail.

Messages are written in English with named placeholders, `_("not a number: {text!r}").format(text=...)`; the
Russian catalog is client/core/locale/ru/LC_MESSAGES/organizer-core.po, compiled to .mo by
`python -m tools.build_translations`, and a test finds every `_()` of the core in it. The window sets the
language with its own; the commands follow the system's locale (LANG=ru_RU.UTF-8) or ORGANIZER_LANG.
"""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path

DOMAIN = "organizer-core"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(lang: str) -> None:
    global _current, _language
    _language = lang
    _current = gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)


def language() -> str:
    return _language


def from_environment() -> str:
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


def _(message: str) -> str:
    return _current.gettext(message)
