"""Phones' sync (CardDAV): a phone's first sync of 10,000 contacts, then the next sync after one change on a PC,
next to Radicale (a CardDAV server people run) serving the same cards in the same run.

The phone is played the way DAVx5 syncs an address book: PROPFIND for the sync token, sync-collection for every
name and ETag, then addressbook-multiget in batches. Server time is the time our request handlers ran (the
client's own parsing is left out); Radicale's is measured from the client, which flatters ours less.

Run: sh installers/test.sh -m benchmark -s tests/benchmarks/test_bench_dav.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest
import requests
import urllib3

from lan_server.formats import vcard
from lan_server.records import Clock, new_id
from lan_server.records.ops import ops_for_fields
from lan_server.records.schema import Schema
from lan_server.web.dav.site import DavSite
from tests.lan_server.web.dav.davserver import DavServer
from tests.servers import ROOT

pytestmark = pytest.mark.benchmark
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
CONTACTS = 10_000
CITIES = ["Москва", "Тверь", "Казань", "Самара", "Омск", "Пермь", "Уфа", "Тула"]
SYNC = ('<D:sync-collection xmlns:D="DAV:"><D:sync-token>{}</D:sync-token><D:sync-level>1</D:sync-level>'
        "<D:prop><D:getetag/></D:prop></D:sync-collection>")


def people(n: int) -> list[dict[str, Any]]:
    return [{"name": f"Клиентова{i % 97} Анна{i % 89} Сергеевна", "phone": f"+7 9{i % 100:02d} {i % 1000:03d}-"
             f"{i % 100:02d}-{(i * 7) % 100:02d}", "email": f"client{i}@example.ru", "city": CITIES[i % len(CITIES)],
             "position": "Менеджер по закупкам", "note": f"Клиент №{i}, звонить после 10"} for i in range(n)]


class Timer:
    """Adds up the time the DAV handler runs (login, database thread, writing the answer)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.total = 0.0
        self.requests = 0
        plain: Callable[..., Any] = DavSite.handle

        async def timed(site: Any, request: Any) -> Any:
            start = time.perf_counter()
            try:
                return await plain(site, request)
            finally:
                self.total += time.perf_counter() - start
                self.requests += 1
        monkeypatch.setattr(DavSite, "handle", timed)


def first_sync(base: str, path: str, auth: tuple[str, str], batch: int) -> dict[str, Any]:
    """A phone's first sync of an address book; returns its figures and the sync token."""
    started = time.perf_counter()
    size = 0
    with requests.Session() as s:
        def ask(method: str, url: str, body: str = "", **headers: str) -> requests.Response:
            nonlocal size
            r = s.request(method, base + url, data=body.encode("utf-8"), auth=auth, verify=False, headers=headers,
                          timeout=300)
            assert r.status_code in (200, 207), (r.status_code, r.text[:300])
            size += len(r.content)
            return r
        ask("PROPFIND", path, '<D:propfind xmlns:D="DAV:"><D:prop><D:sync-token/></D:prop></D:propfind>', Depth="0")
        listing = ask("REPORT", path, SYNC.format(""), Depth="1")
        names = re.findall(r"<(?:\w+:)?href>([^<]+\.vcf)</(?:\w+:)?href>", listing.text)
        token = re.search(r"<(?:\w+:)?sync-token>([^<]+)</", listing.text)
        cards = 0
        for i in range(0, len(names), batch):
            hrefs = "".join(f"<D:href>{n}</D:href>" for n in names[i:i + batch])
            got = ask("REPORT", path, '<C:addressbook-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:'
                      f'carddav"><D:prop><D:getetag/><C:address-data/></D:prop>{hrefs}</C:addressbook-multiget>',
                      Depth="1")
            cards += got.text.count("BEGIN:VCARD")
    return {"wall": time.perf_counter() - started, "bytes": size, "cards": cards, "names": len(names),
            "token": token.group(1) if token else ""}


def next_sync(base: str, path: str, auth: tuple[str, str], token: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    with requests.Session() as s:
        r = s.request("REPORT", base + path, data=SYNC.format(token).encode(), auth=auth, verify=False,
                      headers={"Depth": "1"}, timeout=60)
    assert r.status_code == 207, r.text[:300]
    return time.perf_counter() - started, len(r.content), r.text


def start_radicale(folder: Path, cards: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    """Radicale on 127.0.0.1 with the same cards as files; it is installed into the environment on first use."""
    try:
        import radicale  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "radicale"], check=True, timeout=300)
    book = folder / "collection-root" / "olga" / "contacts"
    book.mkdir(parents=True)
    (book / ".Radicale.props").write_text('{"tag": "VADDRESSBOOK"}', encoding="utf-8")
    for i, text in enumerate(cards):
        (book / f"c{i}.vcf").write_text(text, encoding="utf-8")
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = folder / "config"
    config.write_text(f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n[storage]\nfilesystem_folder = "
                      f"{folder}\n[logging]\nlevel = warning\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            return proc, f"http://127.0.0.1:{port}"
        except requests.ConnectionError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("Radicale did not start")


@pytest.mark.timeout(1500)  # Radicale's first sync in batches of 10 takes minutes on a busy box
def test_first_sync_of_10000_contacts_and_the_next_after_one_change(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    timer = Timer(monkeypatch)
    server = DavServer(tmp_path / "server")
    server.add_user("olga", "olga-pass-1", "manager")
    server.start()
    radicale: subprocess.Popen[bytes] | None = None
    try:
        office = server.server.offices[""]
        olga = server.call(office.users.get, "olga")
        clock = Clock()
        recs = []
        for chunk_start in range(0, CONTACTS, 1000):
            ops = []
            for fields in people(CONTACTS)[chunk_start:chunk_start + 1000]:
                rec = new_id()
                recs.append(rec)
                ops += ops_for_fields(rec, "contact", fields, clock_now=clock.now, dev="pc", user="olga")
            assert not server.call(office.hub.push, olga, ops).rejected
        load = os.getloadavg()
        auth = ("olga", "olga-pass-1")
        rows = []
        for batch in (10, 100):
            timer.total, timer.requests = 0.0, 0
            got = first_sync(server.url, "/dav/olga/contacts/", auth, batch)
            assert got["cards"] == CONTACTS and got["names"] == CONTACTS
            rows.append((f"ours, multiget of {batch}", timer.total, got["wall"], got["bytes"], timer.requests))
            token = got["token"]
        # One change on a PC, then the phone's next sync.
        server.call(office.hub.push, olga, ops_for_fields(recs[1234], "contact", {"phone": "+7 999 000-00-00"},
                                                          clock_now=clock.now, dev="pc", user="olga"))
        timer.total = 0.0
        took, size, text = next_sync(server.url, "/dav/olga/contacts/", auth, token)
        assert text.count("<D:response>") == 1 and recs[1234] in text
        ours_next = (timer.total, took, size)

        # The floor: the same 10,000 cards written by the formats module alone, no HTTP, no database.
        kd = Schema.builtin().kind("contact")
        start = time.perf_counter()
        cards = [vcard.to_vcard(kd, f, uid=f"c{i}") for i, f in enumerate(people(CONTACTS))]
        floor = time.perf_counter() - start

        peer_rows = []
        radicale, base = start_radicale(tmp_path / "radicale", cards)
        for batch in (10, 100):
            got = first_sync(base, "/olga/contacts/", ("olga", "x"), batch)
            assert got["cards"] == CONTACTS
            peer_rows.append((f"Radicale, multiget of {batch}", got["wall"], got["bytes"]))
            token = got["token"]
        path = tmp_path / "radicale" / "collection-root" / "olga" / "contacts" / "c1234.vcf"
        path.write_text(cards[1234].replace("Менеджер", "Директор"), encoding="utf-8")
        peer_next = next_sync(base, "/olga/contacts/", ("olga", "x"), token)
        print(f"\n[dav] load {load[0]:.2f} {load[1]:.2f}; {CONTACTS} contacts, first sync as DAVx5 does it")
        for name, server_s, wall, size, n in rows:
            print(f"[dav] {name}: server {server_s:.2f} s, wall {wall:.2f} s, {size / 1e6:.1f} MB, {n} requests "
                  f"(target: within 10 s of server time)")
        for name, wall, size in peer_rows:
            print(f"[dav] {name}: wall {wall:.2f} s, {size / 1e6:.1f} MB")
        print(f"[dav] floor: the formats module writing the {CONTACTS} cards alone: {floor:.2f} s")
        print(f"[dav] next sync after one PC change: ours server {ours_next[0] * 1000:.1f} ms, wall "
              f"{ours_next[1] * 1000:.1f} ms, {ours_next[2]} bytes (1 item)" + (
                  f"; Radicale wall {peer_next[0] * 1000:.1f} ms, {peer_next[1]} bytes" if peer_rows else ""))
        assert all(r[1] < 10 for r in rows)
    finally:
        if radicale is not None:
            radicale.terminate()
            radicale.wait(10)
        server.stop()
