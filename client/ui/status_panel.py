"""The status bar's own part: online or not (with the reason), edits waiting to be sent, the server, a warning
when this PC's clock is off, and, when the server let this PC go (a disabled login), why, with "Log in again"."""

from __future__ import annotations

from client.core.sync import SyncStatus
from client.ui.i18n import tr
from client.ui.qt import QLabel, QPushButton, QStatusBar

_COLORS = {"online": "#15803d", "offline": "#b45309", "syncing": "#2563eb", "connecting": "#2563eb",
           "login_needed": "#b91c1c"}


def clock_warning(offset_ms: int) -> str:
    """A warning when this PC's clock is off the server's by two minutes or more (its edits still get the
    office's time; reminders and dates shown use the PC's own clock)."""
    minutes = round(abs(offset_ms) / 60000)
    if minutes < 2:
        return ""
    text = tr("This PC's clock is fast by {0} min") if offset_ms < 0 else tr("This PC's clock is slow by {0} min")
    return "⚠ " + text.format(minutes)


def release_warning(gap: tuple[str, str] | None) -> str:
    """Which side to update when this PC and the office server are releases apart."""
    if gap is None:
        return ""
    side, release = gap
    text = tr("The office server is older: ask the administrator to update it to {0}") if side == "server" \
        else tr("The office server is newer ({0}): update this program")
    return "⚠ " + text.format(release)


class StatusPanel:
    def __init__(self, bar: QStatusBar) -> None:
        self.state = QLabel()
        self.outbox = QLabel()
        self.server = QLabel()
        self.clock = QLabel()
        self.clock.setStyleSheet("color: #b91c1c; font-weight: 600;")
        self.why = QLabel()  # the server's reason for letting this PC go, said where the eye falls
        self.why.setStyleSheet("color: #b91c1c;")
        self.why.setVisible(False)
        bar.addWidget(self.why, 1)
        self.login = QPushButton()  # the window connects it to its "Log in again…"
        self.login.setVisible(False)
        for w in (self.clock, self.login, self.state, self.outbox, self.server):
            bar.addPermanentWidget(w)

    def show(self, status: SyncStatus, clock_offset_ms: int, gap: tuple[str, str] | None = None) -> None:
        names = {"online": tr("Online"), "offline": tr("Offline"), "syncing": tr("Syncing…"),
                 "connecting": tr("Connecting…"), "login_needed": tr("Not logged in")}
        let_go = status.state == "login_needed"
        why = status.error or "" if let_go else ""
        self.why.setText(why[:1].upper() + why[1:])  # the server's reason is a clause: here it is a sentence
        self.why.setVisible(let_go)
        self.login.setText(tr("Log in again…"))
        self.login.setVisible(let_go)
        self.state.setText(f"● {names.get(status.state, status.state)}")
        self.state.setStyleSheet(f"color: {_COLORS.get(status.state, '#374151')}; font-weight: 600;")
        self.state.setToolTip(status.error or "")
        self.show_outbox(status.outbox)
        self.server.setText(f"{tr('Server')}: {status.server or tr('none')}")
        self.clock.setText("   ".join(w for w in (release_warning(gap), clock_warning(clock_offset_ms)) if w))

    def show_outbox(self, waiting: int) -> None:
        self.outbox.setText(f"{tr('Waiting to send')}: {waiting}")
