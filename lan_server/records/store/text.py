"""How text is folded for search and sorted the Russian way (any case, ё with е, Cyrillic before Latin), and how a
one-line value keeps its spaces."""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")


def fold(text: str) -> str:
    """Case- and ё-insensitive form used for sorting and search."""
    return text.casefold().replace("ё", "е")


_LATIN_AFTER_CYRILLIC = {c: chr(c + 0x1000) for c in range(ord("a"), ord("z") + 1)}
_LATIN = re.compile("[a-z]")


def sort_key(text: str) -> str:
    """How titles sort, as Russian users expect: any case, Ё with Е, digits first, Cyrillic before Latin
    (SQLite compares the key's code points; Latin letters are moved past the Cyrillic ones)."""
    folded = fold(text)
    # translate looks up every letter of a Cyrillic title (an import's 100,000): only a Latin one needs it
    return folded.translate(_LATIN_AFTER_CYRILLIC) if _LATIN.search(folded) else folded


_BREAKS = re.compile(r" *[^\S ]+\s*")


def one_line(text: str) -> str:
    """A one-line field's value as stored, whoever typed it (the window, a command, an import, a browser): the
    ends trimmed, a line break or tab inside one space, and the spaces typed between words kept as typed
    ("ООО   «Ромашка»", an address lined up with spaces), for letters print what was typed."""
    return _BREAKS.sub(" ", text.strip())


def title_key(text: object) -> str:
    """How a record is found by its title as someone typed it (a link named in a spreadsheet cell or on the
    command line): any case, ё with е, spaces around ignored and a run of spaces inside as one (a title keeps
    the spaces typed in it)."""
    return " ".join(fold(str(text)).split())


def fold_yo(text: str) -> str:
    """Only ё to е: the search index folds case itself (unicode61), but treats ё and е as different letters."""
    return text.replace("ё", "е").replace("Ё", "Е")


_SORTABLE = {**_LATIN_AFTER_CYRILLIC, ord("ё"): "е"}


def sortable(value: Any) -> Any:
    """A value as a column sorts it: numbers as numbers (before any text), text the Russian way (as sort_key,
    with lower() and one table: this runs once per row of a sorted list)."""
    if value.__class__ is str:
        return value.lower().translate(_SORTABLE)
    return value if value is None or isinstance(value, (int, float)) else sort_key(str(value))


def named(items: Sequence[T], wanted: str, name: Callable[[T], str],
          key: Callable[[T], str | None] = lambda _item: None) -> T | None:
    """The item `wanted` names: its key or its whole name in any case, else a part of the name that only one
    item has ("ромашка" for "ООО Ромашка"). The server's companies and a PC's copies are named by this rule."""
    folded = wanted.strip().casefold()
    for item in items:
        if key(item) == folded or name(item).casefold() == folded:
            return item
    partly = [item for item in items if folded in name(item).casefold()]
    return partly[0] if len(partly) == 1 else None
