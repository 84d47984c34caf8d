"""The browser pages' routes: the page itself and its files, and the API its script calls."""

from __future__ import annotations

from aiohttp import web

from lan_server import certs
from lan_server.web import account, cards, day, live, sales, search, talk
from lan_server.web.assets import Assets
from lan_server.web.listener import Web

# Served at the top of the site: a service worker controls only the paths under its own, and browsers look for
# the manifest and icon where the page names them.
ROOT_FILES = ("sw.js", "manifest.webmanifest", "icon.svg")


def mount(app: web.Application, web_: Web) -> None:
    assets = Assets()

    async def page(request: web.Request) -> web.Response:
        return assets.answer(request, "index.html")

    async def static(request: web.Request) -> web.Response:
        return assets.answer(request, request.match_info["name"])

    async def root_file(request: web.Request) -> web.Response:
        return assets.answer(request, request.path.lstrip("/"))

    async def certificate(request: web.Request) -> web.Response:
        """The office's certificate (public, as every visitor receives it anyway), for a phone to install and
        trust: the pages then open offline and go to the home screen."""
        return web.Response(body=(web_.server.data_dir / certs.CERT_FILE).read_bytes(),
                            content_type="application/x-x509-ca-cert",
                            headers={"Content-Disposition": 'attachment; filename="office.crt"'})

    app.router.add_get("/", page)
    app.router.add_get("/office.crt", certificate)
    app.router.add_get("/static/{name}", static)
    for name in ROOT_FILES:
        app.router.add_get("/" + name, root_file)
    account.mount(app)
    live.mount(app)
    search.mount(app)
    cards.mount(app)
    day.mount(app)
    sales.mount(app)
    talk.mount(app)
