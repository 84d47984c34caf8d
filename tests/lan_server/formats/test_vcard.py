"""Records as vCards: what we write vobject (a reader we did not write) reads back unchanged in 3.0 and 4.0, and a
phone's card gives back only what it changed."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import vobject

from lan_server.formats import vcard
from lan_server.records.schema import FieldDef, KindDef, Schema

PHOTO = "data:image/jpeg;base64," + base64.b64encode(
    (Path(__file__).parents[2] / "data" / "dav" / "photo.jpg").read_bytes()).decode("ascii")
ANNA = {"name": "Орлова Анна Сергеевна", "phone": "+7 912 345-67-89", "email": "anna@example.ru", "city": "Тверь",
        "address": "ул. Ленина, 5; офис 3", "position": "Главный бухгалтер", "birthday": "1980-05-01",
        "group": "VIP, клиенты", "note": "Звонить после 10\nпо будням; не в пятницу", "photo": PHOTO}


def contact() -> KindDef:
    return Schema.builtin().kind("contact")


def with_extra_phones(kd: KindDef) -> KindDef:
    """A section the way an import leaves it: extra numbers in fields named by their kind."""
    extra = (FieldDef("contact", "mobile_2", "phone", "Mobile", "Мобильный телефон"),
             FieldDef("contact", "work_phone", "phone", "Work phone", "Рабочий телефон"))
    return KindDef(kd.key, kd.label_en, kd.label_ru, kd.title_field, fields=kd.fields + extra)


@pytest.mark.parametrize("version", vcard.VERSIONS)
def test_vobject_reads_every_field_we_write(version: str) -> None:
    text = vcard.to_vcard(contact(), ANNA, uid="u-1", version=version, org_name="ООО «Ромашка»; филиал",
                          link="https://office:7756/r/u-1", rev="20260501T070000Z")
    card = vobject.readOne(text)
    assert card.version.value == version and card.uid.value == "u-1"
    assert card.fn.value == ANNA["name"]
    assert (card.n.value.family, card.n.value.given, card.n.value.additional) == ("Орлова", "Анна", "Сергеевна")
    assert card.org.value == ["ООО «Ромашка»; филиал"]
    assert card.title.value == "Главный бухгалтер" and card.note.value == ANNA["note"]
    assert card.tel.value == ANNA["phone"] and "CELL" in [t.upper() for t in card.tel.params["TYPE"]]
    assert card.email.value == "anna@example.ru"
    assert card.adr.value.street == "ул. Ленина, 5; офис 3" and card.adr.value.city == "Тверь"
    assert card.bday.value.replace("-", "") == "19800501"
    assert card.categories.value == ["VIP, клиенты"]
    assert any(u.value == "https://office:7756/r/u-1" for u in card.contents["url"])
    if version == "3.0":  # iOS reads a 3.0 photo only as ENCODING=b with its TYPE
        assert card.photo.params["ENCODING"] == ["b"] and card.photo.value == base64.b64decode(PHOTO.split(",")[1])
    else:
        assert "PHOTO:data:image/jpeg;base64," in text.replace("\r\n ", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


@pytest.mark.parametrize("version", vcard.VERSIONS)
def test_our_card_read_back_gives_the_record_unchanged(version: str) -> None:
    text = vcard.to_vcard(contact(), ANNA, uid="u-1", version=version, org_name="ООО «Ромашка»")
    values, org = vcard.card_values(vcard.parse_vcard(text), contact(), ANNA)
    assert {k: v for k, v in values.items() if v is not None} == {k: ANNA[k] for k in values if k in ANNA}
    assert org == "ООО «Ромашка»"


def test_an_organization_is_a_card_of_its_own_kind() -> None:
    kd = Schema.builtin().kind("organization")
    org = {"name": "ООО «Ромашка»", "phone": "+7 495 123-45-67", "website": "https://romashka.ru", "city": "Москва"}
    for version, mark in (("3.0", "X-ABShowAs:COMPANY"), ("4.0", "KIND:org")):
        text = vcard.to_vcard(kd, org, uid="o-1", version=version)
        assert mark in text and vobject.readOne(text).org.value == ["ООО «Ромашка»"]
        card = vcard.parse_vcard(text)
        assert card.is_org
        values, _ = vcard.card_values(card, kd, org)
        assert values["name"] == org["name"] and values["website"] == org["website"] and values["phone"] == org["phone"]


def test_a_name_in_another_order_stays_as_the_office_wrote_it() -> None:
    # iOS writes FN in its own order ("Анна Орлова"); that is no change of name.
    card = vcard.parse_vcard("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Анна Орлова\r\nN:Орлова;Анна;;;\r\nEND:VCARD\r\n")
    values, _ = vcard.card_values(card, contact(), {"name": "Орлова Анна"})
    assert values["name"] == "Орлова Анна"
    new, _ = vcard.card_values(card, contact(), {})
    assert new["name"] == "Орлова Анна"  # a new contact's name family first, from N


def test_numbers_keep_their_fields_and_a_changed_one_takes_its_place() -> None:
    kd = with_extra_phones(contact())
    now = {"name": "Орлова Анна", "phone": "+7 912 345-67-89", "mobile_2": "+7 921 000-00-01",
           "work_phone": "8 (495) 765-43-21"}
    text = vcard.to_vcard(kd, now, uid="u")
    assert "TEL;TYPE=WORK,VOICE:8 (495) 765-43-21" in text
    # The phone reformats one number, changes the work number, and adds a home number no field holds.
    edited = text.replace("+7 912 345-67-89", "+79123456789").replace("8 (495) 765-43-21", "8 (495) 111-22-33")
    edited = edited.replace("END:VCARD", "TEL;TYPE=HOME:+7 900 555-66-77\r\nEND:VCARD")
    values, _ = vcard.card_values(vcard.parse_vcard(edited), kd, now)
    assert values["phone"] == "+7 912 345-67-89"  # the same number: the office's spelling is kept
    assert values["mobile_2"] == "+7 921 000-00-01"
    assert values["work_phone"] == "8 (495) 111-22-33"
    assert "Телефон: +7 900 555-66-77" in values["note"]  # nothing typed is lost


def test_what_a_phone_adds_or_drops() -> None:
    text = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Смирнова;Ольга;Петровна;;\r\nFN:Ольга Смирнова\r\n"
            "item1.EMAIL;type=INTERNET;type=pref:olga@example.ru\r\nEMAIL;TYPE=HOME:olga@home.ru\r\n"
            "ADR;TYPE=HOME:;;Садовая 1;Тверь;Тверская обл.;170000;Россия\r\nADR;TYPE=WORK:;;Заводская 2;Тверь;;;\r\n"
            "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-08\r\nEND:VCARD\r\n")
    values, org = vcard.card_values(vcard.parse_vcard(text), contact(), {})
    assert values["name"] == "Смирнова Ольга Петровна" and org == ""
    assert values["email"] == "olga@example.ru"
    assert values["address"] == "Садовая 1, Тверская обл., 170000, Россия" and values["city"] == "Тверь"
    assert values["birthday"] is None
    assert "Эл. почта: olga@home.ru" in values["note"] and "Адрес: Заводская 2, Тверь" in values["note"]
    assert "День рождения: 08.03" in values["note"]


def test_a_vcard4_photo_survives_vobject() -> None:
    text = vcard.to_vcard(contact(), {"name": "Фото", "photo": PHOTO}, uid="p", version="4.0")
    assert vcard.parse_vcard(text).photo == PHOTO


@pytest.mark.parametrize("body", ["", "BEGIN:VCARD\r\nFN:a\r\n", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                                  "BEGIN:VCARD\r\nFN:a\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:b\r\nEND:VCARD\r\n",
                                  "\x00\x01garbage"])
def test_a_broken_card_is_refused_with_a_reason(body: str) -> None:
    with pytest.raises(vcard.CardError):
        vcard.parse_vcard(body)
