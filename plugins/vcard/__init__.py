"""vCard plugin: read phone and mail-program address books (.vcf, many cards, 2.1 to 4.0); write them."""

from __future__ import annotations

import quopri
import re
from pathlib import Path
from typing import Any, Sequence

from client.api import KindDef, Record, Registry, Table

HEADERS = ["name", "phone", "email", "organization", "position", "birthday", "address", "website", "note"]


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


def _value(params: list[str], value: str) -> str:
    upper = [p.upper() for p in params]
    charset = next((p.split("=", 1)[1] for p in params if p.upper().startswith("CHARSET=")), "utf-8")
    if "ENCODING=QUOTED-PRINTABLE" in upper or "QUOTED-PRINTABLE" in upper:
        value = quopri.decodestring(value.encode("latin-1", errors="replace")).decode(charset, errors="replace")
    return value.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";").strip()


def parse_cards(text: str) -> list[dict[str, str]]:
    cards: list[dict[str, str]] = []
    card: dict[str, Any] | None = None
    for line in _unfold(text):
        name_part, sep, value = line.partition(":")
        if not sep:
            continue
        name, *params = name_part.split(";")
        name = name.split(".")[-1].upper()  # item1.EMAIL -> EMAIL
        if name == "BEGIN":
            card = {"phones": [], "emails": []}
            continue
        if card is None:
            continue
        if name == "END":
            cards.append(_to_fields(card))
            card = None
            continue
        v = _value(params, value)
        if name == "TEL":
            preferred = any("PREF" in p.upper() or "CELL" in p.upper() for p in params)
            card["phones"].insert(0, v) if preferred else card["phones"].append(v)
        elif name == "EMAIL":
            card["emails"].append(v)
        else:
            card.setdefault(name, v)
    return cards


def _to_fields(card: dict[str, Any]) -> dict[str, str]:
    name = card.get("FN", "")
    if not name and card.get("N"):
        family, given, middle, *_ = (card["N"].split(";") + ["", "", ""])[:3] + [""]
        name = " ".join(p for p in (family, given, middle) if p)
    bday = card.get("BDAY", "")
    if re.fullmatch(r"\d{8}", bday):
        bday = f"{bday[:4]}-{bday[4:6]}-{bday[6:]}"
    adr = " ".join(p for p in card.get("ADR", "").split(";") if p).strip()
    note = card.get("NOTE", "")
    if len(card["phones"]) > 1:  # keep every number: the first in phone, the others in the note
        note = (note + "\n" if note else "") + "Other phones: " + ", ".join(card["phones"][1:])
    return {"name": name, "phone": card["phones"][0] if card["phones"] else "",
            "email": card["emails"][0] if card["emails"] else "", "organization": card.get("ORG", "").split(";")[0],
            "position": card.get("TITLE", ""), "birthday": bday[:10], "address": adr, "website": card.get("URL", ""),
            "note": note}


def read_vcf(path: Path, **_: Any) -> list[Table]:
    data = path.read_bytes()
    from client.core.io.readers import detect_encoding
    cards = parse_cards(data.decode(detect_encoding(data), errors="replace"))
    if not cards:
        raise ValueError("no vCard (BEGIN:VCARD ... END:VCARD) in the file")
    rows = [[c[h] for h in HEADERS] for c in cards]
    return [Table(name=path.stem, headers=list(HEADERS), rows=rows, row_numbers=list(range(1, len(rows) + 1)))]


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def write_vcf(path: Path, kd: KindDef, records: Sequence[Record], *, titles: dict[str, str] | None = None,
              **_: Any) -> int:
    titles = titles or {}
    out = []
    for r in records:
        f = r.fields
        name = str(f.get(kd.title_field) or f.get("name") or "")
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_esc(name)}", f"N:{_esc(name)};;;;"]
        if f.get("phone"):
            lines.append(f"TEL;TYPE=CELL:{_esc(str(f['phone']))}")
        if f.get("email"):
            lines.append(f"EMAIL;TYPE=INTERNET:{_esc(str(f['email']))}")
        org = titles.get(str(f.get("organization")), "") if kd.key == "contact" else ""
        if org:
            lines.append(f"ORG:{_esc(org)}")
        for key, prop in (("position", "TITLE"), ("birthday", "BDAY"), ("website", "URL"), ("note", "NOTE")):
            if f.get(key):
                lines.append(f"{prop}:{_esc(str(f[key]))}")
        if f.get("address"):
            lines.append(f"ADR:;;{_esc(str(f['address']))};;;;")
        lines.append("END:VCARD")
        out.append("\r\n".join(lines))
    path.write_text("\r\n".join(out) + "\r\n", encoding="utf-8")
    return len(records)


def register(registry: Registry) -> None:
    registry.add_reader("vcf", read_vcf)
    registry.add_writer("vcf", write_vcf)
