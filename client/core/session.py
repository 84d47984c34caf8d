"""Log a PC in to the office server: pin its certificate, keep a token (never the password), first sync."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

from client.core.errors import ChooseCompany, ClientError, NotLoggedIn
from client.core.i18n import _
from client.core.replica import Replica
from client.core.sync import Progress, check_epoch, on_server, open_connection, run_on_server, sync_once


async def login_async(replica: Replica, address: str, user: str, password: str, *,
                      fingerprint: str | None = None, progress: Progress | None = None,
                      company: str | None = None) -> dict[str, Any]:
    """Log in to `company` (its name or part of it) on a server of several; without one, the company this copy
    holds, or the server's only one."""
    same_server = replica.meta("server") == address
    pinned = fingerprint or (replica.meta("fingerprint") if same_server else None)
    conn = await open_connection(replica, address, pinned, company=company)
    try:
        offered = [str(c.get("name", "")) for c in conn.server_info.get("companies") or [] if isinstance(c, dict)]
        held = replica.meta("company") is not None or replica.meta("server_id") == conn.server_info.get("server_id")
        if not company and not held and len(offered) > 1:
            raise ChooseCompany(_("this server holds several companies: choose yours ({names})").format(
                names=", ".join(offered)), offered)
        reply = await conn.request("login", user=user, password=password, device=replica.device,
                                   device_name=socket.gethostname())
        server_id = conn.server_info.get("server_id")
        if replica.meta("server_id") not in (None, server_id) and replica.meta("snapshot_done"):
            raise ClientError(_("this profile holds another office's data; use a new --profile folder for this "
                                "server"))
        check_epoch(replica, conn.server_info.get("epoch"))
        replica.set_metas({"server": address, "fingerprint": conn.fingerprint, "server_id": server_id,
                           "server_name": conn.server_info.get("server", ""), "token": reply["token"],
                           "company": conn.server_info.get("company", ""),
                           "user": reply["user"], "role": reply["role"], "rules": reply.get("rules"),
                           "group_mates": reply.get("group_mates")})
        await sync_once(conn, replica, progress)
        return {"user": reply["user"], "role": reply["role"], "fingerprint": conn.fingerprint,
                "server": conn.server_info.get("server", "")}
    finally:
        await conn.close()


def login(profile: Path | Replica, address: str, user: str, password: str, *, fingerprint: str | None = None,
          progress: Progress | None = None, company: str | None = None) -> dict[str, Any]:
    """Blocking login (run it off the UI thread). Pass the window's Replica so its listeners hear the first sync."""
    replica = profile if isinstance(profile, Replica) else Replica(profile)
    try:
        return asyncio.run(login_async(replica, address, user, password, fingerprint=fingerprint,
                                       progress=progress, company=company))
    finally:
        if not isinstance(profile, Replica):
            replica.close()


async def move_async(replica: Replica, address: str) -> None:
    """The office server this PC is logged in to answers at `address` now (another port, another PC): use it
    from here on. Its certificate must be the one pinned at login, so a stranger at that address is refused."""
    pinned = replica.meta("fingerprint")
    if not pinned or not replica.meta("token"):
        raise NotLoggedIn(_("this PC is not logged in to an office server; log in first"))
    conn = await open_connection(replica, address, str(pinned))  # another certificate: CertificateChanged
    try:
        if conn.server_info.get("server_id") not in (None, replica.meta("server_id")):
            raise ClientError(_("another office's server answers at {address}").format(address=address))
    finally:
        await conn.close()
    replica.set_meta("server", address)


async def sync_now_async(replica: Replica, progress: Progress | None = None, *, timeout: float = 5.0) -> None:
    await on_server(replica, lambda conn: sync_once(conn, replica, progress), timeout=timeout)


def logout(replica: Replica) -> None:
    """Forget this PC's token (the server revokes it when reachable); data stays for offline reading."""
    try:
        run_on_server(replica, lambda conn: conn.request("logout"), timeout=3)
    except ClientError:
        pass
    replica.set_meta("token", None)
