"""The browser pages' routes: the page itself and its files, and the API its script calls."""

from __future__ import annotations

from aiohttp import web

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

    app.router.add_get("/", page)
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
