"""Error codes carried in error frames, and the exception that carries one."""

from __future__ import annotations

BAD_FRAME = "bad_frame"            # not a length-prefixed msgpack map
FRAME_TOO_LARGE = "frame_too_large"
BAD_MESSAGE = "bad_message"        # a map, but a missing or mistyped key
UNKNOWN_TYPE = "unknown_type"
OUT_OF_ORDER = "out_of_order"      # e.g. push before login, anything before hello
VERSION_MISMATCH = "version_mismatch"
AUTH_FAILED = "auth_failed"
RATE_LIMITED = "rate_limited"
TOKEN_INVALID = "token_invalid"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
INVALID = "invalid"                # a well-formed request the server cannot carry out (says why)
INTERNAL = "internal"
UNAVAILABLE = "unavailable"

# Errors after which the server closes the connection: the stream can no longer be trusted.
FATAL = frozenset({BAD_FRAME, FRAME_TOO_LARGE, BAD_MESSAGE, UNKNOWN_TYPE, OUT_OF_ORDER, VERSION_MISMATCH})


class ProtocolError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def fatal(self) -> bool:
        return self.code in FATAL
