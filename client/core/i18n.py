"""The core's messages in the user's language (gettext): validation, import reports, letters, print forms, mail.

Messages are written in English with named placeholders, `_("not a number: {text!r}").format(text=...)`; the
Russian catalog is client/core/locale/ru/LC_MESSAGES/organizer-core.po, compiled to .mo by
`python -m tools.build_translations`, and a test finds every `_()` of the core in it. The window sets the
language with its own; the commands follow the system's locale (LANG=ru_RU.UTF-8) or ORGANIZER_LANG.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from lan_server.protocol.language import system_language
from lan_server.records import titles

DOMAIN = "organizer-core"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
from_environment = system_language  # the commands and the window start in the system's language


def set_language(lang: str) -> None:
    global _current, _language
    _language = lang
    titles.set_language(lang)  # "Счёт № 12 от …" in the window's language
    _current = gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)


def language() -> str:
    return _language


def _(message: str) -> str:
    return _current.gettext(message)
