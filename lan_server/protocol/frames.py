"""Length-prefixed msgpack frames: 4-byte big-endian length, then one msgpack map."""

from __future__ import annotations

import struct
from collections import deque
from typing import Any, Iterator

import msgpack

from lan_server.protocol.errors import BAD_FRAME, FRAME_TOO_LARGE, ProtocolError

HEADER = struct.Struct(">I")
DEFAULT_MAX_FRAME = 8 * 1024 * 1024
# Before login a connection says hello and logs in: small frames only, so a stranger's connection
# cannot make the server hold megabytes.
PRE_LOGIN_MAX_FRAME = 64 * 1024
# Pages of pull and snapshot stop growing at this many bytes of values; with a value at most 1 MiB
# (records.ops.MAX_VALUE_BYTES) every page fits in a frame.
PAGE_BYTES = 2 * 1024 * 1024


class Packed(bytes):
    """A value of a message already encoded as msgpack, sent as it is: a first copy's page, made once for every
    PC that reads all of it (lan_server/hub.py)."""


def encode(message: dict[str, Any]) -> bytes:
    if not any(value.__class__ is Packed for value in message.values()):
        body = msgpack.packb(message, use_bin_type=True)
        return HEADER.pack(len(body)) + body
    packer = msgpack.Packer(use_bin_type=True)
    parts = [packer.pack_map_header(len(message))]
    for key, value in message.items():
        parts += [packer.pack(key), value if value.__class__ is Packed else packer.pack(value)]
    body = b"".join(parts)
    return HEADER.pack(len(body)) + body


def decode_body(body: bytes | memoryview, max_frame: int = DEFAULT_MAX_FRAME) -> dict[str, Any]:
    """One frame body to a map; anything else raises ProtocolError(BAD_FRAME).

    msgpack's C unpacker refuses nesting past about a thousand levels (StackError), which lands here too.
    """
    try:
        value = msgpack.unpackb(body, raw=False, strict_map_key=True, use_list=True,
                                max_str_len=max_frame, max_bin_len=max_frame,
                                max_array_len=max_frame, max_map_len=max_frame, max_ext_len=0)
    except Exception as e:  # msgpack raises several unrelated types for broken input
        raise ProtocolError(BAD_FRAME, f"undecodable frame: {type(e).__name__}") from None
    if not isinstance(value, dict):
        raise ProtocolError(BAD_FRAME, "a frame must hold a map")
    return value


def body_length(header: bytes | memoryview, max_frame: int = DEFAULT_MAX_FRAME) -> int:
    (length,) = HEADER.unpack(header)
    if length > max_frame:
        raise ProtocolError(FRAME_TOO_LARGE, f"frame of {length} bytes exceeds the limit of {max_frame}")
    return length


class FrameDecoder:
    """Incremental decoder: feed bytes as they arrive, get whole messages out.

    A frame's bytes are kept as the pieces they arrived in and joined once, when the frame is whole: a growing
    buffer is copied each time it outgrows its block, and many connections growing theirs at once leave the
    heap holding twice what they received."""

    def __init__(self, max_frame: int = DEFAULT_MAX_FRAME) -> None:
        self.max_frame = max_frame
        self._pieces: deque[bytes] = deque()
        self._offset = 0           # bytes of the first piece already handed out
        self._size = 0             # bytes held and not yet handed out
        self._length: int | None = None  # the body length of the frame being received, once its header is in

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        return list(self.messages(data))

    def messages(self, data: bytes) -> Iterator[dict[str, Any]]:
        """The whole messages the bytes now held make, one by one: those before a broken frame are handed out
        before its ProtocolError is raised. The limit is read per frame, so it may change between them
        (it grows after login)."""
        if data:
            self._pieces.append(bytes(data))
            self._size += len(data)
        while True:
            if self._length is None:
                if self._size < HEADER.size:
                    return
                self._length = body_length(self._take(HEADER.size), self.max_frame)
            if self._size < self._length:
                return
            body, self._length = self._take(self._length), None
            yield decode_body(body, self.max_frame)

    def _take(self, n: int) -> bytes | memoryview:
        """The next n held bytes; a view, not a copy, when they lie in one piece."""
        parts: list[bytes | memoryview] = []
        need = n
        while need:
            piece = self._pieces[0]
            available = len(piece) - self._offset
            if available > need:
                parts.append(memoryview(piece)[self._offset:self._offset + need])
                self._offset += need
                break
            parts.append(memoryview(piece)[self._offset:] if self._offset else piece)
            self._pieces.popleft()
            self._offset = 0
            need -= available
        self._size -= n
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def clear(self) -> None:
        """Let go of everything held (the connection is being dropped)."""
        self._pieces.clear()
        self._offset = self._size = 0
        self._length = None

    @property
    def pending(self) -> int:
        return self._size
