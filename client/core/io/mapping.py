"""Column headers to field keys: English and Russian names offices really use, plus each field's own labels."""

from __future__ import annotations

import re
from typing import Any, Sequence

from client.core.io.table import Table
from lan_server.records import Schema

_STRIP = re.compile(r"[\W_]+", re.UNICODE)

# normalized header -> field key; checked against the section's fields, so one table serves every section
ALIASES: dict[str, str] = {}
for key, names in {
    "name": ["фио", "ф.и.о.", "имя", "контакт", "контактное лицо", "клиент", "full name", "name", "название",
             "наименование", "организация/фио", "company name", "фамилия имя отчество"],
    "phone": ["телефон", "тел", "тел.", "мобильный", "моб.", "сотовый", "phone", "mobile", "telephone", "tel",
              "номер телефона", "контактный телефон"],
    "email": ["email", "e-mail", "эл. почта", "эл.почта", "электронная почта", "почта", "mail", "емейл"],
    "city": ["город", "city", "нас. пункт", "населенный пункт", "town"],
    "organization": ["организация", "компания", "фирма", "company", "organization", "organisation", "работодатель"],
    "position": ["должность", "position", "job title", "title/position"],
    "birthday": ["день рождения", "дата рождения", "др", "birthday", "date of birth", "dob"],
    "address": ["адрес", "address", "юр. адрес", "юридический адрес", "фактический адрес"],
    "note": ["примечание", "комментарий", "заметка", "note", "notes", "comment", "comments", "описание",
             "описание операции", "назначение платежа", "основание", "description"],
    # the sum in the account's currency (a bank's "Сумма операции" may be in euros); other "Сумма …" by prefix
    "amount": ["сумма", "сумма платежа", "сумма в валюте счета", "сумма пересчитанная в валюту счета",
               "сумма в рублях", "amount", "sum"],
    "tax_id": ["инн", "tax id", "inn", "vat", "vat id", "инн организации"],
    "kpp": ["кпп", "kpp"],
    "ogrn": ["огрн", "огрнип", "ogrn"],
    "website": ["сайт", "веб-сайт", "website", "web", "url", "www"],
    "group": ["группа", "категория", "group", "category"],
    "title": ["тема", "задача", "название", "title", "subject"],
    "due": ["срок", "дата", "due", "deadline", "due date"],
    "when": ["когда", "дата и время", "when", "date"],
}.items():
    for n in names:
        ALIASES.setdefault(_STRIP.sub("", n.casefold().replace("ё", "е")), key)


def normalize(header: Any) -> str:
    return _STRIP.sub("", str(header or "").casefold().replace("ё", "е"))


def is_known(header: Any) -> bool:
    return normalize(header) in ALIASES


# In a contact list, these columns describe the contact's organization, not the person; any other column does
# when its header says so ("Адрес организации", "Телефон компании").
_ORG_OWN = frozenset({"tax_id", "kpp", "ogrn", "website"})
_ORG_WORD = re.compile(r"(организаци[яиюей]|компани[яиюей]|фирм[аыуе]|company|organi[sz]ation)", re.IGNORECASE)


def auto_map(headers: Sequence[Any], schema: Schema, kind: str, *, linked: bool = True) -> dict[int, str]:
    """Column index -> field key, for the columns whose header names a field of `kind`; each field once.

    With `linked`, a contact list's columns of the organization (ИНН, КПП, ОГРН, its site, "Адрес организации")
    map to "organization.<field>": the import fills the linked organization with them."""
    kd = schema.kind(kind)
    by_label: dict[str, str] = {}
    for f in kd.fields:
        for text in (f.key, f.label_en, f.label_ru):
            if text:
                by_label.setdefault(normalize(text), f.key)
    out: dict[int, str] = {}
    used: set[str] = set()
    for i, h in enumerate(headers):
        n = normalize(h)
        key = by_label.get(n) or ALIASES.get(n)
        if key and kd.field(key) is not None and key not in used:
            out[i] = key
            used.add(key)
    # Then a header that names a field and says more ("Дата операции", "Телефон рабочий") by its leading words,
    # unless it says it is the organization's.
    for i, h in enumerate(headers):
        words = str(h or "").split()
        if i in out or len(words) < 2 or _ORG_WORD.search(str(h)):
            continue
        for n in (normalize(" ".join(words[:k])) for k in range(len(words) - 1, 0, -1)):
            key = by_label.get(n) or ALIASES.get(n)
            if key and kd.field(key) is not None and key not in used:
                out[i] = key
                used.add(key)
                break
    # A contact list's columns of the organization (ИНН, КПП, its site) fill the linked organization.
    org = kd.field("organization")
    if linked and org is not None and org.type == "link" and "organization" in used and schema.has_kind(str(
            org.options.get("link_kind"))):
        other = schema.kind(str(org.options["link_kind"]))
        labels = {normalize(t): f.key for f in other.fields for t in (f.key, f.label_en, f.label_ru) if t}
        for i, h in enumerate(headers):
            says_org = bool(_ORG_WORD.search(str(h or "")))
            n = normalize(_ORG_WORD.sub("", str(h or ""))) if says_org else normalize(h)
            key = labels.get(n) or ALIASES.get(n)
            target = f"organization.{key}"
            if i in out or not key or key == other.title_field or other.field(key) is None or target in used:
                continue
            if says_org or (key in _ORG_OWN and kd.field(key) is None):
                out[i] = target
                used.add(target)
    return out


def best_table(tables: Sequence[Table], schema: Schema, kind: str) -> int:
    """Which sheet of a workbook to import into `kind` unless the user says: the one whose columns name the
    most fields of the section, then the one with the most rows (the window and the command agree)."""
    if not tables:
        return 0
    scores = [(len(auto_map(t.headers, schema, kind, linked=not t.keep_rest_in_note)), len(t.rows)) for t in tables]
    return scores.index(max(scores))
