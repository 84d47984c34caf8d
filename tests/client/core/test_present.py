"""One value as text for the window, files and letters: the same labels and dates, the differences on purpose."""

from __future__ import annotations

from client.core.present import as_text
from lan_server.records import Schema


def test_the_same_value_reads_alike_where_it_must_and_differs_where_it_should() -> None:
    schema = Schema.builtin()
    done, due = schema.field("task", "done"), schema.field("task", "due")
    priority, org = schema.field("task", "priority"), schema.field("task", "organization")
    assert [as_text(done, True, "ru", use=u) for u in ("window", "file", "letter")] == ["✓", "да", "да"]
    assert as_text(done, False, "en", use="file") == "no"
    assert as_text(priority, "high", "ru") == as_text(priority, "high", "ru", use="file") == "Высокий"
    assert as_text(due, "2026-11-25T12:00", "ru") == as_text(due, "2026-11-25T12:00", "ru", use="letter") \
        == "25.11.2026 12:00"
    assert as_text(due, "2026-11-25T12:00", "ru", use="file") == "2026-11-25T12:00"  # files keep ISO
    titles = {"o1": "ООО «Ромашка»"}
    assert as_text(org, "o1", "ru", titles) == as_text(org, "o1", "ru", titles, use="file") == "ООО «Ромашка»"
    assert as_text(org, "gone", "ru", titles) == "" and as_text(org, "gone", "ru", titles, use="file") == "gone"
