"""CardDAV/CalDAV as a phone speaks it, against a running office server: discovery from the address alone, a first
sync and then just the changes, edits that become the user's ops, rights, the bin, and bad input."""

from __future__ import annotations

import re

from lan_server.web.dav import view as dav_view
from tests.lan_server.web.dav.conftest import Office, gone, hrefs

PRINCIPAL = '<D:propfind xmlns:D="DAV:"><D:prop><D:current-user-principal/></D:prop></D:propfind>'
HOMES = ('<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav" '
         'xmlns:CAL="urn:ietf:params:xml:ns:caldav"><D:prop><C:addressbook-home-set/><CAL:calendar-home-set/>'
         '<D:resourcetype/><D:displayname/><D:current-user-privilege-set/></D:prop></D:propfind>')


def test_discovery_from_the_address_alone(office: Office) -> None:
    phone = office.phone("olga")
    for where in ("/.well-known/carddav", "/.well-known/caldav"):
        r = phone.request("PROPFIND", where, PRINCIPAL, Depth="0")
        assert r.status_code == 301 and r.headers["Location"] == "/dav/"
    r = phone.request("PROPFIND", "/dav/", PRINCIPAL, Depth="0")
    assert r.status_code == 207 and "<D:current-user-principal><D:href>/dav/olga/</D:href>" in r.text
    r = phone.request("PROPFIND", "/dav/olga/", HOMES, Depth="1")
    assert "<C:addressbook-home-set><D:href>/dav/olga/</D:href>" in r.text
    assert "<CAL:calendar-home-set><D:href>/dav/olga/</D:href>" in r.text
    assert "<D:displayname>Ольга Смирнова</D:displayname>" in r.text
    for folder, kind in (("contacts", "<C:addressbook/>"), ("events", "<CAL:calendar/>"), ("tasks", "<CAL:calendar/>")):
        assert re.search(rf"<D:href>/dav/olga/{folder}/</D:href><D:propstat><D:prop><D:resourcetype>"
                         rf"<D:collection/>{kind}", r.text), folder
    assert "DAV" in r.headers and "addressbook" in r.headers["DAV"] and "calendar-access" in r.headers["DAV"]
    assert phone.request("OPTIONS", "/dav/").headers["Allow"].startswith("OPTIONS")


def test_no_password_wrong_password_and_someone_elses_tree(office: Office) -> None:
    r = office.phone("olga", "").request("PROPFIND", "/dav/", PRINCIPAL, Depth="0")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Basic")
    assert office.phone("olga", "not-her-pass-9").request("PROPFIND", "/dav/", PRINCIPAL).status_code == 401
    assert office.phone("olga").request("PROPFIND", "/dav/ivan/contacts/", Depth="1").status_code == 403
    assert office.phone("olga").request("PROPFIND", "/dav/olga/../ivan/", Depth="0").status_code in (403, 404)


def test_first_sync_then_just_what_changed(office: Office) -> None:
    org = office.add("olga", "organization", name="ООО «Ромашка» (sync)", phone="+7 495 123-45-67")
    anna = office.add("olga", "contact", name="Орлова Анна", phone="+7 912 345-67-89", organization=org)
    boris = office.add("olga", "contact", name="Борисов Борис", phone="+7 912 000-00-02")
    phone = office.phone("olga")
    r, token = phone.sync("contacts")
    assert r.status_code == 207 and token
    assert {f"{org}.vcf", f"{anna}.vcf", f"{boris}.vcf"} <= set(hrefs(r.text))
    cards = phone.multiget("contacts", [f"{anna}.vcf", "nobody.vcf"], version="4.0")
    assert "VERSION:4.0" in cards.text and "ORG:ООО «Ромашка» (sync)" in cards.text
    assert f"item1.URL:{office.server.url}/#/r/{anna}" in cards.text  # opens the record in the browser pages
    assert "nobody.vcf</D:href><D:status>HTTP/1.1 404" in cards.text
    # Nothing changed: nothing listed. A PC edits one contact: just that one. A renamed organization changes its
    # contacts' cards too. A contact moved to the bin is gone.
    r, same = phone.sync("contacts", token)
    assert hrefs(r.text) == [] and same == token
    office.edit("admin", boris, "contact", phone="+7 912 000-00-03")
    r, token2 = phone.sync("contacts", token)
    assert hrefs(r.text) == [f"{boris}.vcf"] and token2 != token
    office.edit("admin", org, "organization", name="ООО «Ромашка-2»")
    r, token3 = phone.sync("contacts", token2)
    assert sorted(hrefs(r.text)) == sorted([f"{org}.vcf", f"{anna}.vcf"])
    office.edit("admin", boris, "contact", _deleted=True)
    r, _ = phone.sync("contacts", token3)
    assert gone(r.text) == [f"{boris}.vcf"]


def test_a_token_the_server_cannot_continue_is_refused_so_the_phone_reads_all(office: Office,
                                                                             monkeypatch: object) -> None:
    phone = office.phone("olga")
    _, token = phone.sync("contacts")
    for bad in ("http://elsewhere/sync/1", token.replace("-", "9999999-", 1), "garbage"):
        r, _ = phone.sync("contacts", bad)
        assert r.status_code == 403 and "<D:valid-sync-token/>" in r.text, bad
    import pytest
    mp = pytest.MonkeyPatch()
    try:  # too many ops since: the token has expired
        mp.setattr(dav_view, "MOST_OPS", 1)
        office.add("olga", "note", title="a", text="b")
        r, _ = phone.sync("contacts", token)
        assert r.status_code == 403 and "<D:valid-sync-token/>" in r.text
    finally:
        mp.undo()


def test_a_phone_edit_is_the_users_op_with_history_and_if_match(office: Office) -> None:
    rec = office.add("olga", "contact", name="Петров Пётр", phone="+7 916 111-22-33", email="petr@example.ru",
                     note="Клиент с 2020")
    phone = office.phone("olga")
    got = phone.request("GET", f"/dav/olga/contacts/{rec}.vcf")
    assert got.status_code == 200 and got.headers["ETag"]
    # The PC changes the e-mail meanwhile: the phone's stale card is refused, nothing is overwritten.
    edited = got.text.replace("+7 916 111-22-33", "+7 916 999-88-77")
    office.edit("admin", rec, "contact", email="petr@new.ru")
    stale = phone.request("PUT", f"/dav/olga/contacts/{rec}.vcf", edited, **{"If-Match": got.headers["ETag"]})
    assert stale.status_code == 412
    assert office.get(rec).fields["phone"] == "+7 916 111-22-33"
    fresh = phone.request("GET", f"/dav/olga/contacts/{rec}.vcf")
    changed = fresh.text.replace("+7 916 111-22-33", "+7 916 999-88-77")
    r = phone.request("PUT", f"/dav/olga/contacts/{rec}.vcf", changed,
                      **{"If-Match": fresh.headers["ETag"], "Content-Type": "text/vcard"})
    assert r.status_code == 204 and "ETag" not in r.headers  # stored anew: the phone reads it back
    record = office.get(rec)
    assert record.fields["phone"] == "+7 916 999-88-77" and record.fields["email"] == "petr@new.ru"
    history = office.server.call(office.store.history, rec)
    mine = [e for e in history if e.dev == "dav:olga"]
    assert [(e.field, e.user) for e in mine] == [("phone", "olga")]  # only what the phone changed
    assert phone.request("PUT", f"/dav/olga/contacts/{rec}.vcf", fresh.text, **{"If-None-Match": "*"}).status_code \
        == 412


def test_a_contact_made_on_the_phone_keeps_its_name_uid_and_links_its_organization(office: Office) -> None:
    phone = office.phone("olga")
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:A1B2C3D4-PHONE\r\nFN:Иван Кузнецов\r\nN:Кузнецов;Иван;;;\r\n"
            "ORG:ООО «Ромашка-2»\r\nTEL;type=CELL;type=VOICE;type=pref:+7 (921) 333-44-55\r\nEND:VCARD\r\n")
    r = phone.request("PUT", "/dav/olga/contacts/A1B2C3D4-PHONE.vcf", card, **{"If-None-Match": "*"})
    assert r.status_code == 201
    back = phone.request("GET", "/dav/olga/contacts/A1B2C3D4-PHONE.vcf")
    assert "UID:A1B2C3D4-PHONE" in back.text and "FN:Кузнецов Иван" in back.text
    rec = re.search(r"/r/([0-9a-f]{32})", back.text).group(1)  # type: ignore[union-attr]
    made = office.get(rec)
    assert made.kind == "contact" and made.creator == "olga" and made.fields["phone"] == "+7 (921) 333-44-55"
    org = office.get(made.fields["organization"])
    assert org.fields["name"] == "ООО «Ромашка-2»"  # the existing organization, not a second one
    card2 = card.replace("A1B2C3D4-PHONE", "NEW-ORG").replace("ООО «Ромашка-2»", "ИП Новиков")
    assert phone.request("PUT", "/dav/olga/contacts/NEW-ORG.vcf", card2).status_code == 201
    rec2 = re.search(r"/r/([0-9a-f]{32})", phone.request("GET", "/dav/olga/contacts/NEW-ORG.vcf").text).group(1)  # type: ignore[union-attr]
    assert office.get(office.get(rec2).fields["organization"]).fields["name"] == "ИП Новиков"


def test_a_deletion_goes_to_the_bin_and_no_further(office: Office) -> None:
    rec = office.add("olga", "contact", name="Удаляемый", phone="+7 900 000-00-00")
    phone = office.phone("olga")
    assert phone.request("DELETE", f"/dav/olga/contacts/{rec}.vcf", **{"If-Match": '"stale"'}).status_code == 412
    assert phone.request("DELETE", f"/dav/olga/contacts/{rec}.vcf").status_code == 204
    record = office.get(rec)
    assert record is not None and record.deleted and record.fields["name"] == "Удаляемый"  # in the bin, whole
    assert phone.request("GET", f"/dav/olga/contacts/{rec}.vcf").status_code == 404
    assert phone.request("DELETE", "/dav/olga/contacts/").status_code == 403


def test_rights_a_phone_gets_only_what_its_user_may_read(office: Office) -> None:
    mine = office.add("petr", "contact", name="Клиент Петра", phone="+7 900 100-00-01")
    theirs = office.add("ivan", "contact", name="Клиент Ивана", phone="+7 900 100-00-02")
    moving = office.add("ivan", "contact", name="Переходит", phone="+7 900 100-00-03", manager="petr")
    petr = office.phone("petr")
    r, token = petr.sync("contacts")
    names = set(hrefs(r.text))
    assert f"{mine}.vcf" in names and f"{moving}.vcf" in names and f"{theirs}.vcf" not in names
    assert theirs not in petr.multiget("contacts", [f"{theirs}.vcf"]).text.split("</D:href>", 1)[1]
    assert petr.request("GET", f"/dav/petr/contacts/{theirs}.vcf").status_code == 404
    # Reassigned away from Petr: his phone hears it is gone. A colleague's own change: nothing, not even its id.
    office.edit("admin", moving, "contact", manager="ivan")
    office.edit("admin", theirs, "contact", phone="+7 900 100-00-09")
    r, _ = petr.sync("contacts", token)
    assert gone(r.text) == [f"{moving}.vcf"] and theirs not in r.text


def test_a_refused_edit_gets_a_status_the_phone_understands(office: Office) -> None:
    rec = office.add("olga", "contact", name="Только читать", phone="+7 900 200-00-01")
    vera = office.phone("vera")  # a viewer: reads everything, changes nothing
    r = vera.request("PROPFIND", "/dav/vera/contacts/", '<D:propfind xmlns:D="DAV:"><D:prop>'
                     "<D:current-user-privilege-set/></D:prop></D:propfind>", Depth="0")
    assert "<D:read/>" in r.text and "<D:write" not in r.text and "<D:bind/>" not in r.text
    card = vera.request("GET", f"/dav/vera/contacts/{rec}.vcf")
    r = vera.request("PUT", f"/dav/vera/contacts/{rec}.vcf", card.text.replace("200-00-01", "200-00-99"),
                     **{"If-Match": card.headers["ETag"]})
    assert r.status_code == 403 and "<D:need-privileges/>" in r.text
    assert vera.request("DELETE", f"/dav/vera/contacts/{rec}.vcf").status_code == 403
    assert office.get(rec).fields["phone"] == "+7 900 200-00-01" and not office.get(rec).deleted


def test_a_role_change_makes_the_phone_read_its_folder_again(office: Office) -> None:
    olga = office.phone("olga")
    _, token = olga.sync("contacts")
    from lan_server.rights import Rule
    office.server.call(office.hub.rights.set_rule, "manager", "deal", Rule(read="own"))
    try:
        r, _ = olga.sync("contacts", token)
        assert r.status_code == 403 and "<D:valid-sync-token/>" in r.text
    finally:
        office.server.call(office.store.execute, "DELETE FROM roles WHERE name = 'manager' AND kind = 'deal'")
        office.server.call(office.hub.rights.refresh)


def test_calendars_hold_the_users_own_events_and_tasks(office: Office) -> None:
    mine = office.add("ivan", "event", title="Встреча Ольги", when="2026-05-04T10:00", assignee="olga",
                      remind_before=15)
    other = office.add("ivan", "event", title="Встреча Ивана", when="2026-05-04T12:00", assignee="ivan")
    task = office.add("ivan", "task", title="Позвонить в «Ромашку»", due="2026-05-05T09:30", assignee="olga",
                      repeat="weekly:mon")
    phone = office.phone("olga")
    r, _ = phone.sync("events")
    assert f"{mine}.ics" in hrefs(r.text) and f"{other}.ics" not in hrefs(r.text)
    r, _ = phone.sync("office-events")
    assert {f"{mine}.ics", f"{other}.ics"} <= set(hrefs(r.text))
    query = ('<CAL:calendar-query xmlns:D="DAV:" xmlns:CAL="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/>'
             '</D:prop><CAL:filter><CAL:comp-filter name="VCALENDAR"><CAL:comp-filter name="VEVENT">'
             '<CAL:time-range start="{0}" end="{1}"/></CAL:comp-filter></CAL:comp-filter></CAL:filter>'
             "</CAL:calendar-query>")
    assert f"{mine}.ics" in phone.request("REPORT", "/dav/olga/events/",
                                          query.format("20260504T000000Z", "20260505T000000Z")).text
    assert f"{mine}.ics" not in phone.request("REPORT", "/dav/olga/events/",
                                              query.format("20260601T000000Z", "20260602T000000Z")).text
    # The task is ticked done on the phone: the office's task is done.
    got = phone.request("GET", f"/dav/olga/tasks/{task}.ics")
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO" in got.text
    done = got.text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    assert phone.request("PUT", f"/dav/olga/tasks/{task}.ics", done, **{"If-Match": got.headers["ETag"]}).status_code \
        == 204
    assert office.get(task).fields["done"] is True and office.get(task).fields["repeat"] == "weekly:mon"
    # A meeting made on the phone is the user's own event; a task cannot go into the events calendar.
    event = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:phone\r\nBEGIN:VEVENT\r\nUID:phone-ev-1\r\n"
             "DTSTAMP:20260501T000000Z\r\nDTSTART:20260506T070000Z\r\nSUMMARY:С телефона\r\nEND:VEVENT\r\n"
             "END:VCALENDAR\r\n")
    assert phone.request("PUT", "/dav/olga/events/phone-ev-1.ics", event).status_code == 201
    made = phone.request("GET", "/dav/olga/events/phone-ev-1.ics")
    assert "UID:phone-ev-1" in made.text and "SUMMARY:С телефона" in made.text
    todo = event.replace("VEVENT", "VTODO").replace("phone-ev-1", "phone-td-1")
    r = phone.request("PUT", "/dav/olga/events/phone-td-1.ics", todo)
    assert r.status_code == 403 and "supported-calendar-component" in r.text


def test_bad_input_is_refused_clearly_and_changes_nothing(office: Office) -> None:
    phone = office.phone("olga")
    assert phone.request("PROPFIND", "/dav/olga/", "<not xml", Depth="0").status_code == 400
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><D:propfind xmlns:D="DAV:">&a;</D:propfind>'
    assert phone.request("PROPFIND", "/dav/olga/", bomb, Depth="0").status_code == 400
    r = phone.request("PUT", "/dav/olga/contacts/broken.vcf", "BEGIN:VCARD\r\nFN:half")
    assert r.status_code == 400 and "valid-address-data" in r.text
    r = phone.request("PUT", "/dav/olga/events/broken.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert r.status_code == 400 and "valid-calendar-data" in r.text
    assert phone.request("PUT", "/dav/olga/contacts/big.vcf", b"x" * (5 * 1024 * 1024)).status_code == 413
    assert phone.request("REPORT", "/dav/olga/contacts/", '<D:unknown-report xmlns:D="DAV:"/>').status_code == 403
    assert phone.request("MKCOL", "/dav/olga/new/").status_code in (404, 405)
    assert phone.request("PROPFIND", "/dav/olga/nowhere/", Depth="0").status_code == 404


def test_wrong_passwords_are_limited_and_a_phones_own_password_still_works(office: Office) -> None:
    from lan_server.phone_passwords import PhonePasswords
    _, password = office.server.call(lambda: PhonePasswords(office.store).add("olga", "iPhone"))
    remembered = office.phone("olga")
    assert remembered.request("PROPFIND", "/dav/olga/", PRINCIPAL, Depth="0").status_code == 207
    guesser = office.phone("olga", "guess-pass-0")
    codes = [guesser.request("PROPFIND", "/dav/olga/", PRINCIPAL, Depth="0") for _ in range(7)]
    assert [r.status_code for r in codes[:5]] == [401] * 5
    assert codes[-1].status_code == 429 and int(codes[-1].headers["Retry-After"]) > 0
    # From the same address: the phone with its own password and the office password already checked go on.
    assert office.phone("olga", password).request("PROPFIND", "/dav/olga/", PRINCIPAL, Depth="0").status_code == 207
    assert remembered.request("PROPFIND", "/dav/olga/", PRINCIPAL, Depth="0").status_code == 207


def test_an_address_book_query(office: Office) -> None:
    office.add("olga", "contact", name="Иванова Мария", email="maria@example.ru")
    office.add("olga", "contact", name="Петров Олег", email="oleg@example.ru")
    query = ('<C:addressbook-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/>'
             '<C:address-data/></D:prop><C:filter><C:prop-filter name="FN"><C:text-match match-type="contains">'
             "мари</C:text-match></C:prop-filter></C:filter></C:addressbook-query>")
    r = office.phone("olga").request("REPORT", "/dav/olga/contacts/", query, Depth="1")
    assert r.status_code == 207 and "FN:Иванова Мария" in r.text and "Петров" not in r.text
