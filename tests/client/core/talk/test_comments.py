"""Comments on a record: the thread newest last, mentions, a reply that quotes, files within the limit said in
words, one's own comment edited or deleted, a comment on a record deleted meanwhile kept with it in the bin."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.core.talk import comments, messages, reads
from lan_server.records import talk
from tests.client.core.talk.conftest import Office


def test_a_thread_is_oldest_first_with_mentions_and_a_quoting_reply(office: Office) -> None:
    r = office.replica
    rec = r.add("contact", {"name": "Орлова Анна"})
    with office.as_user("admin"):
        first = comments.post(r, rec, "@Ольга Петрова, позвони Орловой до пятницы")
    answer = comments.post(r, rec, "Позвонила, ждёт счёт", reply_to=first)
    other = r.add("contact", {"name": "Другой"})
    comments.post(r, other, "не отсюда")
    thread = comments.thread(r, rec)
    assert [c.id for c in thread] == [first, answer]
    assert thread[0].author == "admin" and thread[0].mentions == ("olga",)
    assert thread[0].text == "@olga, позвони Орловой до пятницы"
    assert thread[1].reply_to == first and thread[1].quote == thread[0].text and thread[1].author == "olga"
    assert comments.count(r, rec) == 2
    with pytest.raises(ValueError, match="not on this record"):
        comments.post(r, other, "ответ не туда", reply_to=first)
    with pytest.raises(ValueError, match="write something"):
        comments.post(r, rec, "   ")


def test_only_ones_own_comment_is_edited_or_deleted(office: Office) -> None:
    r = office.replica
    rec = r.add("task", {"title": "Счёт Орловой"})
    mine = comments.post(r, rec, "черновик")
    with office.as_user("ivan"):
        his = comments.post(r, rec, "моё")
    comments.edit(r, mine, "исправлено, @ivan посмотри")
    edited = comments.get(r, mine)
    assert edited is not None and edited.text == "исправлено, @ivan посмотри" and edited.mentions == ("ivan",)
    assert edited.edited > 0
    with pytest.raises(ValueError, match="only its author"):
        comments.edit(r, his, "чужое")
    with pytest.raises(ValueError, match="only its author"):
        comments.delete(r, his)
    comments.delete(r, mine)
    assert [c.id for c in comments.thread(r, rec)] == [his]


def test_files_up_to_the_limit_travel_in_the_record_and_a_bigger_one_is_refused_saying_it(office: Office,
                                                                                           tmp_path: Path) -> None:
    r = office.replica
    rec = r.add("contact", {"name": "Орлова Анна"})
    data = bytes(range(256)) * (talk.PART_BYTES // 256 + 10)  # more than one part
    path = tmp_path / "скан договора.pdf"
    path.write_bytes(data)
    cid = comments.post(r, rec, "договор во вложении", files=[comments.read_file(path),
                                                             comments.NewFile("вставка.png", b"\x89PNG...")])
    c = comments.get(r, cid)
    assert c is not None and [(f.name, f.size) for f in c.files] == [("скан договора.pdf", len(data)),
                                                                    ("вставка.png", 7)]
    assert comments.file_bytes(r, c.files[0].id) == ("скан договора.pdf", data)
    assert r.get(c.files[0].id).fields["mime"] == "application/pdf"  # type: ignore[union-attr]
    big = tmp_path / "фото.jpg"
    big.write_bytes(b"x" * (talk.MAX_ATTACHMENT_BYTES + 1))
    with pytest.raises(ValueError) as refused:
        comments.read_file(big)
    assert str(refused.value) == "фото.jpg is 3 MB: a file attached to a comment may be at most 3 MB"
    with pytest.raises(ValueError, match="at most 3 MB"):
        comments.post(r, rec, "", files=[comments.NewFile("big.bin", b"x" * (talk.MAX_ATTACHMENT_BYTES + 1))])
    with pytest.raises(ValueError, match="cannot read"):
        comments.read_file(tmp_path / "нет такого.txt")


def test_a_comment_its_files_and_a_message_are_one_op_each_and_a_read_mark_is_made_field_by_field(
        office: Office) -> None:
    r = office.replica
    rec = r.add("contact", {"name": "Орлова Анна"})
    sent = len(r.outbox())
    cid = comments.post(r, rec, "счёт во вложении", files=[comments.NewFile("счёт.pdf", b"%PDF-1.4")])
    mid = messages.send(r, messages.chat_with(r, "ivan"), "созвонимся?")
    assert reads.mark_seen(r, [cid]) == 1
    made = r.outbox()[sent:]
    aid = comments.get(r, cid).files[0].id  # type: ignore[union-attr]
    # Their ids are fresh, made here: one op carries each; a read mark's id is the same on the user's every PC,
    # whose marks merge field by field.
    assert [(op.rec, op.whole) for op in made if op.whole] == [(cid, True), (aid, True), (mid, True)]
    mark = [op for op in made if op.kind == talk.READ]
    assert mark and not any(op.whole for op in mark) and {op.field for op in mark} >= {"item", "user"}


def test_a_comment_stays_with_its_record_in_the_bin(office: Office) -> None:
    r = office.replica
    rec = r.add("deal", {"title": "Поставка"})
    cid = comments.post(r, rec, "клиент думает")
    r.delete(rec)
    assert [c.id for c in comments.thread(r, rec)] == [cid]
    with pytest.raises(ValueError, match="there is no record"):
        comments.post(r, "no-such-record", "куда?")
