"""Every string the window shows has a Russian translation, the compiled .qm matches the .ts, Qt's dialogs follow."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from client.ui import i18n
from client.ui.qt import QApplication, QCoreApplication, QTranslator
from tools import build_translations


def test_every_window_string_is_translated_in_the_ts() -> None:
    root = ET.parse(i18n.HERE / "organizer_ru.ts").getroot()
    messages = {m.findtext("source"): m.find("translation") for m in root.iter("message")}
    missing = [s for s in build_translations.strings() if s not in messages]
    assert not missing, f"run python -m tools.build_translations; not in the .ts: {missing}"
    unfinished = [s for s, t in messages.items() if t is None or t.get("type") == "unfinished" or not t.text]
    assert not unfinished, f"untranslated: {unfinished}"


def test_compiled_qm_gives_the_translations_of_the_ts(qapp) -> None:
    translator = QTranslator()
    assert translator.load(str(i18n.HERE / "organizer_ru.qm"))
    root = ET.parse(i18n.HERE / "organizer_ru.ts").getroot()
    QApplication.instance().installTranslator(translator)
    try:
        stale = [m.findtext("source") for c in root.iter("context") for m in c.iter("message")
                 if QCoreApplication.translate(c.findtext("name"), m.findtext("source"), m.findtext("comment"))
                 != m.findtext("translation")]
    finally:
        QApplication.instance().removeTranslator(translator)
    assert not stale, f"the .qm is older than the .ts; run python -m tools.build_translations: {stale[:5]}"


def test_switching_language_translates_ours_and_qts_own_buttons(qapp) -> None:
    try:
        i18n.install(QApplication.instance(), "ru")
        assert i18n.tr("Save") == "Сохранить"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"  # standard dialog buttons
        i18n.install(QApplication.instance(), "en")
        assert i18n.tr("Save") == "Save"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        i18n.install(QApplication.instance(), "en")


def test_chosen_language_is_remembered(qapp) -> None:
    i18n.save_language("ru")
    assert i18n.preferred_language() == "ru"
    i18n.save_language("en")
    assert i18n.preferred_language() == "en"
