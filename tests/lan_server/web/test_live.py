"""An open page hears of a PC's change at once, and only of records its user may read."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Callable

from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess, client


def test_a_pcs_change_reaches_an_open_page_within_a_second(office_server: ServerProcess,
                                                           make_profile: Callable[..., Path]) -> None:
    pc = make_profile("pc")

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            async with v.live() as ws:
                assert "hello" in json.loads((await ws.receive(timeout=10)).data)
                r = await asyncio.to_thread(client, pc, "add", "contact", "name=Иван Live")
                assert r.returncode == 0, r.stderr
                made = time.monotonic()
                found = json.loads((await ws.receive(timeout=5)).data)
                assert "contact" in found["kinds"] and found["changed"], found
                assert time.monotonic() - made < 1.0
    run(visit())
