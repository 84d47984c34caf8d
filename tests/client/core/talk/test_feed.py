"""The feed: what happened in the records the user follows (own, assigned, commented or mentioned in, chosen),
the latest first, with its filters; follow and unfollow."""

from __future__ import annotations

from client.core import i18n
from client.core.talk import comments, feed
from tests.client.core.talk.conftest import Office


def test_the_feed_shows_comments_changes_payments_and_new_records_of_what_the_user_follows(office: Office) -> None:
    r = office.replica
    with office.as_user("admin"):
        deal = r.add("deal", {"title": "Поставка бумаги", "stage": "new", "assignee": "olga"})
        client_ = r.add("contact", {"name": "Орлова Анна", "manager": "olga"})
        invoice = r.add("invoice", {"number": "12", "assignee": "olga"})
        strangers = r.add("deal", {"title": "Чужая сделка", "stage": "new", "assignee": "ivan"})
    with office.as_user("ivan"):
        r.set(deal, {"stage": "talks"})
        comments.post(r, client_, "Орлова просила перезвонить")
        r.add("task", {"title": "Перезвонить Орловой", "contact": client_, "assignee": "ivan"})
        r.add("payment", {"invoice": invoice, "amount": 5000, "date": "2026-12-06"})
        r.set(strangers, {"stage": "won"})
    i18n.set_language("ru")
    try:
        shown = {(i.what, i.title, i.user, feed.describe(i, r)) for i in feed.items(r)}
    finally:
        i18n.set_language("en")
    assert ("change", "Поставка бумаги", "ivan", "изменено: Этап: Новая → Переговоры") in shown
    assert ("comment", "Орлова Анна", "ivan", "Орлова просила перезвонить") in shown
    assert ("new", "Орлова Анна", "ivan", "новое в разделе «Задачи»: Перезвонить Орловой") in shown
    assert any(what == "payment" and title == "Счёт № 12" and text.startswith("получена оплата: 5")
               for what, title, _, text in shown)
    assert not any(title == "Чужая сделка" for _, title, _, _ in shown)  # not hers, not followed

    feed.follow(r, strangers, True)
    assert any(i.title == "Чужая сделка" and i.what == "change" for i in feed.items(r))
    feed.follow(r, deal, False)  # her own deal, unfollowed: it leaves the feed
    assert not any(i.record == deal for i in feed.items(r))
    assert {i.what for i in feed.items(r, "comments")} == {"comment"}
    assert "comment" not in {i.what for i in feed.items(r, "changes")}
    assert {i.user for i in feed.items(r, "mine")} <= {"olga"}
    comments.post(r, strangers, "беру на себя")
    assert [i.text for i in feed.items(r, "mine")] == ["беру на себя"]
