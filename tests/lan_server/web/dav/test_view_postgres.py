"""The phones' reads and writes on PostgreSQL: their tables (names phones gave, phone passwords) and the store's
queries they use, through the same DavView a phone's requests reach."""

from __future__ import annotations

from lan_server.auth import Users
from lan_server.hub import Hub
from lan_server.phone_passwords import PhonePasswords
from lan_server.records import Clock, Store, new_id
from lan_server.records.ops import ops_for_fields
from lan_server.rights import Rights
from lan_server.web.dav.folders import FOLDERS
from lan_server.web.dav.view import DavView
from tests.lan_server.records.test_postgres import pg_url  # noqa: F401  (the fixture)

CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:IOS-1\r\nFN:Новиков Илья\r\nN:Новиков;Илья;;;\r\n"
        "TEL;TYPE=CELL:+7 903 123-45-67\r\nEND:VCARD\r\n")


def test_a_phone_on_postgres(pg_url: str) -> None:  # noqa: F811
    store = Store.open(pg_url, search=False)
    hub: Hub | None = None
    try:
        users = Users(store)
        users.add("olga", "olga-pass-1", "manager")
        hub = Hub(store, users, Rights(store))
        view = DavView(hub)
        olga = users.get("olga")
        assert olga is not None
        clock = Clock()
        rec = new_id()
        hub.push(olga, ops_for_fields(rec, "contact", {"name": "Орлова Анна", "phone": "+7 912 345-67-89"},
                                      clock_now=clock.now, dev="pc", user="olga"))
        book = FOLDERS["contacts"]
        first = view.members(olga, book)
        assert [i.record.id for i in first.items] == [rec]
        assert view.put(olga, "phone:1", book, "IOS-1.vcf", CARD, None, {"*"}).status == 201
        found, _ = view.items(olga, book, ["IOS-1.vcf"])
        item = found["IOS-1.vcf"]
        assert item is not None and item.uid == "IOS-1" and item.record.fields["name"] == "Новиков Илья"
        later = view.changes(olga, book, first.token)
        assert [i.name for i in later.items] == ["IOS-1.vcf"] and later.token != first.token
        assert view.delete(olga, "phone:1", book, "IOS-1.vcf", None).status == 204
        assert view.changes(olga, book, later.token).removed == ["IOS-1.vcf"]
        phones = PhonePasswords(store)
        phone, password = phones.add("olga", "iPhone")
        assert phones.check("olga", password.upper()) == phone.id and phones.revoke("olga", phone.id)
        assert phones.check("olga", password) is None
    finally:
        if hub is not None:
            hub.executor.shutdown(wait=True)
        store.close()
