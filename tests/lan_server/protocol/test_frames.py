"""Frames and messages: round trips, and every kind of broken input gives a ProtocolError, never a crash."""

from __future__ import annotations

import struct

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lan_server.protocol import FrameDecoder, ProtocolError, decode_body, encode, validate_request
from lan_server.protocol import errors as codes
from lan_server.protocol.messages import PROTOCOL_VERSION, REQUESTS


def test_round_trip_in_pieces() -> None:
    msgs = [{"type": "ping", "id": i, "text": "Привет" * i} for i in range(5)]
    data = b"".join(encode(m) for m in msgs)
    dec = FrameDecoder()
    out = []
    for i in range(0, len(data), 3):  # arrive three bytes at a time
        out += dec.feed(data[i:i + 3])
    assert out == msgs and dec.pending == 0


def test_truncated_frame_waits_for_more() -> None:
    frame = encode({"type": "ping", "id": 1})
    dec = FrameDecoder()
    assert dec.feed(frame[:-1]) == []
    assert dec.feed(frame[-1:]) == [{"type": "ping", "id": 1}]


def test_oversize_length_is_refused_before_reading_the_body() -> None:
    dec = FrameDecoder(max_frame=1024)
    with pytest.raises(ProtocolError) as e:
        dec.feed(struct.pack(">I", 1025))
    assert e.value.code == codes.FRAME_TOO_LARGE and e.value.fatal


@pytest.mark.parametrize("body", [
    b"\xc1",                                   # never-used msgpack byte
    msgpack.packb([1, 2, 3]),                  # not a map
    msgpack.packb("text"),
    msgpack.packb({1: "int key"}),             # map keys must be strings
    msgpack.packb({"a": 1})[:-1],              # cut short
    msgpack.packb({"a": 1}) + b"extra",        # trailing bytes
    msgpack.packb({"x": msgpack.ExtType(1, b"zz")}),
])
def test_broken_bodies_are_bad_frames(body: bytes) -> None:
    with pytest.raises(ProtocolError) as e:
        decode_body(body)
    assert e.value.code == codes.BAD_FRAME


def test_absurd_nesting_is_a_bad_frame() -> None:
    with pytest.raises(ProtocolError) as e:
        decode_body(b"\x81\xa1x" + b"\x91" * 100_000 + b"\x01")
    assert e.value.code == codes.BAD_FRAME


def test_op_values_may_not_nest_deeply() -> None:
    from lan_server.records import Op
    value: object = 1
    for _ in range(20):
        value = [value]
    wire = {"id": "o", "rec": "r", "kind": "note", "field": "title", "value": value, "hlc": 1, "dev": "d"}
    with pytest.raises(ValueError, match="nested deeper"):
        Op.from_wire(wire)
    assert Op.from_wire({**wire, "value": [[1, 2], {"a": [3]}]}).value == [[1, 2], {"a": [3]}]


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_random_bytes_never_crash(data: bytes) -> None:
    dec = FrameDecoder(max_frame=4096)
    try:
        for msg in dec.feed(data):
            assert isinstance(msg, dict)
            try:
                validate_request(msg)
            except ProtocolError:
                pass
    except ProtocolError:
        pass


json_like = st.recursive(st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.text(max_size=20)
                         | st.floats(allow_nan=False), lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["type", "id", "v", "ops", "since", "user", "password", "device", "token",
                                        "after", "limit"]), json_like, max_size=6))
def test_fuzz_wrong_types_give_protocol_errors(msg: dict) -> None:
    try:
        kind, req_id = validate_request(msg)
    except ProtocolError as e:
        assert e.code in (codes.BAD_MESSAGE, codes.UNKNOWN_TYPE)
        return
    assert kind in REQUESTS and isinstance(req_id, int)


def test_validate_names_the_problem() -> None:
    with pytest.raises(ProtocolError, match="missing 'since'"):
        validate_request({"type": "pull", "id": 1})
    with pytest.raises(ProtocolError, match="unknown message type"):
        validate_request({"type": "drop_tables", "id": 1})
    with pytest.raises(ProtocolError, match="wrong type"):
        validate_request({"type": "hello", "id": 1, "v": "1"})
    assert validate_request({"type": "hello", "id": 7, "v": PROTOCOL_VERSION}) == ("hello", 7)


def test_a_value_encoded_once_is_sent_as_it_is() -> None:
    """A first copy's page, encoded once for every PC that reads all of it, makes the frame the plain value makes."""
    import msgpack

    from lan_server.protocol.frames import Packed
    records = [["r1", "contact", [], [{"name": "Анна"}, 5, "dev", "olga"]], ["r2", "note", [["title", "x", 6, "d",
                                                                                          "op", "u"]]]]
    message = {"type": "ok", "re": 3, "records": records, "next": "c", "more": False}
    packed = {**message, "records": Packed(msgpack.packb(records, use_bin_type=True))}
    assert encode(packed) == encode(message)
    assert FrameDecoder().feed(encode(packed)) == [message]
