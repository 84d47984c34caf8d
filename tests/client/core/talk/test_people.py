"""Mentions: completed as typed by login or any word of a name, and written as logins whatever was typed."""

from __future__ import annotations

from client.core.talk import people
from client.core.talk.people import Person

OFFICE = [Person("olga", "Ольга Петрова"), Person("olga2", "Ольга Смирнова"), Person("ivan", "Иван Сидоров"),
          Person("petr.k", "Пётр Ковалёв")]


def test_completion_by_login_first_name_or_surname_ignoring_case_and_yo() -> None:
    assert [p.login for p in people.complete(OFFICE, "@Оль")] == ["olga", "olga2"]
    assert [p.login for p in people.complete(OFFICE, "сид")] == ["ivan"]
    assert [p.login for p in people.complete(OFFICE, "ковал")] == ["petr.k"]  # ё typed as е
    assert [p.login for p in people.complete(OFFICE, "petr")] == ["petr.k"]
    assert len(people.complete(OFFICE, "@")) == 4


def test_mentions_are_written_as_logins_and_an_unknown_word_stays_as_typed() -> None:
    text, logins = people.resolve("@Иван, позвони Орловой; @Ольга Смирнова в копии; @olga. и @никто", OFFICE)
    assert text == "@ivan, позвони Орловой; @olga2 в копии; @olga. и @никто"
    assert logins == ["ivan", "olga2", "olga"]
    # "@Ольга" alone names two people: it stays as typed rather than guess
    assert people.resolve("@Ольга привет", OFFICE) == ("@Ольга привет", [])
    assert people.resolve("пишите на info@firma.ru", OFFICE) == ("пишите на info@firma.ru", [])


def test_a_text_is_shown_with_names_for_logins() -> None:
    shown = {p.login: p.shown for p in OFFICE}
    assert people.shown_text("@ivan, позвони @petr.k.", shown) == [
        ("mention", "Иван Сидоров"), ("text", ", позвони "), ("mention", "Пётр Ковалёв"), ("text", ".")]
