"""What a plugin adds, typed: card and menu actions, sections and their fields, derived fields, template
variables, file formats, and the narrow view of the data they are handed (client/api re-exports them all)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence

from client.core.io.table import Table
from lan_server.records import KindDef, Record
from lan_server.records.reader import RecordsReader


class DataView(RecordsReader, Protocol):
    """What a plugin's code may do with a PC's data: read records, and add, change and delete them through the
    PC's one writer (so they sync, keep their history and can be refused by the server). Never the database,
    the outbox or the sync state."""

    @property
    def user(self) -> str: ...

    def count(self, kind: str | None = None, **kwargs: Any) -> int: ...

    def titles(self, rec_ids: Iterable[str]) -> dict[str, str]: ...

    def add(self, kind: str, fields: Mapping[str, Any], *, rec_id: str | None = None, batch: str | None = None,
            undoable: bool = False) -> str: ...

    def set(self, rec_id: str, fields: Mapping[str, Any], *, batch: str | None = None,
            undoable: bool = False) -> Any: ...

    def delete(self, rec_id: str, *, batch: str | None = None, undoable: bool = False) -> Any: ...


class Reader(Protocol):
    """A file format read for import: every sheet of the file as a Table (ValueError: why it cannot)."""

    def __call__(self, path: Path, **options: Any) -> list[Table]: ...


class Writer(Protocol):
    """A file format written for export; returns how many records it wrote."""

    def __call__(self, path: Path, kd: KindDef, records: Sequence[Record], *, titles: dict[str, str] | None = None,
                 **options: Any) -> int: ...


@dataclass(frozen=True)
class Labelled:
    label_en: str
    label_ru: str

    def label(self, lang: str) -> str:
        return self.label_ru if lang == "ru" and self.label_ru else self.label_en


@dataclass(frozen=True)
class CardAction(Labelled):
    """An entry of a record card's Actions menu: `run(view, record)` does the work; its ValueError is shown to
    the user as the reason."""

    run: Callable[[DataView, Record], Any]
    kinds: tuple[str, ...] = ()  # sections it applies to; empty: every section
    # True: it may wait (for the server, for Word), so the window runs it off its thread; a Path it
    # returns is opened.
    background: bool = False

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class MenuAction(Labelled):
    """An entry of the window's Tools menu: `run(view)`; a ValueError is shown, a Path it returns is opened."""

    run: Callable[[DataView], Any]
    background: bool = False


@dataclass(frozen=True)
class FieldSpec(Labelled):
    """A field a plugin's section needs: key, type (text, number, money, date, choice, link, ...), options."""

    key: str = ""
    type: str = "text"
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Section(Labelled):
    """A section a plugin needs, with its fields. An administrator's PC makes what is missing (sections are
    records too, so they reach every PC); a field already there keeps what the office made of it."""

    key: str = ""
    fields: tuple[FieldSpec, ...] = ()
    hidden: bool = False


@dataclass(frozen=True)
class DerivedField:
    """A value worked out on every read, never typed or stored: `compute(record, reader)`."""

    kind: str
    key: str
    compute: Callable[[Record, RecordsReader], Any]


@dataclass(frozen=True)
class TemplateVariable:
    """A name letters, mailings and print forms may use ({{ name }}): `value(reader, record)`."""

    name: str
    value: Callable[[RecordsReader, Record], Any]
