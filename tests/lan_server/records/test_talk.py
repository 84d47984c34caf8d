"""Talk records' ids say what they belong to, one way only; fields that repeat the id cannot move a record;
mentions are completed as typed by login or any word of a name, and written as logins whatever was typed."""

from __future__ import annotations

import pytest

from lan_server.records import talk
from lan_server.records import talk as people
from lan_server.records.talk import Person

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


def test_each_id_says_what_it_belongs_to_and_whose_it_is() -> None:
    rec = "requisites:office"  # a record id with a colon of its own still splits one way
    cid = talk.comment_id(rec)
    assert talk.parse(cid) == talk.TalkId(talk.COMMENT, rec)
    aid = talk.attachment_id(cid)
    assert talk.parse(aid) == talk.TalkId(talk.ATTACHMENT, cid)
    mid = talk.message_id(talk.chat_of("olga", "ivan"))
    found = talk.parse(mid)
    assert found is not None and found.chat == "ivan,olga" and found.people == ("ivan", "olga")
    assert talk.parse(talk.message_id(talk.CHANNEL)).people == ()  # type: ignore[union-attr]
    mark = talk.parse(talk.read_id(cid, "o.petrova"))
    assert mark == talk.TalkId(talk.READ, cid, "o.petrova") and mark.chat is None
    pointer = talk.parse(talk.read_id(talk.chat_item("ivan,olga"), "olga"))
    assert pointer is not None and pointer.chat == "ivan,olga" and pointer.people == ("ivan", "olga")
    assert talk.parse(talk.follow_id(rec, "olga")) == talk.TalkId(talk.FOLLOW, rec, "olga")
    for bad in ("0123abcd", "cm:", "cm:x", "ms:olga,ivan:1", "ms:a,a:1", "ms:a:1", "at:x:1", "rd:x:bad name",
                "rd:@x,y,z:olga", "zz:a:b"):
        assert talk.parse(bad) is None, bad
    with pytest.raises(ValueError):
        talk.chat_of("olga", "olga")
    with pytest.raises(ValueError):
        talk.message_id("olga")


def test_a_field_that_repeats_the_id_cannot_move_the_record() -> None:
    cid = talk.comment_id("r1")
    assert talk.field_problem(talk.COMMENT, cid, "on", "r1") is None
    assert talk.field_problem(talk.COMMENT, cid, "text", "любой текст") is None
    assert talk.field_problem(talk.COMMENT, cid, "on", "r2") == "a comment stays where it was made"
    assert talk.field_problem(talk.MESSAGE, talk.message_id("all"), "chat", "ivan,olga") is not None
    mark = talk.read_id(cid, "olga")
    assert talk.field_problem(talk.READ, mark, "user", "ivan") is not None
    assert talk.field_problem(talk.READ, mark, "item", cid) is None
    assert talk.field_problem(talk.COMMENT, "0123", "text", "x") is not None  # not a comment's id at all
