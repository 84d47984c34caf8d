"""The talk's commands against a real server: comment, comments, ack, message, messages, notifications (listed,
marked read, followed live), feed, follow; a message to a colleague whose PC is off reaches it when it connects."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.servers import ROOT, ServerProcess, client, env, reap


def _login(server: ServerProcess, pc: Path, user: str, password: str) -> None:
    r = client(pc, "login", server.address, "--user", user, "--password", password)
    assert r.returncode == 0, r.stderr


def test_comments_and_acknowledgment_from_the_command_line(office_server: ServerProcess, tmp_path: Path) -> None:
    office_server.add_user("olga", "olga-pass-1", full_name="Ольга Петрова")
    admin_pc, olga_pc = tmp_path / "admin", tmp_path / "olga"
    _login(office_server, admin_pc, "admin", "admin-pass-1")
    _login(office_server, olga_pc, "olga", "olga-pass-1")
    rec = client(admin_pc, "add", "contact", "name=Орлова Анна").stdout.strip()
    scan = tmp_path / "скан.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    r = client(admin_pc, "comment", rec, "@Ольга, позвони Орловой до пятницы", "--file", str(scan))
    assert r.returncode == 0, r.stderr
    first = r.stdout.strip()
    notes = json.loads(client(olga_pc, "notifications", "--json").stdout)
    assert [(n["id"], n["type"], n["from"], n["record"]) for n in notes] == [(first, "mention", "admin", rec)]
    answer = client(olga_pc, "comment", rec, "Позвонила", "--reply-to", first).stdout.strip()
    assert client(olga_pc, "ack", first).returncode == 0
    thread = json.loads(client(admin_pc, "comments", rec, "--json").stdout)
    assert [c["id"] for c in thread] == [first, answer]
    assert thread[0]["files"][0]["name"] == "скан.pdf" and thread[0]["files"][0]["size"] == 13
    assert [(x["user"], x["ack"] is not None) for x in thread[0]["read_by"]] == [("olga", True)]  # the author sees
    assert thread[1]["quote"] == "@olga, позвони Орловой до пятницы" and thread[1]["author"] == "olga"
    assert [n["type"] for n in json.loads(client(admin_pc, "notifications", "--json").stdout)] == ["reply"]
    text = client(admin_pc, "--lang", "ru", "comments", rec).stdout
    assert "ознакомлен(а): Ольга Петрова" in text and "файл: скан.pdf (1 КБ)" in text
    big = tmp_path / "большой.bin"
    big.write_bytes(b"x" * (3 * 1024 * 1024 + 1))
    r = client(admin_pc, "--lang", "ru", "comment", rec, "ещё", "--file", str(big))
    assert r.returncode == 6 and "не больше 3 МБ" in r.stderr
    r = client(admin_pc, "comments", "no-such-record")
    assert r.returncode == 6 and "no record" in r.stderr
    feed = json.loads(client(olga_pc, "feed", "--json").stdout)
    assert {("comment", "Орлова Анна")} <= {(i["type"], i["title"]) for i in feed}  # she commented: she follows it
    assert client(olga_pc, "unfollow", rec).returncode == 0
    assert not [i for i in json.loads(client(olga_pc, "feed", "--json").stdout) if i["record"] == rec]


def test_a_message_to_a_colleague_who_is_offline_arrives_when_their_pc_connects(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server").start()
    try:
        server.add_user("olga", "olga-pass-1", full_name="Ольга Петрова")
        admin_pc, olga_pc = tmp_path / "admin", tmp_path / "olga"
        _login(server, admin_pc, "admin", "admin-pass-1")
        _login(server, olga_pc, "olga", "olga-pass-1")
        server.stop()
        # Written while the server is down: kept on the admin's PC and said so.
        r = client(admin_pc, "message", "Ольга Петрова", "Зайди ко мне в 15:00")
        assert r.returncode == 0 and "will be sent when the server is reachable" in r.stderr
        mid = r.stdout.strip()
        assert client(admin_pc, "message", "all", "Обед в 13:00", "--offline").returncode == 0
        server.start()
        assert client(admin_pc, "sync").returncode == 0  # the admin's PC reconnects and sends them
        # Olga's PC connects afterwards and is told at once.
        follow = subprocess.Popen([sys.executable, "-m", "client", "--profile", str(olga_pc), "notifications",
                                   "--follow", "--count", "1", "--seconds", "30"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
        try:
            assert follow.stderr is not None and "watching" in follow.stderr.readline()
            notes = json.loads(client(olga_pc, "notifications", "--json", "--offline").stdout)
            assert [(n["id"], n["type"], n["from"]) for n in notes][:1] == [(mid, "message", "admin")]
            assert {n["type"] for n in notes} == {"message", "channel"}
            # ... and one written while she is connected comes as it happens.
            sent_at = time.time()
            assert client(admin_pc, "message", "olga", "Ещё одно").returncode == 0
            out, err = follow.communicate(timeout=30)
            lines = [json.loads(line) for line in out.splitlines()]
            assert [x["text"] for x in lines] == ["Ещё одно"], (out, err)
            assert lines[0]["received_at"] - sent_at < 5
        finally:
            reap(follow)
        messages = json.loads(client(olga_pc, "messages", "--json", "--read").stdout)
        assert [(m["from"], m["to"], m["unread"]) for m in messages] == [
            ("admin", "olga", True), ("admin", "all", True), ("admin", "olga", True)]
        assert client(olga_pc, "notifications").stderr.strip() == "nothing unread"
        mine = json.loads(client(admin_pc, "messages", "--json", "--with", "olga").stdout)
        assert [m["read_by_them"] for m in mine] == [True, True]  # her PC's read mark reached the author
        r = client(admin_pc, "message", "nobody", "?")
        assert r.returncode == 6 and "no colleague called 'nobody'" in r.stderr
    finally:
        server.kill()
