"""How a date or a moment reads as text: 22.11.2026 and 22.11.2026 14:30 in Russian, ISO in English. The one
rule for the window, letters, print forms, lists and the server's own pages."""

from __future__ import annotations

from datetime import date, datetime

RU_DATE = "%d.%m.%Y"
RU_MOMENT = "%d.%m.%Y %H:%M"


def date_text(day: date, lang: str = "ru") -> str:
    return day.strftime(RU_DATE) if lang == "ru" else day.isoformat()


def moment_text(moment: datetime, lang: str = "ru") -> str:
    return moment.strftime(RU_MOMENT) if lang == "ru" else moment.strftime("%Y-%m-%d %H:%M")
