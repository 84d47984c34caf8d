"""CardDAV and CalDAV over the office's HTTPS listener: discovery, PROPFIND, REPORT, GET, PUT, DELETE.

RFC 4918 (WebDAV), 6352 (CardDAV), 4791 (CalDAV), 6578 (sync-collection), 6764 (well-known addresses), 5397
(current-user-principal). Every request names its user in Basic auth; the database work of a request is one call
on the office's database thread; writing the answer happens on the loop.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from aiohttp import web

from lan_server.web.dav import davxml
from lan_server.web.dav.davxml import APPLE, CALDAV, CARDDAV, CS, DAV, BadXml, clark
from lan_server.web.dav.folders import FOLDERS, ROOT, Folder, Target, folder_path, home_path, item_path, parse_path
from lan_server.web.dav.login import Doorman, Login, Refused
from lan_server.web.dav.query import matches_calendar, matches_card, version_asked
from lan_server.web.dav.view import DavView, Item, Listing, TokenInvalid, parse_etags

ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT"
DAV_LEVELS = "1, 3, addressbook, calendar-access"
MAX_PUT = 2 * 1024 * 1024  # the web port's body limit; a phone's photo (a value under 1 MB) fits
RECORD_PAGE = "/#/r/"  # the browser page of one record (lan_server/web/static/app.js routes), same listener
_XML = "application/xml; charset=utf-8"


class Views:
    """Each company's DavView, made on its database thread the first time a phone asks."""

    def __init__(self) -> None:
        self.made: dict[str, DavView] = {}
        self._lock = asyncio.Lock()

    async def __call__(self, office: Any) -> DavView:
        view = self.made.get(office.key)
        if view is None:
            async with self._lock:
                view = self.made.get(office.key)
                if view is None:
                    view = self.made[office.key] = await office.hub.call(DavView, office.hub)
        return view


def _xml(body: bytes, status: int = 207) -> web.Response:
    return web.Response(body=body, status=status, content_type="application/xml", charset="utf-8",
                        headers={"DAV": DAV_LEVELS})


def _refusal(status: int, message: str, condition: str = "") -> web.Response:
    if condition:
        return _xml(davxml.error(condition, message=message), status)
    return web.Response(status=status, text=message + "\n", headers={"DAV": DAV_LEVELS})


class DavSite:
    def __init__(self, web_: Any) -> None:
        self.views = Views()
        self.doorman = Doorman(web_, self.views)

    # ---- entry points

    async def well_known(self, request: web.Request) -> web.StreamResponse:
        """RFC 6764: a client given only the server's address finds the DAV tree here."""
        raise web.HTTPMovedPermanently(ROOT)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if request.path == ROOT.rstrip("/"):
            raise web.HTTPMovedPermanently(ROOT)
        target = Target() if request.path == "/" else parse_path(request.rel_url.raw_path)
        if target is None:
            return _refusal(404, "nothing here")
        if request.method == "OPTIONS":  # clients probe before logging in
            return web.Response(headers={"DAV": DAV_LEVELS, "Allow": ALLOW})
        try:
            login = await self.doorman.login(request)
        except Refused as e:
            headers = {"WWW-Authenticate": 'Basic realm="Organizer", charset="UTF-8"'} if e.status == 401 else \
                {"Retry-After": str(e.retry_after)}
            return web.Response(status=e.status, text=e.message + "\n", headers={**headers, "DAV": DAV_LEVELS})
        if target.login and target.login != login.login:
            return _refusal(403, "each user reaches only their own address book and calendars")
        view = await self.views(login.office)
        method = {"PROPFIND": self.propfind, "REPORT": self.report, "GET": self.get, "HEAD": self.get,
                  "PUT": self.put, "DELETE": self.delete, "PROPPATCH": self.proppatch}.get(request.method)
        if method is None:
            return web.Response(status=405, headers={"Allow": ALLOW, "DAV": DAV_LEVELS})
        try:
            return await method(request, target, login, view)
        except BadXml as e:
            return _refusal(400, str(e))

    # ---- properties

    def _privileges(self, login: Login, folder: Folder) -> str:
        rights = login.office.hub.rights
        rules = [rights.rule(login.user, k) for k in folder.kinds]
        names = ["read"]
        if any(r.create for r in rules):
            names.append("bind")
        if any(r.edit != "none" for r in rules):
            names += ["write", "write-content", "write-properties"]
        if any(r.delete != "none" for r in rules):
            names.append("unbind")
        return "".join(f"<D:privilege><D:{n}/></D:privilege>" for n in names)

    def _home_props(self, login: Login) -> dict[str, Callable[[], str]]:
        home = davxml.href(home_path(login.login))
        return {
            clark(DAV, "resourcetype"): lambda: "<D:collection/><D:principal/>",
            clark(DAV, "displayname"): lambda: davxml.text(login.user.full_name or login.user.name),
            clark(DAV, "current-user-principal"): lambda: home,
            clark(DAV, "principal-URL"): lambda: home,
            clark(DAV, "owner"): lambda: home,
            clark(DAV, "principal-collection-set"): lambda: davxml.href(ROOT),
            clark(CARDDAV, "addressbook-home-set"): lambda: home,
            clark(CALDAV, "calendar-home-set"): lambda: home,
            clark(CALDAV, "calendar-user-address-set"): lambda: home,
            clark(DAV, "supported-report-set"): lambda: "",
            clark(DAV, "current-user-privilege-set"): lambda: "<D:privilege><D:read/></D:privilege>",
        }

    def _root_props(self, login: Login) -> dict[str, Callable[[], str]]:
        home = davxml.href(home_path(login.login))
        return {
            clark(DAV, "resourcetype"): lambda: "<D:collection/>",
            clark(DAV, "displayname"): lambda: "Organizer",
            clark(DAV, "current-user-principal"): lambda: home,
            clark(DAV, "principal-collection-set"): lambda: davxml.href(ROOT),
        }

    def _folder_props(self, login: Login, folder: Folder, token: str) -> dict[str, Callable[[], str]]:
        book = folder.is_book
        reports = ["sync-collection"] + (["C:addressbook-multiget", "C:addressbook-query"] if book else
                                         ["CAL:calendar-multiget", "CAL:calendar-query"])
        report_set = "".join(f"<D:supported-report><D:report>{'<' + r if ':' in r else '<D:' + r}/>"
                             f"</D:report></D:supported-report>" for r in reports)
        home = davxml.href(home_path(login.login))
        props: dict[str, Callable[[], str]] = {
            clark(DAV, "resourcetype"): lambda: "<D:collection/>" + ("<C:addressbook/>" if book else "<CAL:calendar/>"),
            clark(DAV, "displayname"): lambda: davxml.text(folder.label_ru),
            clark(CS, "getctag"): lambda: davxml.text(token),
            clark(DAV, "sync-token"): lambda: davxml.text(token),
            clark(DAV, "current-user-principal"): lambda: home,
            clark(DAV, "owner"): lambda: home,
            clark(DAV, "supported-report-set"): lambda: report_set,
            clark(DAV, "current-user-privilege-set"): lambda: self._privileges(login, folder),
        }
        if book:
            props[clark(CARDDAV, "supported-address-data")] = lambda: (
                '<C:address-data-type content-type="text/vcard" version="3.0"/>'
                '<C:address-data-type content-type="text/vcard" version="4.0"/>')
            props[clark(CARDDAV, "addressbook-description")] = lambda: davxml.text(folder.label_ru)
            props[clark(CARDDAV, "max-resource-size")] = lambda: str(MAX_PUT)
        else:
            props[clark(CALDAV, "supported-calendar-component-set")] = lambda: f'<CAL:comp name="{folder.component}"/>'
            props[clark(CALDAV, "supported-calendar-data")] = lambda: (
                '<CAL:calendar-data content-type="text/calendar" version="2.0"/>')
            props[clark(CALDAV, "calendar-description")] = lambda: davxml.text(folder.label_ru)
            props[clark(CALDAV, "max-resource-size")] = lambda: str(MAX_PUT)
            props[clark(APPLE, "calendar-color")] = lambda: folder.color
        return props

    def _item_props(self, view: DavView, item: Item, folder: Folder, listing_schema: Any, version: str,
                    link_base: str) -> dict[str, Callable[[], str]]:
        data_tag = clark(CARDDAV, "address-data") if folder.is_book else clark(CALDAV, "calendar-data")
        return {
            clark(DAV, "getetag"): lambda: davxml.text(item.etag),
            clark(DAV, "getcontenttype"): lambda: davxml.text(folder.media),
            clark(DAV, "resourcetype"): lambda: "",
            data_tag: lambda: davxml.text(view.render(item, folder, listing_schema, version=version,
                                                      link=link_base + RECORD_PAGE + item.record.id)),
        }

    @staticmethod
    def _asked(root: Element | None, default: Iterable[str]) -> tuple[list[str], bool]:
        """The properties a PROPFIND or REPORT asks for, and whether it asked for their names only."""
        if root is None:
            return list(default), False
        prop = root.find(clark(DAV, "prop"))
        if prop is not None:
            return [child.tag for child in prop], False
        if root.find(clark(DAV, "propname")) is not None:
            return list(default), True
        return list(default), False  # allprop, or a body with neither

    @staticmethod
    def _answer(path: str, props: dict[str, Callable[[], str]], asked: list[str], names_only: bool) -> str:
        found = [(t, "" if names_only else props[t]()) for t in asked if t in props]
        return davxml.response(path, found, [t for t in asked if t not in props])

    # ---- methods

    async def propfind(self, request: web.Request, target: Target, login: Login, view: DavView) -> web.Response:
        root = davxml.parse(await request.read())
        depth = request.headers.get("Depth", "1").strip().lower()
        deep = depth != "0"
        hub = login.office.hub
        if target.level == "root":
            props = self._root_props(login)
            asked, names = self._asked(root, props)
            out = [self._answer("/" if request.path == "/" else ROOT, props, asked, names)]
            if deep:
                home = self._home_props(login)
                out.append(self._answer(home_path(login.login), home, self._asked(root, home)[0], names))
            return _xml(davxml.multistatus(out))
        if target.level == "home":
            props = self._home_props(login)
            asked, names = self._asked(root, props)
            out = [self._answer(home_path(login.login), props, asked, names)]
            if deep:
                for each in FOLDERS.values():
                    token = await hub.call(view.token, login.user, each)
                    fprops = self._folder_props(login, each, token)
                    out.append(self._answer(folder_path(login.login, each), fprops,
                                            self._asked(root, self._default_folder(fprops))[0], names))
            return _xml(davxml.multistatus(out))
        folder = target.folder
        assert folder is not None
        version = version_asked(root, request.headers.get("Accept", ""))
        base = self._link_base(request)
        if target.level == "folder":
            listing: Listing | None = await hub.call(view.members, login.user, folder) if deep else None
            token = listing.token if listing is not None else await hub.call(view.token, login.user, folder)
            fprops = self._folder_props(login, folder, token)
            asked, names = self._asked(root, self._default_folder(fprops))
            out = [self._answer(folder_path(login.login, folder), fprops, asked, names)]
            if listing is not None:
                item_asked = self._asked(root, self._default_item(folder))[0]
                out += [self._answer(item_path(login.login, folder, it.name),
                                     self._item_props(view, it, folder, listing.schema, version, base), item_asked,
                                     names) for it in listing.items]
            return _xml(davxml.multistatus(out))
        found, schema = await hub.call(view.items, login.user, folder, [target.item])
        item = found[target.item]
        if item is None:
            return _refusal(404, "no such item")
        props = self._item_props(view, item, folder, schema, version, base)
        asked, names = self._asked(root, self._default_item(folder))
        return _xml(davxml.multistatus([self._answer(item_path(login.login, folder, item.name), props, asked,
                                                     names)]))

    @staticmethod
    def _default_folder(props: dict[str, Callable[[], str]]) -> list[str]:
        return list(props)

    @staticmethod
    def _default_item(folder: Folder) -> list[str]:
        return [clark(DAV, "getetag"), clark(DAV, "getcontenttype"), clark(DAV, "resourcetype")]

    @staticmethod
    def _link_base(request: web.Request) -> str:
        return f"https://{request.host}"

    async def report(self, request: web.Request, target: Target, login: Login, view: DavView) -> web.Response:
        root = davxml.parse(await request.read())
        if root is None:
            return _refusal(400, "a REPORT needs a body")
        folder = target.folder
        if folder is None or target.item:
            return _refusal(403, "reports are made on an address book or a calendar", clark(DAV, "supported-report"))
        hub = login.office.hub
        version = version_asked(root, request.headers.get("Accept", ""))
        base = self._link_base(request)
        asked, names = self._asked(root, self._default_item(folder))
        kind = root.tag
        if kind in (clark(CARDDAV, "addressbook-multiget"), clark(CALDAV, "calendar-multiget")):
            wanted: list[str] = []
            for h in root.findall(clark(DAV, "href")):
                t = parse_path(urlsplit((h.text or "").strip()).path)
                if t is not None and t.folder is folder and t.item and t.login == login.login:
                    wanted.append(t.item)
            found, schema = await hub.call(view.items, login.user, folder, wanted)
            out = []
            for name in wanted:
                item = found.get(name)
                if item is None:
                    out.append(davxml.response(item_path(login.login, folder, name), status=404))
                else:
                    out.append(self._answer(item_path(login.login, folder, name),
                                            self._item_props(view, item, folder, schema, version, base), asked,
                                            names))
            return _xml(davxml.multistatus(out))
        if kind in (clark(CALDAV, "calendar-query"), clark(CARDDAV, "addressbook-query")):
            listing = await hub.call(view.members, login.user, folder)
            test = matches_card if folder.is_book else matches_calendar
            filt = root.find(clark(CARDDAV, "filter") if folder.is_book else clark(CALDAV, "filter"))
            out = []
            for it in listing.items:
                if filt is not None and not test(filt, view.render(it, folder, listing.schema), view.zone):
                    continue
                out.append(self._answer(item_path(login.login, folder, it.name),
                                        self._item_props(view, it, folder, listing.schema, version, base), asked,
                                        names))
            return _xml(davxml.multistatus(out))
        if kind == clark(DAV, "sync-collection"):
            token_el = root.find(clark(DAV, "sync-token"))
            token = (token_el.text or "").strip() if token_el is not None else ""
            try:
                listing = await hub.call(view.changes, login.user, folder, token) if token else \
                    await hub.call(view.members, login.user, folder)
            except TokenInvalid as e:
                return _refusal(403, str(e), clark(DAV, "valid-sync-token"))
            out = [self._answer(item_path(login.login, folder, it.name),
                                self._item_props(view, it, folder, listing.schema, version, base), asked, names)
                   for it in listing.items]
            out += [davxml.response(item_path(login.login, folder, name), status=404) for name in listing.removed]
            return _xml(davxml.multistatus(out, f"<D:sync-token>{davxml.text(listing.token)}</D:sync-token>"))
        return _refusal(403, "this report is not supported here", clark(DAV, "supported-report"))

    async def get(self, request: web.Request, target: Target, login: Login, view: DavView) -> web.Response:
        folder = target.folder
        if folder is None or not target.item:
            what = "CardDAV/CalDAV of the office organizer: add this address to your phone's accounts"
            return web.Response(text=what + "\n", headers={"DAV": DAV_LEVELS})
        found, schema = await login.office.hub.call(view.items, login.user, folder, [target.item])
        item = found[target.item]
        if item is None:
            return _refusal(404, "no such item")
        version = version_asked(None, request.headers.get("Accept", ""))
        body = view.render(item, folder, schema, version=version,
                           link=self._link_base(request) + RECORD_PAGE + item.record.id)
        media = f"text/vcard; charset=utf-8; version={version}" if folder.is_book else folder.media
        return web.Response(body=b"" if request.method == "HEAD" else body.encode("utf-8"),
                            headers={"ETag": item.etag, "Content-Type": media, "DAV": DAV_LEVELS})

    async def put(self, request: web.Request, target: Target, login: Login, view: DavView) -> web.Response:
        folder = target.folder
        if folder is None or not target.item:
            return _refusal(405, "only an item can be written")
        if (request.content_length or 0) > MAX_PUT:
            return _refusal(413, "this item is too large")
        raw = await request.content.read(MAX_PUT + 1)
        if len(raw) > MAX_PUT:
            return _refusal(413, "this item is too large")
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            body = raw.decode("cp1251", errors="replace")
        outcome = await login.office.hub.call(
            view.put, login.user, login.device, folder, target.item, body, parse_etags(request.headers.get("If-Match")),
            parse_etags(request.headers.get("If-None-Match")))
        if outcome.status in (201, 204):
            # No ETag: what is stored is written anew, not the bytes the phone sent, so the phone reads it back.
            return web.Response(status=outcome.status, headers={"DAV": DAV_LEVELS})
        return _refusal(outcome.status, outcome.message, outcome.condition)

    async def delete(self, request: web.Request, target: Target, login: Login, view: DavView) -> web.Response:
        folder = target.folder
        if folder is None or not target.item:
            return _refusal(403, "address books and calendars stay; delete their items")
        outcome = await login.office.hub.call(view.delete, login.user, login.device, folder, target.item,
                                              parse_etags(request.headers.get("If-Match")))
        if outcome.status == 204:
            return web.Response(status=204, headers={"DAV": DAV_LEVELS})
        return _refusal(outcome.status, outcome.message, outcome.condition)

    async def proppatch(self, request: web.Request, target: Target, login: Login, view: DavView) -> web.Response:
        """Names and colors are the office's: each property a client tries to set is refused, the rest goes on."""
        root = davxml.parse(await request.read())
        tags = [child.tag for el in (root.iter() if root is not None else []) if el.tag == clark(DAV, "prop")
                for child in el]
        path = request.rel_url.raw_path
        return _xml(davxml.multistatus([davxml.response(path, forbidden=tags)]))
