"""A running office server with its DAV routes, and a phone's view of it (plain HTTP requests, Basic auth)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
import urllib3

from lan_server.records import hlc
from lan_server.records.ops import Op, new_id, ops_for_fields
from lan_server.rights import Rule
from tests.lan_server.web.dav.davserver import DavServer

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
PASSWORDS = {"olga": "olga-pass-1", "ivan": "ivan-pass-1", "vera": "vera-pass-1", "petr": "petr-pass-1"}


class Phone:
    """What a phone's Contacts or Calendar app sends: HTTP with Basic auth to the office's address."""

    def __init__(self, base: str, login: str, password: str) -> None:
        self.base, self.auth = base, (login, password)
        self.session = requests.Session()

    def request(self, method: str, path: str, body: str | bytes | None = None, **headers: str) -> requests.Response:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return self.session.request(method, self.base + path, data=data, headers=headers, auth=self.auth,
                                    verify=False, allow_redirects=False, timeout=30)

    def sync(self, folder: str, token: str = "", props: str = "<D:getetag/>") -> tuple[requests.Response, str]:
        body = (f'<D:sync-collection xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav" '
                f'xmlns:CAL="urn:ietf:params:xml:ns:caldav"><D:sync-token>{token}</D:sync-token>'
                f"<D:sync-level>1</D:sync-level><D:prop>{props}</D:prop></D:sync-collection>")
        r = self.request("REPORT", f"/dav/{self.auth[0]}/{folder}/", body, **{"Content-Type": "application/xml"})
        found = re.search(r"<D:sync-token>(.*?)</D:sync-token>", r.text)
        return r, found.group(1) if found else ""

    def multiget(self, folder: str, names: list[str], version: str = "") -> requests.Response:
        book = folder == "contacts"
        data = (f'<C:address-data content-type="text/vcard" version="{version}"/>' if version else
                "<C:address-data/>") if book else "<C:calendar-data/>"
        ns = "urn:ietf:params:xml:ns:carddav" if book else "urn:ietf:params:xml:ns:caldav"
        root = "addressbook-multiget" if book else "calendar-multiget"
        hrefs = "".join(f"<D:href>/dav/{self.auth[0]}/{folder}/{n}</D:href>" for n in names)
        return self.request("REPORT", f"/dav/{self.auth[0]}/{folder}/",
                            f'<C:{root} xmlns:D="DAV:" xmlns:C="{ns}"><D:prop><D:getetag/>{data}</D:prop>{hrefs}'
                            f"</C:{root}>")


def hrefs(text: str) -> list[str]:
    return re.findall(r"<D:href>[^<]*/([^/<]+)</D:href>", text)


def gone(text: str) -> list[str]:
    return re.findall(r"<D:href>[^<]*/([^/<]+)</D:href><D:status>HTTP/1.1 404", text)


class Office:
    """The server and what its PCs do to it: their edits are pushes through the hub, as a PC's are."""

    def __init__(self, server: DavServer) -> None:
        self.server = server
        self.clock = hlc.Clock()
        main = server.server.offices[""]
        self.hub, self.store, self.users = main.hub, main.store, main.users
        self.phones: list[Phone] = []

    def user(self, name: str) -> Any:
        return self.server.call(self.users.get, name)

    def push(self, user: str, ops: list[Op]) -> Any:
        result = self.server.call(self.hub.push, self.user(user), ops)
        assert not result.rejected, result.rejected
        return result

    def add(self, user: str, kind: str, **fields: Any) -> str:
        rec = new_id()
        self.push(user, ops_for_fields(rec, kind, fields, clock_now=self.clock.now, dev="pc-" + user, user=user))
        return rec

    def edit(self, user: str, rec: str, kind: str, **fields: Any) -> None:
        self.push(user, ops_for_fields(rec, kind, fields, clock_now=self.clock.now, dev="pc-" + user, user=user))

    def get(self, rec: str) -> Any:
        return self.server.call(self.store.get, rec)

    def phone(self, login: str, password: str | None = None) -> Phone:
        made = Phone(self.server.url, login, PASSWORDS[login] if password is None else password)
        self.phones.append(made)
        return made


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    server = DavServer(tmp_path / "server")
    from lan_server.app import DB_FILE
    from lan_server.records import Store
    from lan_server.rights import Rights
    store = Store.open(server.data_dir / DB_FILE, search=False)
    try:  # a role that reads and changes only its own contacts
        Rights(store).set_rule("sales", "contact", Rule(read="own", edit="own", create=True, delete="own"))
    finally:
        store.close()
    server.add_user("olga", PASSWORDS["olga"], "manager", full_name="Ольга Смирнова")
    server.add_user("ivan", PASSWORDS["ivan"], "manager")
    server.add_user("vera", PASSWORDS["vera"], "viewer")
    server.add_user("petr", PASSWORDS["petr"], "sales")
    server.start()
    made: Office | None = None
    try:
        made = Office(server)
        yield made
    finally:
        for phone in made.phones if made else []:
            phone.session.close()
        server.stop()
