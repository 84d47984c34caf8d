"""CardDAV and CalDAV for phones' own Contacts and Calendar apps, on the office's HTTPS listener."""

from __future__ import annotations

from typing import Any


def mount(app: Any, server: Any) -> Any:
    """Add the DAV routes to the listener's aiohttp Application: /.well-known/carddav, /.well-known/caldav and
    the /dav/ tree, every method. `server` is the running lan_server.app.Server (its companies and limiter)."""
    from lan_server.web.dav.site import DavSite
    site = DavSite(server)
    for path in ("/.well-known/carddav", "/.well-known/caldav"):
        app.router.add_route("*", path, site.well_known)
    app.router.add_route("*", "/dav", site.handle)
    app.router.add_route("*", "/dav/{tail:.*}", site.handle)
    return site
