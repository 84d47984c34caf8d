"""Plugins: packages with `register(api)`, from plugins/<name>/ or any installed distribution that names one
under the entry point group `lan_organizer.plugins`; the built-in formats and documents load the same way.
`api` is the Registry below (client/api is what plugins import)."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Callable, Mapping

from client.core.hooks import Hook, VetoHook
from client.core.i18n import _
from client.core.plugin_parts import (
    CardAction,
    DerivedField,
    MenuAction,
    Reader,
    Section,
    TemplateVariable,
    Writer,
)

log = logging.getLogger(__name__)
# Built-in parts, registered exactly as a third party's plugin is.
BUILTIN = ("client.core.io.builtin", "client.components.documents")
ENTRY_POINTS = "lan_organizer.plugins"
Command = tuple[str, Callable[..., int], Callable[[Any], None] | None]  # help, run(ctx, args), configure(parser)


@dataclass(frozen=True)
class PrintJob:
    """What a card action returns to have a PDF printed: the window shows the print dialog for it."""

    path: Path


@dataclass
class Registry:
    """What plugins add. It is the `api` each plugin's register(api) receives (docs/PLUGINS.md)."""

    readers: dict[str, Reader] = field(default_factory=dict)   # extension (no dot, lower case) -> reader
    writers: dict[str, Writer] = field(default_factory=dict)   # extension -> writer
    card_actions: list[CardAction] = field(default_factory=list)
    menu_actions: list[MenuAction] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    derived_fields: list[DerivedField] = field(default_factory=list)
    template_variables: dict[str, TemplateVariable] = field(default_factory=dict)
    # name -> (help, run, configure): the command line (client/cli) adds them to its own
    commands: dict[str, Command] = field(default_factory=dict)
    # record_will_save(kind, rec_id or None for a new record, fields): a reason refuses the edit (a deletion is
    # {"_deleted": True}); asked for what a user types, not for what arrives from the server
    record_will_save: VetoHook[[str, str | None, Mapping[str, Any]]] = field(
        default_factory=lambda: VetoHook("record_will_save"))
    # record_did_change(change) after every committed write on this PC (a client.core.replica.Change)
    record_did_change: Hook[[Any]] = field(default_factory=lambda: Hook("record_did_change"))
    loaded: list[str] = field(default_factory=list)

    def add_command(self, name: str, help: str, run: Callable[..., int],
                    configure: Callable[[Any], None] | None = None) -> None:
        """A command of `python -m client`: `run(ctx, args) -> exit code`, `configure(argparse parser)`."""
        self.commands[name] = (help, run, configure)

    def add_card_action(self, action: CardAction) -> None:
        self.card_actions.append(action)

    def add_menu_action(self, action: MenuAction) -> None:
        self.menu_actions.append(action)

    def add_section(self, section: Section) -> None:
        self.sections.append(section)

    def add_derived_field(self, derived: DerivedField) -> None:
        self.derived_fields.append(derived)

    def add_template_variable(self, variable: TemplateVariable) -> None:
        self.template_variables[variable.name] = variable

    def on_record_change(self, hook: Callable[[Any], None]) -> None:
        self.record_did_change.append(hook)

    def add_reader(self, ext: str, reader: Reader) -> None:
        self.readers[ext.lower().lstrip(".")] = reader

    def add_writer(self, ext: str, writer: Writer) -> None:
        self.writers[ext.lower().lstrip(".")] = writer

    def reader_for(self, path: Path) -> Reader:
        ext = path.suffix.lower().lstrip(".")
        if ext not in self.readers:
            raise ValueError(_("cannot read .{ext} files; known: {known}").format(
                ext=ext, known=", ".join(sorted(self.readers))))
        return self.readers[ext]

    def writer_for(self, path: Path) -> Writer:
        ext = path.suffix.lower().lstrip(".")
        if ext not in self.writers:
            raise ValueError(f"cannot write .{ext} files; known: {', '.join(sorted(self.writers))}")
        return self.writers[ext]

    def attach(self, replica: Any) -> None:
        """Let this replica hear the plugins: the hooks, the derived fields, the sections (the window and the
        commands call it once per replica)."""
        replica.on_change(self.record_did_change)
        replica.vetoes.append(self.record_will_save.veto)
        for derived in self.derived_fields:
            replica.add_derived(derived.kind, derived.key, derived.compute)
        make_sections(replica, self.sections)


def make_sections(replica: Any, sections: list[Section]) -> None:
    """The sections and fields plugins need that this office lacks, made on an administrator's PC (the server
    lets no one else change sections); elsewhere they appear once an administrator's PC has run the plugin."""
    if not sections or replica.meta("role") != "admin":
        return
    schema = replica.schema()
    for section in sections:
        if not schema.has_kind(section.key):
            replica.set_kind(section.key, {"label_en": section.label_en, "label_ru": section.label_ru,
                                           "hidden": section.hidden,
                                           "title_field": section.fields[0].key if section.fields else "title"})
            schema = replica.schema()
        kd = schema.kind(section.key)
        for order, spec in enumerate(section.fields, start=len(kd.fields)):
            if kd.field(spec.key) is None:
                replica.set_field(section.key, spec.key, {"type": spec.type, "label_en": spec.label_en,
                                                          "label_ru": spec.label_ru, "order": order,
                                                          "options": dict(spec.options)})


_registry: Registry | None = None


def registry() -> Registry:
    """The registry with the built-in parts and every plugin found under plugins/ or by entry point."""
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
