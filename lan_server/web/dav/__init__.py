"""CardDAV and CalDAV for phones' own Contacts and Calendar apps, on the office's HTTPS listener."""

from __future__ import annotations

from typing import Any


def mount(app: Any, web_: Any) -> Any:
    """Add the DAV routes to the web port's aiohttp Application (lan_server/web/listener.py): /.well-known/carddav,
    /.well-known/caldav, the /dav/ tree (every method) and PROPFIND on the root. `web_` is the listener's Web:
    the server's companies and the password check every door shares."""
    from lan_server.web.dav.site import DavSite
    site = DavSite(web_)
    for path in ("/.well-known/carddav", "/.well-known/caldav"):
        app.router.add_route("*", path, site.well_known)
    # A client given only "https://office:7756/" asks the site's root who the user is (the pages' GET is not ours).
    app.router.add_route("PROPFIND", "/", site.handle)
    app.router.add_route("*", "/dav", site.handle)
    app.router.add_route("*", "/dav/{tail:.*}", site.handle)
    return site
