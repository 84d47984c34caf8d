"""My day from a browser: my open tasks and my events of the week with their reminder times, a task marked done
or moved as an edit like a PC's; and the page that shows a reminder whose time has come."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

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


def test_repeating_tasks_snoozes_and_contracts_remind_as_on_a_pc(office_server: ServerProcess) -> None:
    """The PC's planner decides (lan_server/records/reminders.py): a daily task dismissed yesterday reminds at
    today's occurrence, a snoozed one at its snooze, a contract 14 days before its end at 9:00."""
    now = datetime.now().replace(second=0, microsecond=0)
    start = now - timedelta(days=3, minutes=1)  # a daily task begun three days ago, a minute earlier in the day
    today = now - timedelta(minutes=1)

    async def visit() -> None:
        async with Visitor(office_server.web_url, office_server.data_dir) as v:
            assert await v.login() == 200
            daily = await make(v, "task", title="Планёрка", due=start.isoformat(timespec="minutes"),
                               remind_before=0, repeat="daily")
            status, body, _ = await v.call("POST", f"/api/record/{daily}", {"changes": {
                "_dismissed": (today - timedelta(days=1)).isoformat(timespec="minutes")}})
            assert status == 200, body
            snoozed = await make(v, "task", title="Перезвонить", due=minutes(timedelta(hours=3)),
                                 remind_at=minutes(timedelta(minutes=-10)))
            assert (await v.call("POST", f"/api/record/{snoozed}", {"changes": {
                "_snoozed_until": minutes(timedelta(hours=1)),
                "_snoozed_for": minutes(timedelta(minutes=-10))}}))[0] == 200
            ends = (now + timedelta(days=20)).date()
            contract = await make(v, "contract", number="Д-5", valid_until=ends.isoformat())
            rows = {r["id"]: r for r in (await v.call("GET", "/api/day"))[1]["rows"]}
            assert rows[daily]["remind"] == today.isoformat(timespec="minutes")  # today's, not the first's
            assert rows[daily]["at"] == today.isoformat(timespec="minutes")
            assert rows[snoozed]["remind"] == minutes(timedelta(hours=1))
            assert rows[snoozed]["occurrence"] == minutes(timedelta(minutes=-10))
            when = datetime.combine(ends - timedelta(days=14), datetime.min.time()).replace(hour=9)
            assert rows[contract]["remind"] == when.isoformat(timespec="minutes")
            # OK on today's occurrence (what the page sends) leaves tomorrow's to come
            assert (await v.call("POST", f"/api/record/{daily}", {"changes": {
                "_dismissed": rows[daily]["occurrence"], "_snoozed_until": None}}))[0] == 200
            rows = {r["id"]: r for r in (await v.call("GET", "/api/day"))[1]["rows"]}
            assert rows[daily]["remind"] == (today + timedelta(days=1)).isoformat(timespec="minutes")
    run(visit())


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
