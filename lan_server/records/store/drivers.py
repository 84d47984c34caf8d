"""peewee, loaded without PostgreSQL's driver: psycopg2 (5 MiB resident) comes when a PostgreSQL database is first
opened, so a server on SQLite, and every PC, never holds it."""

from __future__ import annotations

import sys

# peewee imports psycopg2 itself when it is installed. Hidden while peewee loads, it is skipped as if absent; a
# process that loaded either before keeps them as they are.
_hide = "peewee" not in sys.modules and "psycopg2" not in sys.modules
if _hide:
    sys.modules["psycopg2"] = None  # type: ignore[assignment]
try:
    import peewee
finally:
    if _hide:
        del sys.modules["psycopg2"]

__all__ = ["peewee", "postgresql_driver"]


def postgresql_driver() -> None:
    """Give peewee psycopg2 as its own import would have (what peewee 4.5's module top does); once is enough."""
    if getattr(peewee, "psycopg2", None) is not None:
        return
    import psycopg2
    from psycopg2 import extensions
    from psycopg2.extras import Json, register_uuid
    register_uuid()
    for name, value in {"psycopg2": psycopg2, "pg_extensions": extensions, "pg_register_uuid": register_uuid,
                        "Json_pg2": Json}.items():
        setattr(peewee, name, value)
    adapter = peewee.Psycopg2Adapter  # its class body read the driver's transaction states
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
