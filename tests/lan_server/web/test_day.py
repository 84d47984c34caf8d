"""My day from a browser: my open tasks and my events of the week with their reminder times, a task marked done
or moved as an edit like a PC's; and the page that shows a reminder whose time has come."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from lan_server.records import Record
from lan_server.web.day import reminder
from tests.lan_server.web.browser import browser, log_in, phone
from tests.lan_server.web.helpers import Visitor, run
from tests.servers import ServerProcess


def minutes(delta: timedelta) -> str:
    return (datetime.now().replace(second=0, microsecond=0) + delta).isoformat(timespec="minutes")


async def make(v: Visitor, kind: str, **values: Any) -> str:
    status, body, _ = await v.call("POST", "/api/records", {"kind": kind, "values": values})
    assert status == 200, body
    return str(body["id"])


def test_my_day_lists_my_open_tasks_and_events_and_done_or_moved_tasks_follow(office_server: ServerProcess) -> None:
    office_server.add_user("olga", "olga-pass-1")

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            soon = await make(v, "task", title="Позвонить", due=minutes(timedelta(hours=1)), remind_before=15)
            await make(v, "task", title="Уже сделано", due=minutes(timedelta(hours=1)), done=True)
            await make(v, "task", title="Чужая", due=minutes(timedelta(hours=1)), assignee="olga")
            await make(v, "task", title="Через месяц", due=minutes(timedelta(days=30)))
            await make(v, "event", title="Встреча", when=minutes(timedelta(days=2)), type="meeting")
            await make(v, "event", title="Вчерашняя", when=minutes(timedelta(days=-1)))
            status, day, _ = await v.call("GET", "/api/day")
            assert status == 200
            assert [r["title"] for r in day["rows"]] == ["Позвонить", "Встреча"]
            first = day["rows"][0]
            assert first["remind"] == minutes(timedelta(minutes=45)) and first["anchor"] == "due"
            moved = minutes(timedelta(days=3))
            assert (await v.call("POST", f"/api/record/{soon}", {"changes": {"due": moved}}))[0] == 200
            day = (await v.call("GET", "/api/day"))[1]
            assert day["rows"][-1]["title"] == "Позвонить" and day["rows"][-1]["at"] == moved
            assert (await v.call("POST", f"/api/record/{soon}", {"changes": {"done": True}}))[0] == 200
            day = (await v.call("GET", "/api/day"))[1]
            assert [r["title"] for r in day["rows"]] == ["Встреча"]
    run(visit())


def test_a_dismissed_reminder_is_not_planned_again() -> None:
    due = "2026-12-06T10:00"
    task = Record(id="t", kind="task", fields={"due": due, "remind_before": 30})
    assert reminder(task) == "2026-12-06T09:30"
    assert reminder(Record(id="t", kind="task", fields={**task.fields, "_dismissed": "2026-12-06T09:30"})) is None
    assert reminder(Record(id="e", kind="event", fields={"when": due, "remind_at": "2026-12-06T08:00"})) \
        == "2026-12-06T08:00"
    assert reminder(Record(id="t", kind="task", fields={"due": "not a date", "remind_before": 5})) is None


def test_the_open_page_shows_a_due_reminder_and_ok_dismisses_it(office_server: ServerProcess) -> None:
    async def fill() -> str:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            return await make(v, "task", title="Отправить счёт", due=minutes(timedelta(hours=1)),
                              remind_at=minutes(timedelta(minutes=-1)))
    task = run(fill())
    with browser(office_server.data_dir / "server.crt") as launched:
        page = phone(launched)
        log_in(page, office_server.web_url)
        page.wait_for_selector("#notice:has-text('Напоминание: Отправить счёт')")
        page.click("#notice button:has-text('OK')")
        page.goto(office_server.web_url + "#/day")
        page.wait_for_selector("h2:has-text('Сегодня')")

    async def look() -> Any:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            return (await v.call("GET", "/api/day"))[1]
    rows = {r["id"]: r for r in run(look())["rows"]}
    assert rows[task]["remind"] is None  # dismissed, as a PC's dismiss marks it
