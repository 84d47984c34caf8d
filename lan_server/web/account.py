"""Logging in and out of the browser pages, and what the page learns about its session."""

from __future__ import annotations

import math
from typing import Any

from aiohttp import web

from lan_server.logins import LoginRefused
from lan_server.protocol import errors as codes
from lan_server.records.talk import Person
from lan_server.web.listener import web_of
from lan_server.web.requests import body_of, lang_of, refuse, text_of, visit_of
from lan_server.web.shown import person_name
from lan_server.web.visits import COOKIE, DEVICE_COOKIE, DEVICE_PREFIX, Visit, device_of, set_cookie

SESSION_COOKIE_DAYS = 30  # the server ends an idle session long before; the cookie only outlives a browser restart


async def companies(request: web.Request) -> web.Response:
    """The companies to choose from before logging in: names only, as a PC is told."""
    return web.json_response({"companies": web_of(request).server.listing()})


async def session_info(request: web.Request, visit: Visit) -> dict[str, Any]:
    hub = visit.office.hub
    who = await hub.call(hub.whoami, visit.user)
    name = person_name(Person(visit.user.name, visit.user.full_name), lang_of(request))
    return {**who, "full_name": name, "csrf": visit.csrf, "company": visit.office.key,
            "server": str(visit.office.config.get("name") or ""), "idle_s": int(web_of(request).visits.idle_s)}


async def login(request: web.Request) -> web.Response:
    web_ = web_of(request)
    body = await body_of(request)
    name, password = text_of(body, "user", 200).strip(), text_of(body, "password", 2000)
    try:
        office = await web_.office(text_of(body, "company", 200))
    except LookupError:
        raise refuse(404, "company") from None
    device, new_device = device_of(request)
    try:
        user = await web_.password_login(office, request, name, password, device)
    except LoginRefused as e:
        if e.code == codes.RATE_LIMITED:
            raise refuse(429, "rate_limited", wait=math.ceil(e.wait)) from None
        raise refuse(401, "wrong_password") from None
    agent = request.headers.get("User-Agent", "")
    visit = await web_.visits.begin(office, user, device, f"browser: {agent}")
    response = web.json_response(await session_info(request, visit))
    set_cookie(response, COOKIE, visit.cookie, max_age=SESSION_COOKIE_DAYS * 86400)
    if new_device:
        set_cookie(response, DEVICE_COOKIE, device.removeprefix(DEVICE_PREFIX), max_age=5 * 365 * 86400)
    return response


async def logout(request: web.Request) -> web.Response:
    visit = await visit_of(request)
    await web_of(request).visits.end(visit)
    response = web.json_response({})
    response.del_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="Strict")
    return response


async def session(request: web.Request) -> web.Response:
    return web.json_response(await session_info(request, await visit_of(request)))


def mount(app: web.Application) -> None:
    app.router.add_get("/api/companies", companies)
    app.router.add_post("/api/login", login)
    app.router.add_post("/api/logout", logout)
    app.router.add_get("/api/session", session)
