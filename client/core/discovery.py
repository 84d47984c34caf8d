"""Find office servers: zeroconf browse (a hint, never trust), the remembered server, a typed-in address."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from typing import Any

from zeroconf import IPVersion, ServiceBrowser, ServiceListener, Zeroconf

SERVICE_TYPE = "_organizer._tcp.local."


@dataclass(frozen=True)
class FoundServer:
    name: str
    host: str
    port: int
    fingerprint: str = ""
    server_id: str = ""

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


class _Collector(ServiceListener):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.names.add(name)

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.names.add(name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.names.discard(name)


def _prop(props: dict[Any, Any], key: str) -> str:
    value = props.get(key.encode()) or props.get(key)
    return value.decode() if isinstance(value, bytes) else str(value or "")


def browse(timeout: float = 2.0, *, interfaces: list[str] | None = None) -> list[FoundServer]:
    """Servers announced on the LAN within `timeout` seconds. `interfaces` limits where we listen."""
    zc = Zeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only) if interfaces else \
        Zeroconf(ip_version=IPVersion.V4Only)
    collector = _Collector()
    found: dict[str, FoundServer] = {}
    try:
        browser = ServiceBrowser(zc, SERVICE_TYPE, collector)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name in list(collector.names):
                if name in found:
                    continue
                info = zc.get_service_info(SERVICE_TYPE, name, timeout=500)
                if info is None or not info.addresses:
                    continue
                host = socket.inet_ntoa(info.addresses[0])
                label = name[:-len(SERVICE_TYPE) - 1] if name.endswith(SERVICE_TYPE) else name
                found[name] = FoundServer(label, host, int(info.port or 0), _prop(info.properties, "fp"),
                                          _prop(info.properties, "id"))
            if found and len(found) == len(collector.names):
                # Keep listening a little for a second server, but not the whole timeout.
                deadline = min(deadline, time.monotonic() + 0.3)
            time.sleep(0.05)
        browser.cancel()
    finally:
        zc.close()
    return sorted(found.values(), key=lambda s: s.name)
