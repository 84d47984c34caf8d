"""A PC's login to its office server, and following that server to another address (run.sh --port N) without
logging in again: only the same server (its pinned certificate) is taken there."""

from __future__ import annotations

from pathlib import Path

from lan_server import app
from tests.servers import ADMIN_PASSWORD, ServerProcess, client


def test_the_pc_follows_its_server_to_another_port_and_refuses_a_stranger(tmp_path: Path) -> None:
    first = ServerProcess(tmp_path / "office").start()
    pc = tmp_path / "pc"
    try:
        assert client(pc, "login", first.address, "--user", "admin", "--password", ADMIN_PASSWORD).returncode == 0
        assert client(pc, "add", "contact", "name=Вера").returncode == 0
    finally:
        first.stop()
    moved = ServerProcess(tmp_path / "office", fresh=False).start()  # the same office, another port
    app.init(tmp_path / "other-office", ADMIN_PASSWORD, "Другой офис")  # its own certificate (the suite's servers
    stranger = ServerProcess(tmp_path / "other-office", fresh=False).start()  # are copies of one)
    try:
        assert moved.address != first.address
        assert client(pc, "sync").returncode == 3  # nobody at the old port
        refused = client(pc, "server", stranger.address)
        assert refused.returncode == 5 and "different certificate" in refused.stderr, refused.stderr
        followed = client(pc, "server", moved.address)
        assert followed.returncode == 0 and moved.address in followed.stdout, followed.stderr
        assert client(pc, "add", "contact", "name=Ольга").returncode == 0
        assert client(pc, "sync").returncode == 0
        fresh = tmp_path / "another-pc"
        assert client(fresh, "login", moved.address, "--user", "admin", "--password", ADMIN_PASSWORD).returncode == 0
        listed = client(fresh, "list", "contact").stdout
        assert "Вера" in listed and "Ольга" in listed
        nobody = client(tmp_path / "new-pc", "server", moved.address)
        assert nobody.returncode == 3 and "not logged in" in nobody.stderr
    finally:
        moved.stop()
        stranger.stop()
