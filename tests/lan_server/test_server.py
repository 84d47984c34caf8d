"""A real server process driven over real TLS sockets: the protocol as a client sees it."""

from __future__ import annotations

import socket
import ssl
import struct
import time
from pathlib import Path
from typing import Any

import msgpack
import pytest

from lan_server.protocol import PROTOCOL_VERSION, encode
from lan_server.protocol.frames import HEADER, decode_body
from lan_server.records import Clock, Op, Store, new_id
from lan_server.records.ops import record_op
from tests.servers import ServerProcess


class Wire:
    """A blocking TLS client that speaks frames, for tests."""

    def __init__(self, address: str, timeout: float = 10.0, *, receive_buffer: int | None = None) -> None:
        host, port = address.rsplit(":", 1)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer is not None:  # before connecting: the window it offers is settled then
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        raw.settimeout(timeout)
        raw.connect((host, int(port)))
        self.sock = ctx.wrap_socket(raw)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def recv(self) -> dict[str, Any] | None:
        header = self._exact(HEADER.size)
        if header is None:
            return None
        body = self._exact(struct.unpack(">I", header)[0])
        return None if body is None else decode_body(body)

    def _exact(self, n: int) -> bytes | None:
        buf = b""
        while len(buf) < n:
            try:
                chunk = self.sock.recv(n - len(buf))
            except (ConnectionError, ssl.SSLError):
                return None
            if not chunk:
                return None
            buf += chunk
        return buf

    def call(self, kind: str, **fields: Any) -> dict[str, Any]:
        self.next_id += 1
        self.send_raw(encode({"type": kind, "id": self.next_id, **fields}))
        while True:
            msg = self.recv()
            assert msg is not None, "connection closed"
            if msg.get("re") == self.next_id:
                return msg
            self.events.append(msg)

    def login(self, user: str = "admin", password: str = "admin-pass-1", device: str = "dev-1") -> dict[str, Any]:
        assert self.call("hello", v=PROTOCOL_VERSION)["type"] == "ok"
        return self.call("login", user=user, password=password, device=device)

    def close(self) -> None:
        self.sock.close()


def make_ops(n: int, dev: str = "dev-1", clock: Clock | None = None, *, whole: bool = False) -> list[dict[str, Any]]:
    """`n` new contacts: each made field by field (its name's op, as a PC of 0.3 makes it) or in one op (`whole`)."""
    clock = clock or Clock()
    if whole:
        return [record_op(rec, "contact", {"name": f"Клиент {i}", "city": "Тверь"}, hlc=clock.now(), dev=dev,
                          user="").to_wire() for i, rec in enumerate(new_id() for _ in range(n))]
    return [Op(id=new_id(), rec=new_id(), kind="contact", field="name", value=f"Клиент {i}", hlc=clock.now(),
               dev=dev).to_wire() for i in range(n)]


def test_login_push_pull_and_live_push_to_a_second_connection(office_server: ServerProcess) -> None:
    a, b = Wire(office_server.address), Wire(office_server.address)
    try:
        reply = a.login()
        assert reply["type"] == "ok" and reply["user"] == "admin" and reply["token"]
        assert b.login(device="dev-2")["type"] == "ok"
        assert b.call("subscribe", since=0)["type"] == "ok"
        ops = make_ops(3)
        ack = a.call("push", ops=ops)
        assert [x[0] for x in ack["acks"]] == [o["id"] for o in ops]
        assert [x[1] for x in ack["acks"]] == [1, 2, 3] and ack["rejected"] == []
        # The second connection gets the ops without asking.
        got: list[dict[str, Any]] = []
        deadline = time.monotonic() + 10
        while len(got) < 3 and time.monotonic() < deadline:
            msg = b.recv()
            assert msg is not None and msg["type"] == "changes"
            got += msg["ops"]
        assert [o["id"] for o in got] == [o["id"] for o in ops] and got[0]["user"] == "admin"
        # A resend (lost ack) is acknowledged with the same numbers and applied once.
        again = a.call("push", ops=ops)
        assert [x[1] for x in again["acks"]] == [1, 2, 3]
        page = a.call("pull", since=0, limit=2)
        assert [o["seq"] for o in page["ops"]] == [1, 2] and page["more"]
        page = a.call("pull", since=2)
        assert [o["seq"] for o in page["ops"]] == [3] and not page["more"] and page["head"] == 3
        snap = a.call("snapshot", after="")
        assert len(snap["records"]) == 3 and snap["seq"] == 3
    finally:
        a.close()
        b.close()


def test_resume_with_token_and_refusal_of_a_wrong_token(office_server: ServerProcess) -> None:
    a = Wire(office_server.address)
    token = a.login()["token"]
    a.close()
    b = Wire(office_server.address)
    try:
        b.call("hello", v=PROTOCOL_VERSION)
        assert b.call("resume", token=token, device="dev-2")["code"] == "token_invalid"  # token is per device
        assert b.call("resume", token=token, device="dev-1")["type"] == "ok"
    finally:
        b.close()


@pytest.mark.parametrize("garbage", [
    b"\x00\x00\x00\x05\xc1\xc1\xc1\xc1\xc1",               # not msgpack
    encode({"type": "drop_tables", "id": 1}),               # unknown type
    encode({"type": "push", "id": 1, "ops": []}),           # before hello
    struct.pack(">I", 2**31) + b"x",                       # oversize length
    b"\x00\x00\x00\x03" + msgpack.packb([1, 2]),           # not a map
])
def test_bad_input_closes_only_that_connection(office_server: ServerProcess, garbage: bytes) -> None:
    good = Wire(office_server.address)
    bad = Wire(office_server.address)
    try:
        good.login()
        bad.send_raw(garbage)
        reply = bad.recv()
        assert reply is not None and reply["type"] == "error" and reply["code"]
        assert bad.recv() is None  # closed by the server
        assert good.call("ping")["type"] == "ok"  # everyone else goes on
        fresh = Wire(office_server.address)
        assert fresh.login()["type"] == "ok"
        fresh.close()
    finally:
        good.close()
        bad.close()


def test_wrong_protocol_version_says_update(office_server: ServerProcess) -> None:
    w = Wire(office_server.address)
    try:
        reply = w.call("hello", v=PROTOCOL_VERSION + 1)
        assert reply["code"] == "version_mismatch" and "update the server" in reply["message"]
        w2 = Wire(office_server.address)
        reply = w2.call("hello", v=0)
        assert "update your client" in reply["message"]
        w2.close()
    finally:
        w.close()


def test_bad_op_in_push_is_refused_but_connection_stays(office_server: ServerProcess) -> None:
    w = Wire(office_server.address)
    try:
        w.login()
        good = make_ops(1)
        reply = w.call("push", ops=[{"id": "x", "rec": "r"}, "not a map", *good])
        assert reply["type"] == "ok" and [r[0] for r in reply["rejected"]] == ["x", "?"]
        assert "malformed" in reply["rejected"][0][1] and [a[0] for a in reply["acks"]] == [good[0]["id"]]
        assert w.call("ping")["type"] == "ok"
    finally:
        w.close()


def test_wrong_passwords_are_rate_limited(office_server: ServerProcess) -> None:
    w = Wire(office_server.address)
    try:
        w.call("hello", v=PROTOCOL_VERSION)
        codes = [w.call("login", user="admin", password=f"wrong{i}", device="d")["code"] for i in range(6)]
        assert codes[:5] == ["auth_failed"] * 5 and codes[5] == "rate_limited"
        # even the right password waits now: guessing is slowed for everyone trying this account
        assert w.call("login", user="admin", password="admin-pass-1", device="d")["code"] == "rate_limited"
    finally:
        w.close()


def test_clock_far_ahead_is_clamped(office_server: ServerProcess) -> None:
    w = Wire(office_server.address)
    try:
        w.login()
        future = Clock(now_ms=lambda: int(time.time() * 1000) + 86_400_000)  # a PC a day ahead
        ops = make_ops(1, clock=future)
        ack = w.call("push", ops=ops)["acks"][0]
        assert len(ack) == 3 and ack[2] < ops[0]["hlc"]
        assert (ack[2] >> 16) <= time.time() * 1000 + 5 * 60 * 1000 + 1000
    finally:
        w.close()


def _answered(w: Wire, on_the_way: list[int], acked: dict[str, int]) -> None:
    """The answer to the oldest push on its way: answers come in order, an acknowledged op keeps its number."""
    answer = w.recv()
    assert answer is not None and answer["re"] == on_the_way.pop(0), "answers come in order"
    for op_id, seq, *_ in answer["acks"]:
        assert acked.setdefault(op_id, seq) == seq, "an acknowledged op kept its number"


@pytest.mark.parametrize("rounds", [1, pytest.param(15, marks=pytest.mark.soak)])
def test_sigkill_mid_stream_loses_no_acknowledged_op_and_duplicates_none(tmp_path: Path, rounds: int) -> None:
    import random
    server = ServerProcess(tmp_path / "srv").start()
    port = server.port
    acked: dict[str, int] = {}
    # new contacts made in one op each (as this release's PCs make them) between ones made field by field
    all_ops = [op for pair in zip(make_ops(1500), make_ops(1500, whole=True)) for op in pair]
    batches = [all_ops[i:i + 50] for i in range(0, len(all_ops), 50)]
    chance = random.Random(rounds)
    try:
        for round_ in range(rounds):
            kill_at = 20 if round_ == 0 else chance.randrange(1, len(batches))
            w = Wire(server.address)
            w.login()
            on_the_way: list[int] = []  # two pushes on their way at a time, as a PC sends new records
            for i, batch in enumerate(batches):
                if i == kill_at:
                    # Pushes are on the wire, one maybe half-applied, when the server dies.
                    w.send_raw(encode({"type": "push", "id": 999, "ops": batch}))
                    server.proc.kill()  # type: ignore[union-attr]
                    break
                w.next_id += 1
                w.send_raw(encode({"type": "push", "id": w.next_id, "ops": batch}))
                on_the_way.append(w.next_id)
                if len(on_the_way) == 2:
                    _answered(w, on_the_way, acked)
            else:
                while on_the_way:
                    _answered(w, on_the_way, acked)
            w.close()
            assert 0 < len(acked) < len(all_ops) or round_, "the kill should land mid-stream"
            server.stop()
            server.port = port
            server.start()
        # The client resends everything it has no ack for, and also what it had (lost acks are normal).
        w = Wire(server.address)
        w.login()
        for batch in batches:
            for op_id, seq, *_ in w.call("push", ops=batch)["acks"]:
                if op_id in acked:
                    assert acked[op_id] == seq, "an acknowledged op kept its number"
                acked[op_id] = seq
        w.close()
    finally:
        server.kill()
    store = Store.open(tmp_path / "srv" / "organizer.db")
    try:
        rows = store.execute("SELECT COUNT(*), COUNT(DISTINCT id), COUNT(DISTINCT seq), MAX(seq) FROM ops").fetchone()
        assert rows == (3000, 3000, 3000, 3000)  # every op once, numbers unique and gap-free
        assert store.count("contact") == 3000 and store.count("contact", where={"city": "Тверь"}) == 1500
    finally:
        store.close()


def test_sigterm_stops_cleanly_and_data_survives(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "srv").start()
    w = Wire(server.address)
    try:
        w.login()
        w.call("push", ops=make_ops(5))
        proc = server.proc
        assert proc is not None
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
        assert proc.returncode == 0 and "stopped" in out
    finally:
        w.close()
        server.kill()
    server.start()
    w = Wire(server.address)
    try:
        w.login()
        assert w.call("pull", since=0)["head"] == 5
    finally:
        w.close()
        server.kill()


def test_values_are_checked_by_type_and_edits_must_name_a_real_section_and_field(office_server: ServerProcess) -> None:
    """A raw byte string gave an internal error and a traceback; an unknown field was stored silently."""
    w = Wire(office_server.address)
    try:
        w.login()
        clock = Clock()

        def op(kind: str, field: str, value: Any, rec: str | None = None) -> dict[str, Any]:
            return Op(id=new_id(), rec=rec or new_id(), kind=kind, field=field, value=value, hlc=clock.now(),
                      dev="dev-1").to_wire()
        field_rec = new_id()
        sent = [op("contact", "name", b"\x00\xff"), op("contact", "name", "x" * (2 * 1024 * 1024)),
                op("spaceship", "name", "Восток"), op("contact", "warp_speed", 9),
                # a field defined in the same push, and used by a record in it: accepted
                op("_field", "kind", "contact", field_rec), op("_field", "key", "discount", field_rec),
                op("contact", "discount", 5), op("contact", "_snoozed_until", None)]
        reply = w.call("push", ops=sent)
        assert reply["type"] == "ok", reply
        reasons = {r[0]: r[1] for r in reply["rejected"]}
        assert "not bytes" in reasons[sent[0]["id"]] and "larger than 1 MB" in reasons[sent[1]["id"]]
        assert "no section 'spaceship'" in reasons[sent[2]["id"]]
        assert "no field 'warp_speed'" in reasons[sent[3]["id"]]
        assert {a[0] for a in reply["acks"]} == {o["id"] for o in sent[4:]}
        assert w.call("ping")["type"] == "ok"  # the connection stays, no internal error
    finally:
        w.close()


def _fuzz_live_server(address: str, examples: int, seed: int) -> None:
    """Random bytes and random maps, as frames, to logged-in connections: each gets an answer or a closed
    connection, never a crash and never an internal error (a malformed request is the client's fault, said as
    such), and a fresh login still works afterwards."""
    import random
    chance = random.Random(seed)
    keys = ["type", "id", "v", "ops", "since", "after", "limit", "user", "password", "device", "token", "rec"]
    types = ["push", "pull", "snapshot", "history", "subscribe", "ping", "digest", "users", "number", "admin", "x"]
    values: list[Any] = [None, True, -1, 0, 2**62, 1.5, "", "x" * 300, b"\x00", [], {}, [{"id": 1}], {"a": [1]}]
    first = Wire(address)
    token = first.login(device="fuzz")["token"]
    first.close()

    def connect() -> Wire:  # a resumed login: argon2 is for passwords, not for every reconnect
        wire = Wire(address)
        assert wire.call("hello", v=PROTOCOL_VERSION)["type"] == "ok"
        assert wire.call("resume", token=token, device="fuzz")["type"] == "ok"
        return wire
    w = connect()
    for i in range(examples):
        if chance.random() < 0.3:
            body = bytes(chance.getrandbits(8) for _ in range(chance.randrange(0, 200)))
            frame = struct.pack(">I", len(body)) + body
        else:
            msg = {k: chance.choice(values) for k in chance.sample(keys, chance.randrange(0, 6))}
            msg["type"], msg["id"] = chance.choice(types), i
            if msg["type"] == "push" and chance.random() < 0.5:
                msg["ops"] = [{k: chance.choice(values) for k in Op.__dataclass_fields__} for _ in range(3)]
            elif msg["type"] == "push" and chance.random() < 0.5:  # records made in one op, well and badly formed
                rec = chance.choice([new_id(), "", "x" * 300])
                msg["ops"] = [{"id": chance.choice([rec, new_id()]), "rec": rec, "field": "*", "dev": "d",
                               "kind": chance.choice(["contact", "note", "_field", "saved_filter", "нет"]),
                               "hlc": chance.choice([1, 2**40, -1, "1", None]), "user": chance.choice(["", 5]),
                               "value": chance.choice([{chance.choice(["name", "*", "", "_deleted", "city", "x"]):
                                                        chance.choice(values) for _ in range(3)}, *values])}
                              for _ in range(3)]
            elif msg["type"] == "push" and chance.random() < 0.5:  # rows, well and badly formed
                rec = chance.choice([new_id(), "", "x" * 300])
                msg["ops"] = [[rec, chance.choice(["note", "", 5]), chance.choice(["*", "title", ""]),
                               chance.choice([{"title": "t"}, *values]), chance.choice([1, 2**40, -1, "1", None]),
                               "d", chance.choice(["", 5, None]), None, chance.choice([rec, new_id(), 1])][
                                  :chance.choice([0, 1, 7, 8, 9])] for _ in range(3)]
            frame = encode(msg)
        w.send_raw(frame)
        w.sock.settimeout(10)
        reply = w.recv()
        assert not (reply and reply.get("type") == "error" and reply.get("code") == "internal"), (frame, reply)
        if reply is None or (reply.get("type") == "error" and reply.get("code") in
                             ("bad_frame", "frame_too_large", "bad_message", "unknown_type", "out_of_order")):
            w.close()
            w = connect()
    w.close()
    fresh = Wire(address)
    try:
        assert fresh.login()["type"] == "ok" and fresh.call("ping")["type"] == "ok"
    finally:
        fresh.close()


@pytest.mark.parametrize("examples", [300, pytest.param(20_000, marks=pytest.mark.soak)])
def test_random_frames_never_crash_a_live_server(office_server: ServerProcess, examples: int) -> None:
    _fuzz_live_server(office_server.address, examples, seed=examples)


def test_a_pc_gone_mid_reply_leaves_one_log_line_and_no_traceback(tmp_path: Path) -> None:
    """A PC that asks for a big page and vanishes while it is sent (a laptop shut mid-sync) left a full traceback
    (ConnectionResetError at drain) in the server's log; a line saying so is enough."""
    server = ServerProcess(tmp_path / "srv").start()
    try:
        w = Wire(server.address)
        w.login()
        clock = Clock()
        big = [Op(id=new_id(), rec=new_id(), kind="note", field="text", value="я" * 450_000, hlc=clock.now(),
                  dev="dev-1").to_wire() for _ in range(3)]
        assert w.call("push", ops=big)["acks"]
        w.close()
        for _ in range(3):
            gone = Wire(server.address, receive_buffer=4096)
            gone.login()
            # Four pulls of 2.7 MB of notes at once, and it never reads: more than the system's buffers take, so
            # the server waits for the PC to take them.
            gone.send_raw(b"".join(encode({"type": "pull", "id": 90 + i, "since": 0}) for i in range(4)))
            time.sleep(1.0)
            gone.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            gone.sock.close()  # a reset, as when a PC drops off the network
        fresh = Wire(server.address)
        try:
            assert fresh.login()["type"] == "ok" and fresh.call("ping")["type"] == "ok"
        finally:
            fresh.close()
        assert server.proc is not None
        server.proc.terminate()
        _, log = server.proc.communicate(timeout=15)
    finally:
        server.kill()
    assert "Traceback" not in log, log
    lines = [line for line in log.splitlines() if "went away" in line]
    assert len(lines) == 3, log
