"""vCard plugin: read phone and mail-program address books (.vcf, many cards, 2.1 to 4.0); write them as the
office's phones get them (lan_server/formats/vcard.py). The reader is its own: vobject gives up on many real files.

Nothing of a card is dropped: the first (preferred) phone and e-mail fill the contact's own fields, every other
number and address comes as its own column named by its kind ("Рабочий телефон", "Эл. почта 2"); a section
with such a field gets it there, else the import keeps it in the note and says so (Table.keep_rest_in_note).
"""

from __future__ import annotations

import quopri
import re
from pathlib import Path
from typing import Any, Sequence

from client.api import KindDef, Record, Registry, Table, detect_encoding
from lan_server.formats import vcard
from lan_server.formats.vcard import PHONE_KINDS

HEADERS = ["name", "phone", "email", "organization", "position", "birthday", "city", "address", "Сайт", "note"]
NO_YEAR = "День рождения (без года)"
_SEMI = re.compile(r"(?<!\\);")  # a component separator of N, ADR, ORG: not an escaped "\;"
_ESCAPED = re.compile(r"\\(.)")


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif lines and lines[-1].endswith("=") and "QUOTED-PRINTABLE" in lines[-1].upper().split(":", 1)[0]:
            lines[-1] = lines[-1][:-1] + raw  # a quoted-printable soft line break (vCard 2.1 from phones)
        else:
            lines.append(raw)
    return [line for line in lines if line.strip()]


def _decoded(params: list[str], value: str) -> str:
    if _quoted(params):
        raw = quopri.decodestring(value.encode("latin-1", errors="replace"))
        value = _in_charset(raw, _charset(params) or "utf-8", "utf-8")
    return value


def _quoted(params: list[str]) -> bool:
    return any(p.upper() in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE") for p in params)


def _charset(params: list[str]) -> str:
    return next((p.split("=", 1)[1].strip('"') for p in params if p.upper().startswith("CHARSET=")), "")


def _in_charset(raw: bytes, charset: str, fallback: str) -> str:
    """A value's bytes in the charset its CHARSET= names; one that is unknown or does not fit falls back to the
    file's own encoding, so a wrong label costs letters, never the card."""
    try:
        return raw.decode(charset or fallback)
    except (LookupError, UnicodeDecodeError):
        return raw.decode(fallback, errors="replace")


def as_text(data: bytes) -> str:
    """The file as text. vCard 2.1 names each value's charset (CHARSET=SHIFT_JIS from Japanese phones,
    WINDOWS-1251 or KOI8-R from Russian ones and old address books, several in one file), so such a value is
    read in its own; everything else in the file's encoding. A folded line's bytes go with their property's."""
    encoding = detect_encoding(data)
    if b"CHARSET=" not in data.upper():
        return data.decode(encoding, errors="replace")
    lines: list[str] = []
    charset = ""
    for raw in data.split(b"\n"):
        if raw[:1] in (b" ", b"\t"):
            lines.append(_in_charset(raw, charset, encoding))
            continue
        head, sep, value = raw.partition(b":")
        params = head.decode("ascii", errors="replace").split(";")[1:]
        charset = "" if _quoted(params) or not sep else _charset(params)  # quoted-printable is ASCII: _decoded reads it
        lines.append(head.decode(encoding, errors="replace") + ":" + _in_charset(value, charset, encoding) if sep
                     else raw.decode(encoding, errors="replace"))
    return "\n".join(lines)


def unescape(value: str) -> str:
    """vCard text escapes: \\n (and \\N) a line break, \\, \\; \\\\ the character itself."""
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value).strip()


def _parts(value: str) -> list[str]:
    return [unescape(p) for p in _SEMI.split(value)]


def _types(params: list[str]) -> set[str]:
    """TEL;CELL;PREF (2.1), TEL;TYPE=cell,pref (3.0/4.0), TEL;TYPE=WORK;TYPE=VOICE: the kinds, upper case."""
    found: set[str] = set()
    for p in params:
        key, sep, value = p.partition("=")
        if not sep:
            found.add(key.upper())
        elif key.upper() == "TYPE":
            found.update(v.strip('"').upper() for v in value.split(","))
        elif key.upper() == "PREF":
            found.add("PREF")
    return found


def parse_cards(text: str) -> list[dict[str, Any]]:
    """Each card as {"fields": {header: value}} with the columns it needs; several values of a kind each get one."""
    cards: list[dict[str, Any]] = []
    card: dict[str, Any] | None = None
    for line in _unfold(text):
        name_part, sep, value = line.partition(":")
        if not sep:
            continue
        name, *params = name_part.split(";")
        name = name.split(".")[-1].upper()  # item1.EMAIL -> EMAIL
        if name == "BEGIN":
            card = {"TEL": [], "EMAIL": [], "NOTE": [], "URL": [], "ADR": []}
            continue
        if card is None:
            continue
        if name == "END":
            cards.append(_to_columns(card))
            card = None
            continue
        raw = _decoded(params, value)
        if name == "TEL":
            card["TEL"].append((_types(params), unescape(raw).removeprefix("tel:")))
        elif name in ("EMAIL", "NOTE", "URL"):
            card[name].append((_types(params), unescape(raw)))
        elif name == "ADR":
            card["ADR"].append((_types(params), _parts(raw)))
        elif name in ("N", "ORG"):
            card.setdefault(name, _parts(raw))
        else:
            card.setdefault(name, unescape(raw))
    return cards


def _birthday(text: str) -> tuple[str, str]:
    """(a full date, or "" and the day and month of a birthday without a year: --0203, --02-03, 1604-02-03)."""
    s = text.strip()[:10]
    m = re.fullmatch(r"--(\d\d)-?(\d\d)", s) or re.fullmatch(r"1604-?(\d\d)-?(\d\d)", s)
    if m:  # phones write no year as --MMDD; Apple as the year 1604
        return "", f"{m.group(2)}.{m.group(1)}"
    m = re.fullmatch(r"(\d{4})-?(\d\d)-?(\d\d)", s)
    return (f"{m.group(1)}-{m.group(2)}-{m.group(3)}", "") if m else (s, "")


def _to_columns(card: dict[str, Any]) -> dict[str, Any]:
    cols: dict[str, Any] = {}

    def extra(header: str, value: str) -> None:
        n, key = 2, header
        while key in cols:
            key, n = f"{header} {n}", n + 1
        cols[key] = value
    name = card.get("FN", "")
    if not name and card.get("N"):
        family, given, middle = (card["N"] + ["", "", ""])[:3]
        name = " ".join(p for p in (family, given, middle) if p)
    cols["name"] = name
    phones = sorted(card["TEL"], key=lambda t: "PREF" not in t[0])  # stable: the preferred one first
    for i, (types, number) in enumerate(phones):
        if i == 0:
            cols["phone"] = number
        else:
            extra(next((label for k, label in PHONE_KINDS if k in types), "Телефон"), number)
    emails = sorted(card["EMAIL"], key=lambda t: "PREF" not in t[0])
    for i, (_, address) in enumerate(emails):
        cols["email"] = address if i == 0 else cols["email"]
        if i:
            extra("Эл. почта", address)
    org = card.get("ORG") or []
    cols["organization"] = org[0] if org else ""
    if len(org) > 1 and any(org[1:]):
        extra("Отдел", ", ".join(p for p in org[1:] if p))
    cols["position"] = card.get("TITLE", "")
    cols["birthday"], no_year = _birthday(card.get("BDAY", ""))
    if no_year:
        extra(NO_YEAR, no_year)
    # ADR: post box; extended; street; locality; region; postal code; country. The preferred one fills the
    # address and the city; every other one is kept whole.
    addresses = sorted(card["ADR"], key=lambda t: "PREF" not in t[0])
    for i, (_, adr) in enumerate(addresses):
        if i == 0:
            cols["city"] = adr[3] if len(adr) > 3 else ""
            cols["address"] = ", ".join(p for n, p in enumerate(adr) if p and n != 3)
        else:
            extra("Адрес", ", ".join(p for p in adr if p))
    urls = [u for _, u in card["URL"]]
    cols["Сайт"] = urls[0] if urls else ""
    for u in urls[1:]:
        extra("Сайт", u)
    cols["note"] = "\n".join(n for _, n in card["NOTE"] if n)
    return cols


def read_vcf(path: Path, **_: Any) -> list[Table]:
    data = path.read_bytes()
    cards = parse_cards(as_text(data))
    if not cards:
        raise ValueError("no vCard (BEGIN:VCARD ... END:VCARD) in the file")
    headers = list(HEADERS)
    for c in cards:
        headers += [h for h in c if h not in headers]
    rows = [[c.get(h, "") for h in headers] for c in cards]
    return [Table(name=path.stem, headers=headers, rows=rows, row_numbers=list(range(1, len(rows) + 1)),
                  keep_rest_in_note=True)]


def write_vcf(path: Path, kd: KindDef, records: Sequence[Record], *, titles: dict[str, str] | None = None,
              **_: Any) -> int:
    """Cards as the office's phones get them (lan_server/formats/vcard.py), vCard 3.0 for every address book."""
    titles = titles or {}
    out = [vcard.to_vcard(kd, r.fields, uid=r.id, org_name=titles.get(str(r.fields.get("organization")), "")
                          if kd.key == "contact" else "") for r in records]
    path.write_text("".join(out), encoding="utf-8", newline="")
    return len(records)


def register(registry: Registry) -> None:
    registry.add_reader("vcf", read_vcf)
    registry.add_writer("vcf", write_vcf)
