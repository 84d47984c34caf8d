"""First start with a server found on the network, and the status bar through an outage, against real servers."""

from __future__ import annotations

from pathlib import Path

from client.core.replica import Replica
from client.core.session import login
from client.core.sync import SyncEngine
from client.ui.login_dialog import LoginDialog
from client.ui.main_window import MainWindow
from client.ui.qt import Qt
from tests.servers import ServerProcess


def test_login_picks_a_server_announced_on_the_network(qtbot, tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server", discovery=True)
    replica = Replica(tmp_path / "pc")
    try:
        server.start()
        dialog = LoginDialog(replica, interfaces=["127.0.0.1"])  # listen on loopback only
        qtbot.addWidget(dialog)
        assert dialog.servers.item(0).text() == "Looking for servers…"

        def found() -> list[int]:
            return [i for i in range(dialog.servers.count())
                    if dialog.servers.item(i).data(Qt.ItemDataRole.UserRole) == server.address]
        qtbot.waitUntil(lambda: bool(found()), timeout=15000)
        item = dialog.servers.item(found()[0])
        assert "Test office" in item.text()
        dialog.servers.setCurrentItem(item)
        assert dialog.address.text() == server.address
        qtbot.keyClicks(dialog.user, "admin")
        qtbot.keyClicks(dialog.password, "admin-pass-1")
        with qtbot.waitSignal(dialog.accepted, timeout=15000):
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        assert replica.meta("token") and replica.meta("server") == server.address
        assert replica.meta("fingerprint") == server.fingerprint  # pinned from TLS, not from the announcement
    finally:
        replica.close()
        server.kill()


def test_login_to_nowhere_says_so_and_keeps_the_form(qtbot, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        dialog = LoginDialog(replica, discover=False)
        qtbot.addWidget(dialog)
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        assert "Fill in the server address" in dialog.message.text()
        dialog.address.setText("127.0.0.1:9")  # nothing listens there
        qtbot.keyClicks(dialog.user, "admin")
        qtbot.keyClicks(dialog.password, "admin-pass-1")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.login_button.isEnabled() and bool(dialog.message.text()), timeout=20000)
        assert dialog.result() != LoginDialog.DialogCode.Accepted and not replica.meta("token")
        assert dialog.address.text() == "127.0.0.1:9" and dialog.password.text() == "admin-pass-1"
    finally:
        replica.close()


def test_status_bar_through_a_server_outage(qtbot, office_server: ServerProcess, tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    login(replica, office_server.address, "admin", "admin-pass-1")
    window = MainWindow(replica)
    qtbot.addWidget(window)
    engine = SyncEngine(replica, on_status=window.bridge.emit_status, min_delay=0.1, max_delay=0.5)
    window.engine = engine
    other = Replica(tmp_path / "other")
    try:
        engine.start()
        qtbot.waitUntil(lambda: "Online" in window.state_label.text(), timeout=15000)
        assert office_server.address in window.server_label.text()
        office_server.stop()
        qtbot.waitUntil(lambda: "Offline" in window.state_label.text(), timeout=15000)

        window.new_record()
        window.card.editors["name"].widget.setText("Записан без связи")
        window.card.editors["name"].dirty = True
        assert window.card.save() is not None
        assert window.outbox_label.text().endswith(": 1")  # waiting to be sent, kept on disk

        office_server.restart()
        qtbot.waitUntil(lambda: "Online" in window.state_label.text(), timeout=20000)
        qtbot.waitUntil(lambda: window.outbox_label.text().endswith(": 0"), timeout=10000)
        login(other, office_server.address, "admin", "admin-pass-1")
        assert [r.fields["name"] for r in other.records("contact")] == ["Записан без связи"]
    finally:
        engine.stop()
        window.close()
        replica.close()
        other.close()


def test_a_disabled_user_s_pc_says_why_and_comes_back_after_a_new_login(qtbot, office_server: ServerProcess,
                                                                         tmp_path: Path) -> None:
    from client.ui import i18n
    from client.ui.qt import QApplication, QTimer
    from tests.client.ui.pcs import PC
    office_server.add_user("olga", "olga-pass-1")
    i18n.install(QApplication.instance(), "ru")
    pc = PC(qtbot, tmp_path / "olga", office_server.address, lang="ru", user="olga", password="olga-pass-1")
    panel = pc.window.status_panel
    try:
        qtbot.waitUntil(lambda: pc.engine.status.state == "online", timeout=15000)
        assert not panel.login.isVisible()
        assert office_server.manage("user", "disable", str(office_server.data_dir), "olga").returncode == 0
        qtbot.waitUntil(lambda: panel.login.isVisible(), timeout=15000)
        assert panel.state.text() == "● Нужен вход"
        assert panel.why.text().startswith("Администратор отключил вашу учётную запись"), panel.why.text()
        assert panel.login.text() == "Войти заново…"
        seen: list[str] = []
        pc.window.bridge.status.connect(lambda status: seen.append(status.state))
        qtbot.wait(1500)  # the PC keeps trying; each try is told the same reason, not "no connection"
        # ... and the reason stays in sight between tries (it flickered to «Подключение…» and an empty line)
        assert seen.count("login_needed") >= 2 and set(seen) == {"login_needed"}, seen
        assert "отключил" in panel.why.text()

        assert office_server.manage("user", "enable", str(office_server.data_dir), "olga").returncode == 0
        typed: list[str] = []

        def log_in() -> None:  # the login dialog runs a loop of its own: fill it in once it is up
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, LoginDialog):
                QTimer.singleShot(20, log_in)
                return
            typed.append(dialog.address.text())
            dialog.password.setText("olga-pass-1")
            dialog.login_button.click()
        QTimer.singleShot(0, log_in)
        qtbot.mouseClick(panel.login, Qt.MouseButton.LeftButton)
        assert typed == [office_server.address]  # the server is known: only the password is asked
        qtbot.waitUntil(lambda: panel.state.text() == "● На связи", timeout=15000)  # as the window shows it
        assert not panel.login.isVisible() and not panel.why.isVisible()
    finally:
        pc.close()
        i18n.install(QApplication.instance(), "en")
