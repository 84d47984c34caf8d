"""Plugins: packages with `register(api)`, from plugins/<name>/ or any installed distribution that names one
under the entry point group `lan_organizer.plugins`; the built-in formats load the same way."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable

from client.core.i18n import _

log = logging.getLogger(__name__)
BUILTIN = ("client.core.io.builtin", "client.core.documents")
ENTRY_POINTS = "lan_organizer.plugins"


@dataclass(frozen=True)
class CardAction:
    """An entry of a record card's Actions menu: `run(replica, record)` does the work; its ValueError is
    shown to the user as the reason."""

    label_en: str
    label_ru: str
    run: Callable[[Any, Any], Any]
    kinds: tuple[str, ...] = ()  # sections it applies to; empty: every section
    # True: it may wait (for the server, for Word), so the window runs it off its thread; a Path it
    # returns is opened.
    background: bool = False

    def label(self, lang: str) -> str:
        return self.label_ru if lang == "ru" and self.label_ru else self.label_en

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class PrintJob:
    """What a card action returns to have a PDF printed: the window shows the print dialog for it."""

    path: Path


@dataclass
class Registry:
    """What plugins add. It is the `api` each plugin's register(api) receives (client/api.py documents it)."""

    # extension (no dot, lower case) -> reader(path, **options) -> list[Table]
    readers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    # extension -> writer(path, kind_def, records, lang, **options) -> None
    writers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    card_actions: list[CardAction] = field(default_factory=list)
    # record_did_change(change) after every committed write on this PC (a client.core.replica.Change)
    record_did_change: list[Callable[[Any], None]] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)

    def add_command(self, name: str, help: str, run: Callable[..., int],
                    configure: Callable[[Any], None] | None = None) -> None:
        """A command of `python -m client`: `run(ctx, args) -> exit code`, `configure(argparse parser)`."""
        from client import cli
        cli.command(name, help, configure)(run)

    def add_card_action(self, action: CardAction) -> None:
        self.card_actions.append(action)

    def on_record_change(self, hook: Callable[[Any], None]) -> None:
        self.record_did_change.append(hook)

    def attach(self, replica: Any) -> None:
        """Let the record hooks hear this replica's changes (the window and the commands call it once)."""
        for hook in self.record_did_change:
            replica.on_change(_guarded(hook))

    def add_reader(self, ext: str, reader: Callable[..., Any]) -> None:
        self.readers[ext.lower().lstrip(".")] = reader

    def add_writer(self, ext: str, writer: Callable[..., Any]) -> None:
        self.writers[ext.lower().lstrip(".")] = writer

    def reader_for(self, path: Path) -> Callable[..., Any]:
        ext = path.suffix.lower().lstrip(".")
        if ext not in self.readers:
            raise ValueError(_("cannot read .{ext} files; known: {known}").format(
                ext=ext, known=", ".join(sorted(self.readers))))
        return self.readers[ext]

    def writer_for(self, path: Path) -> Callable[..., Any]:
        ext = path.suffix.lower().lstrip(".")
        if ext not in self.writers:
            raise ValueError(f"cannot write .{ext} files; known: {', '.join(sorted(self.writers))}")
        return self.writers[ext]


_registry: Registry | None = None


def registry() -> Registry:
    """The registry with the built-in formats and every plugin found under plugins/."""
    global _registry
    if _registry is None:
        reg = Registry()
        names = list(BUILTIN)
        try:
            import plugins
            names += [f"plugins.{m.name}" for m in pkgutil.iter_modules(plugins.__path__) if m.ispkg]
        except ImportError:
            pass
        names += [ep.value.split(":")[0] for ep in entry_points(group=ENTRY_POINTS)]
        for name in dict.fromkeys(names):
            try:
                module = importlib.import_module(name)
                module.register(reg)
                reg.loaded.append(name)
            except Exception:  # one broken plugin must not take the program down
                log.exception("plugin %s failed to load", name)
        _registry = reg
    return _registry


def read_file(path: Path, **options: Any) -> list[Any]:
    """The sheets of a file, read by the reader registered for its extension; ValueError says why not."""
    if not path.exists():
        raise ValueError(_("no such file: {path}").format(path=path))
    try:
        return list(registry().reader_for(path)(path, **options))
    except (ValueError, OSError) as e:  # a format nobody reads, a broken file, a wrong encoding
        raise ValueError(_("cannot read {name}: {reason}").format(name=path.name, reason=e)) from None


def _guarded(hook: Callable[[Any], None]) -> Callable[[Any], None]:
    def call(change: Any) -> None:
        try:
            hook(change)
        except Exception:  # a plugin's hook must not break a save
            log.exception("plugin hook %s failed", getattr(hook, "__qualname__", hook))
    return call
