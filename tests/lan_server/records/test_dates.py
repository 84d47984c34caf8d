"""One rule for a date as text, on every screen, letter and form."""

from __future__ import annotations

from datetime import date, datetime

from client.core.present import date_text as shown
from lan_server.records.dates import date_text, moment_text


def test_a_date_and_a_moment_read_the_russian_way_or_iso() -> None:
    assert date_text(date(2026, 11, 2)) == "02.11.2026" and date_text(date(2026, 11, 2), "en") == "2026-11-02"
    assert moment_text(datetime(2026, 11, 2, 9, 5)) == "02.11.2026 09:05"
    assert moment_text(datetime(2026, 11, 2, 9, 5), "en") == "2026-11-02 09:05"
    # a stored value goes through the same rule; what is not a date stays as it is
    assert shown("2026-11-02", "ru", with_time=False) == "02.11.2026"
    assert shown("2026-11-02T09:05", "ru", with_time=True) == "02.11.2026 09:05"
    assert shown("на днях", "ru", with_time=False) == "на днях"
