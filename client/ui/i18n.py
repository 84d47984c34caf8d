"""Interface language: English or Russian, from the settings or the system; Qt's own dialogs follow."""

from __future__ import annotations

from pathlib import Path

from client.ui.qt import QApplication, QCoreApplication, QLibraryInfo, QSettings, QTranslator

HERE = Path(__file__).resolve().parent / "translations"
LANGUAGES = {"en": "English", "ru": "Русский"}
_installed: list[QTranslator] = []


def tr(text: str) -> str:
    """Translate a user-visible string (context 'organizer', see translations/organizer_ru.ts)."""
    return QCoreApplication.translate("organizer", text)


def settings() -> QSettings:
    return QSettings("lan-organizer", "client")


def preferred_language() -> str:
    saved = settings().value("language", "", type=str)
    if saved in LANGUAGES:
        return saved
    from client.core.i18n import from_environment
    return from_environment()  # the system's language, as the commands read it: a Russian Windows starts Russian


def install(app: QApplication, lang: str) -> str:
    """Load our translation and Qt's (buttons of standard dialogs) for `lang`; 'en' removes them. The core's
    messages (validation, import reports, letters) follow the same language."""
    from client.core import i18n as core_i18n
    core_i18n.set_language(lang)
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang == "ru":
        ours = QTranslator(app)
        if ours.load(str(HERE / "organizer_ru.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in ("qtbase_ru", "qt_ru"):
            qt = QTranslator(app)
            if qt.load(name, qt_dir):
                app.installTranslator(qt)
                _installed.append(qt)
    return lang


def save_language(lang: str) -> None:
    settings().setValue("language", lang)
