"""Message types, their required keys, and builders for replies; validation is pure and strict."""

from __future__ import annotations

from typing import Any, Mapping

from lan_server.protocol.errors import BAD_MESSAGE, UNKNOWN_TYPE, ProtocolError
from lan_server.protocol.reasons import Reason

# 2 (release 0.4): a record is made by one op (records/ops.py), snapshot pages carry a record's making beside the
# field values that superseded it. 1 (0.1-0.3): one op per field; a server still answers such a PC in that form.
PROTOCOL_VERSION = 2
OLDEST_PROTOCOL = 1

_INT = (int,)
_STR = (str,)
_LIST = (list,)
_MAP = (dict,)

# Requests a client sends: type -> {key: (allowed types, required)}. Every request also carries `id`.
REQUESTS: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {
    # rows: the PC reads an op as a row (records/ops.Op.to_row) in changes and pulls; an earlier server ignores it
    "hello": {"v": (_INT, True), "client": (_STR, False), "company": (_STR, False), "rows": ((bool,), False)},
    "login": {"user": (_STR, True), "password": (_STR, True), "device": (_STR, True),
              "device_name": (_STR, False)},
    "resume": {"token": (_STR, True), "device": (_STR, True)},
    "push": {"ops": (_LIST, True)},
    "pull": {"since": (_INT, True), "limit": (_INT, False)},
    "snapshot": {"after": (_STR, True), "limit": (_INT, False)},
    "subscribe": {"since": (_INT, True)},
    "ping": {},
    "digest": {},
    "history": {"rec": (_STR, True)},
    "number": {"series": (_STR, True), "doc": (_STR, False)},
    "users": {},
    "logout": {},
    "admin": {"action": (_STR, True), "name": (_STR, True), "password": (_STR, False), "role": (_STR, False),
              "full_name": (_STR, False)},
    "backups": {"action": (_STR, False), "time": (_STR, False), "copy_to": (_STR, False), "keep": (_INT, False),
                "backup": (_STR, False)},
    "phones": {"action": (_STR, False), "name": (_STR, False), "phone": (_STR, False)},
    "reach": {"section": (_STR, True)},
}

# Messages the server sends without being asked.
EVENTS = frozenset({"changes", "forget", "kicked", "rights"})
MAX_PAGE = 5000


def validate_request(msg: Mapping[str, Any]) -> tuple[str, int]:
    """Check a decoded request; returns (type, request id) or raises ProtocolError."""
    kind = msg.get("type")
    if not isinstance(kind, str):
        raise ProtocolError(BAD_MESSAGE, "message lacks a string 'type'")
    spec = REQUESTS.get(kind)
    if spec is None:
        raise ProtocolError(UNKNOWN_TYPE, f"unknown message type {kind[:40]!r}")
    req_id = msg.get("id")
    if not isinstance(req_id, int) or isinstance(req_id, bool):
        raise ProtocolError(BAD_MESSAGE, f"{kind}: 'id' must be an integer")
    for key, (types, required) in spec.items():
        if key not in msg:
            if required:
                raise ProtocolError(BAD_MESSAGE, f"{kind}: missing {key!r}")
            continue
        value = msg[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ProtocolError(BAD_MESSAGE, f"{kind}: {key!r} has the wrong type")
    return kind, req_id


def request(kind: str, req_id: int, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "id": req_id, **fields}


def ok(req_id: int, **fields: Any) -> dict[str, Any]:
    return {"type": "ok", "re": req_id, **fields}


def error(req_id: int | None, code: str, message: str) -> dict[str, Any]:
    """An error frame; a `Reason` also travels as its code and parameters, for the PC to say in its language."""
    frame: dict[str, Any] = {"type": "error", "re": req_id, "code": code, "message": message}
    if isinstance(message, Reason):
        frame["reason"] = message.to_wire()
    return frame


def event(kind: str, **fields: Any) -> dict[str, Any]:
    assert kind in EVENTS
    return {"type": kind, **fields}
