"""Every reason the server gives for refusing an edit reads in Russian on a Russian PC: the server is made to
give each one here, by its own rights and schema code, and none may come out in English. Reasons travel as a
code and parameters: nothing reads a sentence back."""

from __future__ import annotations

import re
from pathlib import Path

from client.core.refusals import in_language
from lan_server.auth import User, Users
from lan_server.protocol.reasons import CATALOG, Reason
from lan_server.protocol.replies import Refusal
from lan_server.records import Op, Record, Store
from lan_server.records.ops import value_problem
from lan_server.rights import Rights, Rule

LATIN_WORDS = re.compile(r"\b(?!MB\b)[A-Za-z]{3,}\b")


def reasons(tmp_path: Path) -> list[str]:
    store = Store.open(tmp_path / "server.db", search=False)
    Users(store)
    rights = Rights(store)
    rights.set_rule("sales", "*", Rule(read="own", edit="own", create=False, delete="none", export=False))
    olga = User(name="olga", role="manager", groups=())
    viewer = User(name="vera", role="viewer", groups=())
    sales = User(name="sam", role="sales", groups=())
    theirs = Record(id="r", kind="contact", fields={"name": "Вера"}, creator="admin")
    op = Op(id="o", rec="r", kind="contact", field="city", value="Тверь", hlc=1, dev="d", user="olga")
    found = [rights.check_write(olga, op, theirs),
             rights.check_write(olga, Op(**{**op.__dict__, "field": "_deleted", "value": True}), theirs),
             rights.check_write(sales, Op(**{**op.__dict__, "rec": "new"}), None),
             rights.may_take_numbers(viewer),
             rights.check_write(olga, Op(**{**op.__dict__, "kind": "note"}), theirs),
             rights.check_write(olga, Op(**{**op.__dict__, "kind": "_field"}), None),
             rights.check_write(olga, Op(**{**op.__dict__, "kind": "requisites"}), None)]
    schema = store.schema()
    found += [schema.unknown("invoices", "x"), schema.unknown("contact", "shoe_size"),
              schema.unknown("invoice", "total"), value_problem("x" * (2 * 1024 * 1024)),
              Reason("malformed_edit", detail="a value must be text")]
    store.close()
    return [r for r in found if r]


def test_every_refusal_reads_in_russian(tmp_path: Path) -> None:
    from lan_server.records import Schema
    schema = Schema.builtin()
    found = reasons(tmp_path)
    assert len(found) == 12
    for reason in found:
        assert isinstance(reason, Reason), reason
        # as the wire carries it to the PC: the code and its parameters, not the sentence
        reason = Refusal.from_wire(Refusal("op", reason).to_wire()).reason
        assert isinstance(reason, Reason) and reason.code in CATALOG
        russian = in_language(reason, "ru", schema)
        # What the office itself named stays: a role it made ("sales"), a section or field that does not exist.
        named = re.sub(r"\((sales)\)|«(invoices|shoe_size|total)»", "", russian)
        assert russian != reason and not LATIN_WORDS.search(named), russian
    assert in_language(found[0], "ru", schema) == "ваша роль (менеджер) не позволяет изменять эту запись"
    assert in_language(found[2], "ru", schema) == "ваша роль (sales) не позволяет добавлять записи в «Контакты»"
    assert in_language(found[0], "en") == found[0]


def test_what_the_server_says_of_a_login_reads_in_russian() -> None:
    """Each message the server's sessions send a user about a login or an administrator's request is a reason
    of the catalog (read from its code, so a bare sentence fails here), and every reason reads in Russian."""
    import lan_server.app
    import lan_server.logins
    import lan_server.sessions
    sources = "".join(Path(m.__file__).read_text() for m in (lan_server.sessions, lan_server.app, lan_server.logins))
    bare = re.findall(r'(?:ProtocolError|LoginRefused)\(codes\.(?:AUTH_FAILED|RATE_LIMITED|TOKEN_INVALID|FORBIDDEN|'
                      r'NOT_FOUND), f?"([^"]+)"', sources) + re.findall(r'\.kick\(f?"([^"]+)"\)', sources)
    assert not bare, bare
    said = re.findall(r'Reason\("(\w+)"', sources)
    assert len(said) >= 9, said
    for code in CATALOG:
        params = {"role": "manager", "kind": "contact", "other": "note", "field": "city", "rec": "x", "mb": 8,
                  "seconds": 30, "company": "Ромашка", "companies": "Ромашка", "detail": "x", "server": 2, "client": 1}
        reason = Reason(code, **params)
        russian = in_language(reason, "ru")
        assert russian != reason and not LATIN_WORDS.search(russian.replace("contact", "").replace("note", "")
                                                             .replace("city", "").replace("x", "")), russian


def test_a_russian_login_says_a_wrong_password_and_an_unreachable_server_in_russian(tmp_path: Path, office_server,
                                                                                    monkeypatch) -> None:
    from client.core import i18n
    from tests.servers import client
    monkeypatch.setenv("ORGANIZER_LANG", "ru")  # a Russian system
    try:
        wrong = client(tmp_path / "pc", "login", office_server.address, "--user", "admin", "--password", "не-тот")
        assert wrong.returncode != 0 and "неверное имя пользователя или пароль" in wrong.stderr, wrong.stderr
        nobody = client(tmp_path / "pc2", "login", "127.0.0.1:9", "--user", "admin", "--password", "x")
        assert nobody.returncode != 0 and "нет связи с сервером 127.0.0.1:9" in nobody.stderr, nobody.stderr
    finally:
        i18n.set_language("en")


def test_every_refusal_of_colleagues_talk_reads_in_russian(tmp_path: Path) -> None:
    """Comments, messages, marks and follows: each reason the server's rights give, made by its own code."""
    from lan_server.records import talk
    store = Store.open(tmp_path / "server.db", search=False)
    Users(store)
    rights = Rights(store)
    rights.set_rule("sales", "*", Rule(read="own", edit="own"))
    olga, sam = User(name="olga", role="manager", groups=()), User(name="sam", role="sales", groups=())
    store.apply([Op(id="o1", rec="rec", kind="contact", field="name", value="Вера", hlc=1, dev="d", user="admin"),
                 Op(id="o2", rec="_field:x", kind="_field", field="kind", value="contact", hlc=1, dev="d",
                    user="admin")])
    cid = talk.comment_id("rec")
    theirs = Record(id=cid, kind="comment", fields={"on": "rec"}, creator="admin")

    def op(rec: str, kind: str, field: str = "text", value: object = "x") -> Op:
        return Op(id="o", rec=rec, kind=kind, field=field, value=value, hlc=1, dev="d", user="olga")
    found = [rights.check_write(sam, op(talk.comment_id("rec"), "comment"), None),
             rights.check_write(olga, op(cid, "comment"), theirs),
             rights.check_write(olga, op(talk.message_id("admin,ivan"), "message"), None),
             rights.check_write(olga, op(talk.read_id(cid, "ivan"), "read", "seen", 1), None),
             rights.check_write(olga, op(talk.comment_id("rec"), "comment", "on", "other"), None),
             rights.check_write(olga, op("cm:bad", "comment"), None),
             rights.check_write(olga, op(talk.attachment_id(cid), "attachment", "name"), None),
             rights.check_write(olga, op(talk.comment_id("_field:x"), "comment"), None)]
    store.close()
    assert all(found) and len(set(found)) == len(found), found
    for reason in found:
        russian = in_language(reason, "ru")
        assert russian != reason and not LATIN_WORDS.search(russian.replace("cm:bad", "")), russian
