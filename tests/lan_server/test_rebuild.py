"""The server PC is lost and there is no backup: the office is rebuilt from the administrator's PC copy, the PCs
log in again trusting the new certificate knowingly (in the window too), send back what they hold, and the office
ends with the union of their data; document numbers go on past the ones already printed."""

from __future__ import annotations

import shutil
from pathlib import Path

from client.core.replica import Replica
from client.ui.login_dialog import LoginDialog
from client.ui.qt import Qt
from tests.servers import ADMIN_PASSWORD, ServerProcess, client

NEW_PASSWORD = "rebuilt-pass-1"


def test_an_office_rebuilt_from_the_pcs_loses_nothing(qtbot, tmp_path: Path) -> None:
    old = ServerProcess(tmp_path / "old-server").start()
    admin_pc, olga_pc = tmp_path / "admin-pc", tmp_path / "olga-pc"
    try:
        old.add_user("olga", "olga-pass-1")
        assert client(admin_pc, "login", old.address, "--user", "admin", "--password", ADMIN_PASSWORD).returncode == 0
        assert client(olga_pc, "login", old.address, "--user", "olga", "--password", "olga-pass-1").returncode == 0
        assert client(admin_pc, "add", "contact", "name=Вера Админова").returncode == 0
        invoice = client(admin_pc, "add", "invoice", "date=2026-11-20").stdout.strip()
        first = client(admin_pc, "number", "invoice", "--doc", invoice)
        assert first.returncode == 0, first.stderr
        assert client(olga_pc, "add", "contact", "name=Клиент Ольги").returncode == 0
        assert client(admin_pc, "sync").returncode == 0
    finally:
        old.kill()  # the server PC dies ...
    shutil.rmtree(tmp_path / "old-server")  # ... with its disk, and there is no backup
    assert client(olga_pc, "add", "contact", "name=Набрано без связи", "--offline").returncode == 0

    new_dir = tmp_path / "new-server"
    rebuilt = ServerProcess(new_dir, fresh=False).manage(
        "rebuild", str(new_dir), "--from-replica", str(admin_pc), "--admin-password", NEW_PASSWORD)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "was rebuilt" in rebuilt.stdout and "new certificate fingerprint: SHA256:" in rebuilt.stdout
    fingerprint = rebuilt.stdout.split("new certificate fingerprint: ")[1].split()[0]
    server = ServerProcess(new_dir, fresh=False, port=old.port).start()  # the new PC at the office's address
    try:
        server.add_user("olga", "olga-pass-2")  # users come back by the administrator's hand (no passwords kept)
        # The admin's window: the same address shows another certificate; the user is told, and trusts it knowingly.
        replica = Replica(admin_pc)
        try:
            dialog = LoginDialog(replica, discover=False)
            qtbot.addWidget(dialog)
            dialog.address.setText(server.address)
            dialog.user.setText("admin")
            dialog.password.setText(NEW_PASSWORD)
            qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.trust_new.isVisibleTo(dialog), timeout=10000)
            assert "different certificate" in dialog.message.text() and fingerprint in dialog.trust_why.text()
            dialog.trust_new.setChecked(True)
            with qtbot.waitSignal(dialog.accepted, timeout=15000):
                qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
            assert replica.meta("fingerprint") == fingerprint
        finally:
            replica.close()
        # Olga's PC from the command line: refused until she names the new fingerprint, then it sends it all back.
        refused = client(olga_pc, "login", server.address, "--user", "olga", "--password", "olga-pass-2")
        assert refused.returncode == 5 and "different certificate" in refused.stderr
        back = client(olga_pc, "login", server.address, "--user", "olga", "--password", "olga-pass-2",
                      "--fingerprint", fingerprint)
        assert back.returncode == 0, back.stderr
        assert client(olga_pc, "sync").returncode == 0
        fresh = tmp_path / "new-pc"
        assert client(fresh, "login", server.address, "--user", "admin", "--password", NEW_PASSWORD).returncode == 0
        names = client(fresh, "list", "contact").stdout
        assert all(n in names for n in ("Вера Админова", "Клиент Ольги", "Набрано без связи")), names
        later = client(fresh, "add", "invoice", "date=2026-11-23").stdout.strip()
        second = client(fresh, "number", "invoice", "--doc", later)
        assert second.returncode == 0 and second.stdout.strip() != first.stdout.strip()
        digits = lambda text: int("".join(ch for ch in text if ch.isdigit()) or 0)  # noqa: E731
        assert digits(second.stdout) > digits(first.stdout)  # no number printed before is handed out again
    finally:
        server.stop()
