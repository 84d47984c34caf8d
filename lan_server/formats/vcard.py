"""Contacts and organizations as vCards (3.0 and 4.0), and a vCard back as the field values it says.

Cards are written line by line here (RFC 2426 and RFC 6350 escaping and folding), because vobject takes 0.7 ms
to build one, 7 s of a phone's first copy of 10,000 contacts; vobject reads every card a phone sends (one at a
time, in any dialect) and, in the tests, every card written here.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from lan_server.records.phones import phone_key
from lan_server.records.schema import KindDef

VERSIONS = ("3.0", "4.0")
PRODID = "-//LAN organizer//RU"
# A phone field's label and the TEL type it stands for: the PC's import names a card's extra numbers so.
PHONE_KINDS = (("CELL", "Мобильный телефон"), ("WORK", "Рабочий телефон"), ("HOME", "Домашний телефон"),
               ("FAX", "Факс"))
_LABEL_WORDS = (("CELL", ("моб", "сот", "mobile", "cell")), ("FAX", ("факс", "fax")), ("HOME", ("дом", "home")),
                ("WORK", ("раб", "work", "office")))
LINK_LABEL = "Органайзер"  # the label of the URL that opens the record in the office's pages
# What a value with no field of its own is called when it is kept in the note (as the PC's import does).
REST_LABELS = {"phone": "Телефон", "email": "Эл. почта", "url": "Сайт", "address": "Адрес",
               "birthday": "День рождения"}
_PATRONYMIC = re.compile(r"(вич|вна|ична|инична|оглы|кызы)$", re.IGNORECASE)


# ---- writing


def escape(text: str) -> str:
    """A TEXT value: backslash, line breaks, comma and semicolon escaped (RFC 6350 3.4, RFC 2426 4)."""
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line: str) -> str:
    """Lines longer than 75 octets go on after a line break and a space, never inside a UTF-8 character."""
    if len(line) <= 75 and line.isascii() or len(line.encode("utf-8")) <= 75:
        return line
    parts: list[str] = []
    start, size = 0, 0
    for i, ch in enumerate(line):
        n = len(ch.encode("utf-8"))
        if size + n > (75 if not parts else 74):
            parts.append(line[start:i])
            start, size = i, 0
        size += n
    parts.append(line[start:])
    return "\r\n ".join(parts)


def split_name(name: str) -> tuple[str, str, str]:
    """(family, given, patronymic) of a name as an office types it in "ФИО": family name first."""
    words = name.split()
    if len(words) == 3 and _PATRONYMIC.search(words[2]):
        return words[0], words[1], words[2]
    if len(words) >= 2:
        return words[0], " ".join(words[1:]), ""
    return (words[0] if words else ""), "", ""


def _phone_type(kd: KindDef, key: str, label: str, number: str) -> str:
    for kind, words in _LABEL_WORDS:
        if any(w in label.casefold() for w in words):
            return kind
    if key == "phone" and kd.key == "contact":
        digits = phone_key(number)
        return "CELL" if len(digits) == 10 and digits.startswith("9") else "WORK"
    return "WORK" if kd.key == "organization" else "VOICE"


def typed_fields(kd: KindDef, type_: str) -> list[str]:
    """The keys of a section's fields of one type, its built-in one first (the main phone before extra ones)."""
    keys = [f.key for f in kd.fields if f.type == type_ and not f.computed]
    return sorted(keys, key=lambda k: (not kd.field_map[k].builtin, keys.index(k)))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _photo_lines(value: str, version: str) -> list[str]:
    head, sep, data = value.partition(",")
    if not sep or not head.startswith("data:image/") or ";base64" not in head:
        return []
    media = head[len("data:image/"):].split(";", 1)[0].lower()
    if version == "3.0":  # iOS reads a 3.0 photo only as inline base64 with its TYPE, never as a data: URI
        return [f"PHOTO;ENCODING=b;TYPE={'JPEG' if media == 'jpeg' else media.upper()}:{data}"]
    return [f"PHOTO:data:image/{media};base64,{data}"]


def to_vcard(kd: KindDef, fields: Mapping[str, Any], *, uid: str, version: str = "3.0", org_name: str = "",
             link: str = "", rev: str = "") -> str:
    """One record as a vCard. `org_name`: the linked organization's name (only one the reader may read);
    `link`: the address that opens the record in the office's pages; `rev`: its last change, UTC basic form."""
    v4 = version == "4.0"
    is_org = kd.key == "organization"
    name = _text(fields.get(kd.title_field)) or _text(fields.get("name")) or "—"
    lines = ["BEGIN:VCARD", f"VERSION:{version}", f"PRODID:{PRODID}", f"UID:{uid}", f"FN:{escape(name)}"]
    if is_org:
        lines += ["N:;;;;", f"ORG:{escape(name)}", "KIND:org" if v4 else "X-ABShowAs:COMPANY"]
    else:
        family, given, middle = split_name(name)
        lines.append(f"N:{escape(family)};{escape(given)};{escape(middle)};;")
        if org_name:
            lines.append(f"ORG:{escape(org_name)}")
        if _text(fields.get("position")) and kd.field("position"):
            lines.append(f"TITLE:{escape(_text(fields['position']))}")
    first = True
    for key in typed_fields(kd, "phone"):
        number = _text(fields.get(key))
        if not number:
            continue
        kind = _phone_type(kd, key, kd.field_map[key].label_ru + " " + kd.field_map[key].label_en, number)
        types = {"CELL": ["CELL"], "WORK": ["WORK", "VOICE"], "HOME": ["HOME", "VOICE"], "FAX": ["WORK", "FAX"],
                 "VOICE": ["VOICE"]}[kind]
        if v4:
            lines.append(f"TEL;TYPE={','.join(t.lower() for t in types)}{';PREF=1' if first else ''}:{number}")
        else:
            lines.append(f"TEL;TYPE={','.join(types + (['PREF'] if first else []))}:{number}")
        first = False
    first = True
    for key in typed_fields(kd, "email"):
        address = _text(fields.get(key))
        if address:
            lines.append(f"EMAIL;TYPE=work{';PREF=1' if first else ''}:{address}" if v4 else
                         f"EMAIL;TYPE=INTERNET,WORK{',PREF' if first else ''}:{address}")
            first = False
    street, city = _text(fields.get("address")), _text(fields.get("city"))
    if (street and kd.field("address")) or (city and kd.field("city")):
        lines.append(f"ADR;TYPE={'work' if v4 else 'WORK'}:;;{escape(street)};{escape(city)};;;")
    birthday = _text(fields.get("birthday"))
    if re.fullmatch(r"\d{4}-\d\d-\d\d", birthday) and kd.field("birthday"):
        lines.append(f"BDAY:{birthday.replace('-', '') if v4 else birthday}")
    for key in typed_fields(kd, "url"):
        url = _text(fields.get(key)).replace("\n", " ")
        if url:
            lines.append(f"URL;TYPE={'work' if v4 else 'WORK'}:{url}")
    if link:
        lines += [f"item1.URL:{link}", f"item1.X-ABLabel:{LINK_LABEL}"]
    group = _text(fields.get("group"))
    if group and kd.field("group"):
        lines.append(f"CATEGORIES:{escape(group)}")
    note = _text(fields.get("note"))
    if note and kd.field("note"):
        lines.append(f"NOTE:{escape(note)}")
    photo = fields.get("photo")
    if isinstance(photo, str) and photo and kd.field("photo") and kd.field_map["photo"].type == "image":
        lines += _photo_lines(photo, version)
    if rev:
        lines.append(f"REV:{rev}")
    lines.append("END:VCARD")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


# ---- reading


class CardError(ValueError):
    """A vCard that cannot be read; the message says why."""


@dataclass
class Card:
    """What a vCard says, before it is matched to a section's fields."""

    uid: str = ""
    is_org: bool = False
    name: str = ""
    name_parts: tuple[str, ...] = ()
    phones: list[tuple[frozenset[str], str]] = field(default_factory=list)
    emails: list[tuple[frozenset[str], str]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    org: str = ""
    title: str = ""
    addresses: list[tuple[frozenset[str], list[str]]] = field(default_factory=list)
    birthday: str = ""  # YYYY-MM-DD, or --MM-DD without a year
    photo: str = ""  # a data: URL
    note: str = ""
    categories: list[str] = field(default_factory=list)


def _types(line: Any) -> frozenset[str]:
    found: set[str] = set()
    for key, values in line.params.items():
        if key.upper() == "TYPE":
            for v in values:
                found.update(p.strip().strip('"').upper() for p in str(v).split(",") if p.strip())
        elif key.upper() == "PREF":
            found.add("PREF")
    found.update(str(p).upper() for p in getattr(line, "singletonparams", ()) or ())
    return frozenset(found)


def _flat(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(_flat(v) for v in value if _flat(v))
    return "" if value is None else str(value).strip()


_UNFOLD = re.compile(r"\r?\n[ \t]")
_PHOTO_URI = re.compile(r"^(?:[\w-]+\.)?PHOTO(?:;[^:\r\n]*)?:(data:image/[^\r\n]*)", re.IGNORECASE | re.MULTILINE)


def _photo_value(line: Any, raw: str) -> str:
    value = line.value
    types = _types(line)
    if isinstance(value, str) and value.startswith("data:"):
        # vobject 0.9.9 cuts a data: URI at its comma (a vCard 4.0 photo): read it from the line itself.
        found = _PHOTO_URI.search(_UNFOLD.sub("", raw))
        value = found.group(1).strip() if found else ""
    if isinstance(value, bytes):  # ENCODING=b, decoded by vobject
        media = next((t.lower() for t in types if t in ("JPEG", "JPG", "PNG", "GIF")), "jpeg").replace("jpg", "jpeg")
        return f"data:image/{media};base64,{base64.b64encode(value).decode('ascii')}"
    text = str(value).strip()
    if text.startswith("data:image/") and ";base64," in text:
        try:
            base64.b64decode(text.split(",", 1)[1], validate=True)
        except (binascii.Error, ValueError):
            return ""
        return text
    return ""  # a photo by address: never fetched


def parse_vcard(text: str) -> Card:
    """The one vCard of a body (3.0 or 4.0; 2.1 as vobject reads it); CardError says what is wrong."""
    import vobject
    try:
        found = list(vobject.readComponents(text, ignoreUnreadable=True))
    except Exception as e:  # vobject raises ParseError and, on some broken input, plain Python errors
        raise CardError(f"not a vCard: {e}") from None
    cards = [c for c in found if c.name.upper() == "VCARD"]
    if len(cards) != 1:
        raise CardError("a contact must be exactly one vCard (BEGIN:VCARD ... END:VCARD)")
    vc = cards[0]
    card = Card()
    labels = {line.group: _flat(line.value) for line in vc.lines() if line.name.upper() == "X-ABLABEL"
              and line.group}
    for line in vc.lines():
        name = line.name.upper()
        if name == "UID":
            card.uid = _flat(line.value)
        elif name == "FN":
            card.name = _flat(line.value)
        elif name == "N":
            n = line.value
            parts = [getattr(n, a, "") for a in ("family", "given", "additional")] if not isinstance(n, str) else [n]
            card.name_parts = tuple(p for p in (_flat(x) for x in parts) if p)
        elif name == "TEL":
            number = _flat(line.value).removeprefix("tel:")
            if number:
                card.phones.append((_types(line), number))
        elif name == "EMAIL":
            if _flat(line.value):
                card.emails.append((_types(line), _flat(line.value)))
        elif name == "URL":
            if _flat(line.value) and labels.get(line.group) != LINK_LABEL:
                card.urls.append(_flat(line.value))
        elif name == "ORG":
            value = line.value
            card.org = _flat(value[0] if isinstance(value, list) and value else value)
        elif name == "TITLE":
            card.title = _flat(line.value)
        elif name == "ADR":
            a = line.value
            parts = [_flat(getattr(a, k, "")) for k in ("box", "extended", "street", "city", "region", "code",
                                                       "country")] if not isinstance(a, str) else ["", "", a]
            if any(parts):
                card.addresses.append((_types(line), parts))
        elif name == "BDAY":
            card.birthday = _birthday(_flat(line.value), line)
        elif name == "PHOTO":
            card.photo = card.photo or _photo_value(line, text)
        elif name == "NOTE":
            card.note = "\n".join(p for p in (card.note, _flat(line.value)) if p)
        elif name == "CATEGORIES":
            value = line.value
            card.categories += [_flat(v) for v in (value if isinstance(value, list) else [value]) if _flat(v)]
        elif name == "KIND":
            card.is_org = card.is_org or _flat(line.value).lower() == "org"
        elif name == "X-ABSHOWAS":
            card.is_org = card.is_org or _flat(line.value).upper() == "COMPANY"
    if not card.name:
        card.name = " ".join(card.name_parts) or card.org
    return card


def _birthday(text: str, line: Any) -> str:
    s = text.strip()[:10]
    omit_year = any(k.upper() == "X-APPLE-OMIT-YEAR" for k in line.params)
    m = re.fullmatch(r"--(\d\d)-?(\d\d)", s) or (re.fullmatch(r"\d{4}-?(\d\d)-?(\d\d)", s) if omit_year or
                                                 s.startswith("1604") else None)
    if m:  # no year: --MMDD (4.0), or Apple's year 1604
        return f"--{m.group(1)}-{m.group(2)}"
    m = re.fullmatch(r"(\d{4})-?(\d\d)-?(\d\d)", s)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else ""


def _same_words(a: str, b: str) -> bool:
    return Counter(a.casefold().split()) == Counter(b.casefold().split())


def _fill(slots: Sequence[str], current: Mapping[str, Any], incoming: Sequence[tuple[frozenset[str], str]],
          kind_of: Callable[[str], str], same: Callable[[str, str], bool]) -> tuple[dict[str, Any], list[str]]:
    """Several values of one type (numbers, addresses) into the fields that hold them: a value a field holds stays
    there, a new one takes the field of its type that lost its value, then any empty one; the rest are left over."""
    out: dict[str, Any] = {k: None for k in slots}
    left = list(incoming)
    for key in slots:
        held = _text(current.get(key))
        match = next((i for i, (_, v) in enumerate(left) if held and same(v, held)), None)
        if match is not None:
            out[key] = held
            left.pop(match)
    rest: list[str] = []
    for types, value in left:
        free = [k for k in slots if out[k] is None]
        pick = next((k for k in free if kind_of(k) in types), None) or (free[0] if free else None)
        if pick is None:
            rest.append(value)
        else:
            out[pick] = value
    return out, rest


def card_values(card: Card, kd: KindDef, current: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """The values a card gives a record's fields (None: the card clears it), for every field a card carries, and
    the organization's name (contacts). `current` is the record as stored: a value the card still holds stays in
    its field, a name typed in another order stays as it was, what has no field is kept in the note."""
    values: dict[str, Any] = {}
    rest: list[str] = []
    name_now = _text(current.get(kd.title_field))
    # An office writes a person's name family first ("ФИО"): from the card's N when it has one.
    name = card.name if card.is_org or not card.name_parts else " ".join(card.name_parts)
    values[kd.title_field] = name_now if name_now and _same_words(name_now, name) else (name or None)

    def kind_of(key: str) -> str:
        f = kd.field_map[key]
        return _phone_type(kd, key, f.label_ru + " " + f.label_en, _text(current.get(key)))
    phones, extra = _fill(typed_fields(kd, "phone"), current, card.phones, kind_of,
                          lambda a, b: phone_key(a) == phone_key(b) if phone_key(a) else a == b)
    values.update(phones)
    rest += [f"{REST_LABELS['phone']}: {v}" for v in extra]
    emails, extra = _fill(typed_fields(kd, "email"), current, card.emails, lambda k: "",
                          lambda a, b: a.casefold() == b.casefold())
    values.update(emails)
    rest += [f"{REST_LABELS['email']}: {v}" for v in extra]
    urls, extra = _fill(typed_fields(kd, "url"), current, [(frozenset(), u) for u in card.urls], lambda k: "",
                        lambda a, b: a.rstrip("/") == b.rstrip("/"))
    values.update(urls)
    rest += [f"{REST_LABELS['url']}: {v}" for v in extra]
    if kd.field("position") and not card.is_org:
        values["position"] = card.title or None
    addresses = sorted(card.addresses, key=lambda a: "PREF" not in a[0])
    if kd.field("address") or kd.field("city"):
        street = city = None
        if addresses:
            box, extended, st, locality, region, code, country = (addresses[0][1] + [""] * 7)[:7]
            street = ", ".join(p for p in (st, extended, box, region, code, country) if p) or None
            city = locality or None
            if not kd.field("city") and city:
                street = ", ".join(p for p in (street, city) if p)
        if kd.field("address"):
            values["address"] = street
        if kd.field("city"):
            values["city"] = city
        rest += [f"{REST_LABELS['address']}: {', '.join(p for p in a[1] if p)}" for a in addresses[1:]]
    if kd.field("birthday"):
        full = card.birthday if re.fullmatch(r"\d{4}-\d\d-\d\d", card.birthday) else ""
        values["birthday"] = full or None
        if card.birthday.startswith("--"):
            rest.append(f"{REST_LABELS['birthday']}: {card.birthday[5:7]}.{card.birthday[2:4]}")
    if kd.field("photo") and kd.field_map["photo"].type == "image":
        values["photo"] = card.photo or None
    if kd.field("group"):
        values["group"] = ", ".join(card.categories) or None
    if kd.field("note"):
        note = card.note
        missing = [line for line in rest if line not in note]
        values["note"] = "\n".join(p for p in (note, *missing) if p) or None
    return values, ("" if card.is_org else card.org)
