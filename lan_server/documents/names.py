"""People's names and positions in the case a Russian form needs them ("в лице генерального директора Смирновой
Елены Викторовны"), by pymorphy3's dictionary of Russian; and the short signature form "Смирнова Е. В."."""

from __future__ import annotations

import functools
import re
from typing import Any

_TAGS = ("Surn", "Name", "Patr")
_FEMALE_PATR = ("вна", "чна", "кызы")
_MALE_PATR = ("вич", "ич", "оглы")
_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.$")


@functools.lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3
    return pymorphy3.MorphAnalyzer(lang="ru")


def _like(source: str, word: str) -> str:
    """`word` written as `source` was: capitalised, in capitals, or as it is."""
    if source.isupper() and len(source) > 1:
        return word.upper()
    if source[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _gender(words: list[str]) -> str | None:
    """femn or masc, from the patronymic, else the first name, else the surname; None when nothing says."""
    low = [w.lower() for w in words if not _INITIAL.match(w)]
    if len(low) >= 3:
        if low[2].endswith(_FEMALE_PATR):
            return "femn"
        if low[2].endswith(_MALE_PATR):
            return "masc"
    for index, tag in ((1, "Name"), (0, "Surn")):
        if len(low) > index:
            for p in _morph().parse(low[index]):
                if tag in p.tag and p.tag.gender in ("masc", "femn"):
                    return str(p.tag.gender)
    return None


def _inflect(word: str, tag: str, gender: str | None, case: str) -> str:
    if _INITIAL.match(word) or "-" in word and tag == "Surn":
        if "-" in word and not _INITIAL.match(word):  # a double surname: each part
            return "-".join(_inflect(part, tag, gender, case) for part in word.split("-"))
        return word
    for p in _morph().parse(word.lower()):
        if tag not in p.tag or "nomn" not in p.tag or "sing" not in p.tag:
            continue
        if "Fixd" in p.tag:
            return word
        if gender and not ({gender, "ms-f"} & p.tag.grammemes):
            continue
        form = p.inflect({case})
        if form is not None:
            return _like(word, form.word)
    return word


def person(full_name: str, case: str = "gent") -> str:
    """"Смирнова Елена Викторовна" -> "Смирновой Елены Викторовны" (genitive; `case` any of pymorphy3's)."""
    words = full_name.split()
    if not words:
        return full_name
    gender = _gender(words)
    return " ".join(_inflect(w, _TAGS[min(i, 2)], gender, case) for i, w in enumerate(words))


def position(title: str, case: str = "gent") -> str:
    """"Генеральный директор" -> "генерального директора": the words up to the first noun agree, the rest
    ("по развитию") stay; a title that starts with capitals (an abbreviation) keeps them."""
    out: list[str] = []
    done = False
    for word in title.split():
        if done or not re.fullmatch(r"[А-Яа-яЁё-]+", word):
            out.append(word)
            continue
        parse = next((p for p in _morph().parse(word.lower()) if "nomn" in p.tag and
                      ({"NOUN", "ADJF", "PRTF"} & p.tag.grammemes)), None)
        if parse is None:
            out.append(word)
            continue
        form = parse.inflect({case})
        text = form.word if form is not None else word.lower()
        out.append(word if word.isupper() and len(word) > 1 else text)
        done = "NOUN" in parse.tag
    return " ".join(out)


def acting(full_name: str) -> str:
    """"действующего" or "действующей": the participle that agrees with the person (masculine when unknown)."""
    return "действующей" if _gender(full_name.split()) == "femn" else "действующего"


def short(full_name: str) -> str:
    """"Смирнова Елена Викторовна" -> "Смирнова Е. В." (a name already short stays as it is)."""
    words = full_name.split()
    if len(words) < 2 or any(_INITIAL.match(w) for w in words[1:]):
        return full_name.strip()
    return " ".join([words[0], *(w[0].upper() + "." for w in words[1:3])])
