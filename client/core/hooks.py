"""Typed hooks (as Anki's `*_will_*` / `*_did_*`): a `Hook` tells its handlers that something happened; a
`VetoHook` asks them first, and any of them may refuse with a reason. A handler that fails is logged and
skipped: a plugin's bug never breaks a save."""

from __future__ import annotations

import logging
from typing import Callable, Generic, ParamSpec

log = logging.getLogger(__name__)
P = ParamSpec("P")


class Hook(Generic[P]):
    """`hook.append(handler)`; `hook(...)` calls every handler with the same arguments."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Callable[P, None]] = []

    def append(self, handler: Callable[P, None]) -> None:
        self._handlers.append(handler)

    def remove(self, handler: Callable[P, None]) -> None:
        if handler in self._handlers:
            self._handlers.remove(handler)

    def __len__(self) -> int:
        return len(self._handlers)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for handler in list(self._handlers):
            try:
                handler(*args, **kwargs)
            except Exception:
                log.exception("%s: handler %s failed", self.name, getattr(handler, "__qualname__", handler))


class VetoHook(Generic[P]):
    """`hook.append(handler)`: a handler returns None to let it happen, or the reason it must not (shown to the
    user). `hook.veto(...)` is the first reason given, or None."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Callable[P, str | None]] = []

    def append(self, handler: Callable[P, str | None]) -> None:
        self._handlers.append(handler)

    def remove(self, handler: Callable[P, str | None]) -> None:
        if handler in self._handlers:
            self._handlers.remove(handler)

    def __len__(self) -> int:
        return len(self._handlers)

    def veto(self, *args: P.args, **kwargs: P.kwargs) -> str | None:
        for handler in list(self._handlers):
            try:
                reason = handler(*args, **kwargs)
            except Exception:  # a broken handler refuses nothing
                log.exception("%s: handler %s failed", self.name, getattr(handler, "__qualname__", handler))
                continue
            if reason:
                return str(reason)
        return None
