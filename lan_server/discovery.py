"""Announce the server on the LAN over zeroconf as `_organizer._tcp`; clients treat it as a hint only."""

from __future__ import annotations

import socket
from typing import Any

from zeroconf import IPVersion, ServiceInfo
from zeroconf.asyncio import AsyncZeroconf

SERVICE_TYPE = "_organizer._tcp.local."


def _local_addresses() -> list[str]:
    import ifaddr
    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ip.ip.startswith("127."):
                found.append(ip.ip)
    return found or ["127.0.0.1"]


class Announcer:
    def __init__(self, name: str, port: int, *, interface: str | None, properties: dict[str, Any]) -> None:
        """`interface` None announces on every interface (an office LAN); an IP announces only there."""
        self.interface = interface
        addresses = [interface] if interface else _local_addresses()
        safe = "".join(ch if ch.isalnum() or ch in "-_ " else "-" for ch in name)[:50] or "organizer"
        self.info = ServiceInfo(
            SERVICE_TYPE, f"{safe}.{SERVICE_TYPE}", port=port,
            addresses=[socket.inet_aton(a) for a in addresses],
            properties={k: str(v) for k, v in properties.items()},
            server=f"{socket.gethostname() or 'organizer'}.local.",
        )
        self.zc: AsyncZeroconf | None = None

    async def start(self) -> None:
        interfaces: Any = [self.interface] if self.interface else None
        kwargs: dict[str, Any] = {"ip_version": IPVersion.V4Only}
        if interfaces:
            kwargs["interfaces"] = interfaces
        self.zc = AsyncZeroconf(**kwargs)
        await self.zc.async_register_service(self.info, allow_name_change=True)

    async def stop(self) -> None:
        if self.zc is not None:
            try:
                await self.zc.async_unregister_service(self.info)
            finally:
                await self.zc.async_close()
                self.zc = None
