"""A connection flood against a real server process: its memory stays bounded and a colleague still logs in.

Marked `soak` (about a minute): sh installers/test.sh tests/lan_server/test_flood.py -m soak -s
"""

from __future__ import annotations

import asyncio
import os
import ssl
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lan_server.auth import CHEAP_HASHES
from lan_server.protocol import PROTOCOL_VERSION, FrameDecoder, encode
from tests.servers import ROOT, ServerProcess, env, reap

MIB = 1024 * 1024
IDLE = 1000            # connections that never log in (half never finish TLS, half say nothing after it)
TRICKLERS = 50         # logged-in connections that each announce an 8 MiB frame and trickle it, never finishing
FLOOD_S = 40.0
RECONNECT_S = 1.0      # a trickler cut off comes back after this long
LIMIT_MIB = 150
# The idle connections come from other machines of the network than the colleague's (loopback addresses stand for
# them), as a flood does: the doorway gives way by address.
FLOOD_FROM = ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (the peak) of a process, in KiB, from /proc."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def _cpu_s(pid: int) -> float:
    """User and system CPU seconds a process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tls() -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


class Caller:
    """A small asyncio client: one request at a time, for the flood's logged-in connections."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer, self.decoder, self.next_id = reader, writer, FrameDecoder(), 0

    @classmethod
    async def open(cls, host: str, port: int) -> Caller:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, ssl=_tls()), 10)
        return cls(reader, writer)

    async def call(self, kind: str, **fields: object) -> dict[str, object]:
        self.next_id += 1
        self.writer.write(encode({"type": kind, "id": self.next_id, **fields}))
        await self.writer.drain()
        while True:
            data = await asyncio.wait_for(self.reader.read(65536), 10)
            if not data:
                raise ConnectionError("closed")
            for msg in self.decoder.messages(data):
                if msg.get("re") == self.next_id:
                    return msg

    def close(self) -> None:
        self.writer.close()


async def _flood(host: str, port: int, token: str, seconds: float) -> None:
    """The attack, run in a process of its own (so the colleague's login is timed apart from it): IDLE connections
    opened once and left silent, TRICKLERS that announce an 8 MiB frame and trickle it, again after each cut."""
    stop = asyncio.Event()
    sent_mib, reconnects, tried = 0.0, 0, 0

    def opened() -> None:
        nonlocal tried
        tried += 1
        if tried == IDLE:  # the burst is over (the test logs in during it, and then during the flood)
            print(f"opened {IDLE} connections", flush=True)

    async def idle(n: int) -> None:
        try:
            source = (FLOOD_FROM[n // 2 % len(FLOOD_FROM)], 0)
            if n % 2:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, local_addr=source), 10)
            else:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, ssl=_tls(),
                                                                                local_addr=source), 20)
        except (OSError, asyncio.TimeoutError, ssl.SSLError):
            return
        finally:
            opened()
        try:
            done, closed = asyncio.ensure_future(stop.wait()), asyncio.ensure_future(reader.read(1))
            await asyncio.wait([done, closed], return_when=asyncio.FIRST_COMPLETED)
            done.cancel()
            closed.cancel()
        except (OSError, ssl.SSLError):
            pass
        finally:
            writer.close()

    async def trickle(n: int) -> None:
        nonlocal sent_mib, reconnects
        chunk = b"\x00" * (256 * 1024)
        while not stop.is_set():
            try:
                c = await Caller.open(host, port)
                await c.call("hello", v=PROTOCOL_VERSION)
                await c.call("resume", token=token, device="flood")
                c.writer.write(struct.pack(">I", 8 * MIB - 1))
                sent = 0
                while not stop.is_set() and sent + len(chunk) < 8 * MIB - 1:
                    c.writer.write(chunk)
                    await asyncio.wait_for(c.writer.drain(), 10)
                    sent += len(chunk)
                    sent_mib += len(chunk) / MIB
                    await asyncio.sleep(0.3)
                while not stop.is_set() and not await _closed(c.reader):  # holds what it sent as long as it may
                    await asyncio.sleep(0.2)
                c.close()
            except (OSError, asyncio.TimeoutError, ssl.SSLError, ConnectionError):
                pass
            reconnects += 1
            await asyncio.sleep(RECONNECT_S)

    print("opening", flush=True)
    tasks = [asyncio.create_task(idle(n)) for n in range(IDLE)]
    tasks += [asyncio.create_task(trickle(n)) for n in range(TRICKLERS)]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.wait(tasks, timeout=20)
    for t in tasks:
        t.cancel()
    print(f"trickled {sent_mib:.0f} MiB in {reconnects} connections", flush=True)


async def _closed(reader: asyncio.StreamReader) -> bool:
    try:
        return await asyncio.wait_for(reader.read(1), 0.01) == b""
    except asyncio.TimeoutError:
        return False
    except (OSError, ssl.SSLError):
        return True


def _timed_login(address: str) -> float:
    """Seconds a colleague takes to connect and log in with a password, as the window does."""
    from tests.lan_server.test_server import Wire
    t0 = time.perf_counter()
    w = Wire(address)
    try:
        assert w.login("olga", "Colleague-1", device="pc-1")["type"] == "ok"
    finally:
        w.close()
    return time.perf_counter() - t0


@pytest.mark.soak
@pytest.mark.timeout(600)
def test_a_flood_of_idle_and_trickling_connections_stays_within_150_mib_and_a_login_gets_through(
        tmp_path: Path) -> None:
    from tests.lan_server.test_server import Wire
    server = ServerProcess(tmp_path / "server").start()
    flood: subprocess.Popen[str] | None = None
    try:
        assert server.proc is not None
        pid = server.proc.pid
        # The colleague's password is hashed as an office's is (argon2's 64 MiB per check), not as the suite's.
        office = {k: v for k, v in env().items() if k != CHEAP_HASHES}
        r = subprocess.run([sys.executable, "-m", "lan_server", "user", "add", str(server.data_dir), "olga",
                            "--password", "Colleague-1", "--role", "manager"], env=office, cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        w = Wire(server.address)
        token = w.login(device="flood")["token"]
        w.close()
        at_start, cpu_before = _status(pid)["VmRSS"] / 1024, _cpu_s(pid)
        # The same login with nothing else going on: this box's floor, measured in the same run.
        quiet = [_timed_login(server.address) for _ in range(3)]
        host, port = server.address.rsplit(":", 1)
        flood = subprocess.Popen([sys.executable, "-m", "tests.lan_server.test_flood", host, port, token,
                                  str(FLOOD_S)], stdout=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
        assert flood.stdout is not None
        assert flood.stdout.readline().startswith("opening")
        # Logins begun in the burst itself, one after another until it is over: a colleague's TLS handshake while a
        # thousand connections arrive must not be pushed out of the doorway like a silent one.
        in_burst: list[float | BaseException] = []
        burst_over = threading.Event()

        def log_in_during_the_burst() -> None:
            while not burst_over.is_set() or not in_burst:
                try:
                    in_burst.append(_timed_login(server.address))
                except Exception as e:  # a login refused or cut off: the failure this test is about
                    in_burst.append(e)
        colleague = threading.Thread(target=log_in_during_the_burst, name="test-burst-login", daemon=True)
        colleague.start()
        burst = flood.stdout.readline()  # bounded: the flood's connects time out within 20 s
        burst_over.set()
        colleague.join(60)
        assert burst.startswith("opened"), burst
        logins: list[float] = []
        rss: list[int] = [_status(pid)["VmRSS"] // 1024]
        started = time.monotonic()
        while flood.poll() is None and time.monotonic() - started < FLOOD_S + 30:
            time.sleep(0.5)
            rss.append(_status(pid)["VmRSS"] // 1024)
            if len(rss) % 6 == 0 and time.monotonic() - started < FLOOD_S - 1:
                logins.append(_timed_login(server.address))
        out, _ = flood.communicate(timeout=60)
        out = burst.strip() + ", " + out.strip()
        peak, cpu = _status(pid)["VmHWM"] / 1024, _cpu_s(pid) - cpu_before
        load = os.getloadavg()
        logins.sort()
        during, floor = logins[len(logins) // 2], max(quiet)
        # This box is shared: where a quiet login already takes long, the flood may add half of that, no more.
        limit = max(1.0, 1.5 * floor)
        print(f"\nflood: {IDLE} idle connections + {TRICKLERS} trickling 8 MiB frames for {FLOOD_S:.0f} s "
              f"({out.strip()}): server RSS at start {at_start:.0f} MiB, peak {peak:.0f} MiB (limit {LIMIT_MIB}), "
              f"every 3 s {rss[::6]}; {len(logins)} password logins during it: p50 {during * 1000:.0f} ms, "
              f"max {logins[-1] * 1000:.0f} ms (the same login before the flood: {floor * 1000:.0f} ms; "
              f"limit {limit * 1000:.0f} ms); server CPU {cpu:.1f} s; load {load[0]:.1f}")
        print(f"logins begun in the burst of {IDLE} connections: "
              + ", ".join(f"{t * 1000:.0f} ms" if isinstance(t, float) else repr(t) for t in in_burst))
        assert in_burst and all(isinstance(t, float) and t <= limit for t in in_burst), in_burst
        assert during <= limit
        assert peak <= LIMIT_MIB
        assert server.proc.poll() is None, "the server survived"
    finally:
        reap(flood)
        server.kill()


if __name__ == "__main__":
    os.nice(10)  # the attacker is another machine in an office: here it must not outrun the server for this box's CPU
    asyncio.run(_flood(sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])))
