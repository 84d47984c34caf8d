"""The shared record model: schema as data, ops with hybrid logical clocks, last-writer-wins store."""

from lan_server.records.hlc import Clock
from lan_server.records.ops import Op, Record, delete_op, new_id, new_ids, ops_for_fields
from lan_server.records.schema import FieldDef, KindDef, Schema
from lan_server.records.store import ApplyResult, HistoryEntry, Store, open_database

__all__ = ["ApplyResult", "Clock", "FieldDef", "HistoryEntry", "KindDef", "Op", "Record", "Schema", "Store",
           "delete_op", "new_id", "new_ids", "open_database", "ops_for_fields"]
