"""Plugins: packages under plugins/<name>/ with `register(registry)`; built-in formats load the same way."""

from __future__ import annotations

import importlib
import logging
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)
BUILTIN = ("client.core.io.builtin",)


@dataclass
class Registry:
    # extension (no dot, lower case) -> reader(path, **options) -> list[Table]
    readers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    # extension -> writer(path, kind_def, records, lang, **options) -> None
    writers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    loaded: list[str] = field(default_factory=list)

    def add_reader(self, ext: str, reader: Callable[..., Any]) -> None:
        self.readers[ext.lower().lstrip(".")] = reader

    def add_writer(self, ext: str, writer: Callable[..., Any]) -> None:
        self.writers[ext.lower().lstrip(".")] = writer

    def reader_for(self, path: Path) -> Callable[..., Any]:
        ext = path.suffix.lower().lstrip(".")
        if ext not in self.readers:
            raise ValueError(f"cannot read .{ext} files; known: {', '.join(sorted(self.readers))}")
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
        for name in names:
            try:
                module = importlib.import_module(name)
                module.register(reg)
                reg.loaded.append(name)
            except Exception:  # one broken plugin must not take the program down
                log.exception("plugin %s failed to load", name)
        _registry = reg
    return _registry
