"""The wire format shared by server and clients: frames, messages, error codes. No sockets here."""

from lan_server.protocol.errors import ProtocolError
from lan_server.protocol.frames import DEFAULT_MAX_FRAME, FrameDecoder, body_length, decode_body, encode
from lan_server.protocol.messages import (
    OLDEST_PROTOCOL,
    PROTOCOL_VERSION,
    error,
    event,
    ok,
    request,
    validate_request,
)

__all__ = ["DEFAULT_MAX_FRAME", "OLDEST_PROTOCOL", "PROTOCOL_VERSION", "FrameDecoder", "ProtocolError", "body_length",
           "decode_body", "encode", "error", "event", "ok", "request", "validate_request"]
