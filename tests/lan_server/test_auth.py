"""Login limiting: attempts count when they begin, memory stays bounded, a stranger cannot lock a user out."""

from __future__ import annotations

import ssl
import threading

from lan_server.auth import RateLimiter
from lan_server.protocol import PROTOCOL_VERSION, encode
from tests.lan_server.test_server import Wire
from tests.servers import ServerProcess


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_parallel_guesses_from_one_address_are_counted_when_they_begin() -> None:
    limiter = RateLimiter(limit=5, window=60, clock=FakeClock())
    allowed = [limiter.begin("10.0.0.9", "admin", known_device=False) == 0 for _ in range(100)]
    assert sum(allowed) == 5  # before, all 100 reached the slow password check


def test_a_stranger_cannot_lock_a_user_out_of_her_own_pc() -> None:
    clock = FakeClock()
    limiter = RateLimiter(limit=5, window=60, clock=clock)
    for i in range(10):  # a stranger tries olga's password from ten addresses
        address = f"10.0.0.{i}"
        if limiter.begin(address, "olga", known_device=False) == 0:
            limiter.failed(address, "olga", known_device=False)
    assert limiter.begin("10.0.0.200", "olga", known_device=False) > 0  # a new PC must wait for olga's name
    assert limiter.begin("192.168.1.5", "olga", known_device=True) == 0  # olga's own PC goes on
    clock.now += 61
    assert limiter.begin("10.0.0.200", "olga", known_device=False) == 0  # and the wait ends


def test_the_limiter_remembers_a_bounded_number_of_names_and_addresses() -> None:
    limiter = RateLimiter(limit=5, window=60, clock=FakeClock(), max_keys=1000)
    for i in range(20_000):
        name = f"{i:05d}" + "x" * 100
        if limiter.begin(f"10.1.{i // 250}.{i % 250}", name, known_device=False) == 0:
            limiter.failed(f"10.1.{i // 250}.{i % 250}", name, known_device=False)
    assert len(limiter) <= 1000


def test_a_real_server_checks_at_most_five_of_forty_parallel_guesses(office_server: ServerProcess) -> None:
    codes: list[str] = []
    lock = threading.Lock()

    def guess(i: int) -> None:
        w = Wire(office_server.address)
        try:
            w.call("hello", v=PROTOCOL_VERSION)
            code = w.call("login", user="admin", password=f"wrong-{i}", device=f"stranger-{i}")["code"]
            with lock:
                codes.append(code)
        finally:
            w.close()
    threads = [threading.Thread(target=guess, args=(i,), name=f"test-guess-{i}") for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(codes) == 40 and codes.count("auth_failed") <= 5 and codes.count("rate_limited") >= 35
    w = Wire(office_server.address)
    try:  # a 1 MiB user name does not even fit in a frame before login (64 KiB): refused, connection closed
        w.call("hello", v=PROTOCOL_VERSION)
        try:
            w.send_raw(encode({"type": "login", "id": 99, "user": "x" * (1024 * 1024), "password": "p",
                               "device": "d"}))
        except (ssl.SSLError, OSError):
            pass  # the server read the first 64 KiB, said no and closed while the rest was still being sent
        refused = w.recv()
        assert refused is None or (refused["code"] == "frame_too_large" and w.recv() is None)
    finally:
        w.close()
    fresh = Wire(office_server.address)
    try:
        # and it serves the next connection as ever (a login would wait: this address guessed 40 times)
        assert fresh.call("hello", v=PROTOCOL_VERSION)["type"] == "ok" and fresh.call("ping")["type"] == "ok"
    finally:
        fresh.close()


def test_passwords_are_hashed_with_argon2s_production_parameters_outside_the_suite(monkeypatch) -> None:
    from argon2 import PasswordHasher, extract_parameters

    from lan_server.auth import CHEAP_HASHES, make_hasher
    monkeypatch.delenv(CHEAP_HASHES, raising=False)
    made = extract_parameters(make_hasher().hash("пароль-1"))
    assert made == extract_parameters(PasswordHasher().hash("x"))  # the library's defaults: 64 MiB, 3 passes
    assert made.memory_cost == 65536 and made.time_cost == 3
    monkeypatch.setenv(CHEAP_HASHES, "1")
    cheap = make_hasher().hash("пароль-1")
    assert extract_parameters(cheap).memory_cost < 65536
    assert PasswordHasher().verify(cheap, "пароль-1")  # a hash says its parameters: any hasher verifies it


def test_the_pcs_to_let_go_are_found_in_one_read_with_why(tmp_path) -> None:
    """Every second the server asks which connected PCs' tokens no longer hold: one read for them all (600 here,
    past SQLite's parameters in one statement), each revoked or its user disabled, which the PC is told."""
    from lan_server.auth import Users
    from lan_server.records import Store
    store = Store.open(tmp_path / "office.db")
    try:
        users = Users(store)
        users.add("olga", "olga-pass-1")
        users.add("ivan", "ivan-pass-1")
        good = [users.issue_token("olga", f"pc{i}") for i in range(600)]
        revoked, disabled = users.issue_token("olga", "phone"), users.issue_token("ivan", "pc")
        users.revoke_token(revoked)
        users.set_disabled("ivan", True)
        assert users.let_go([*good, revoked, disabled, "never-issued"]) == {
            revoked: False, disabled: True, "never-issued": False}
        assert users.let_go([]) == {}
    finally:
        store.close()
