"""Who may read and change which records; the server asks this on every push, pull, snapshot and live push."""

from __future__ import annotations

from lan_server.auth import User
from lan_server.records import Op, Record, Store
from lan_server.records.schema import META_KINDS


class Rights:
    """Role defaults: admin everything, manager everything but the schema... see `check_write`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def may_read(self, user: User, record: Record | None, creator: str = "") -> bool:
        return True

    def check_write(self, user: User, op: Op, before: Record | None, creator: str = "") -> str | None:
        """None when the op is allowed, else the reason shown to the user."""
        if user.role == "viewer":
            return "your role (viewer) may only read"
        if op.kind in META_KINDS and user.role != "admin":
            return "only an administrator may change sections and fields"
        return None
