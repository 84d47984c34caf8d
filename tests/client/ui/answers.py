"""Answering the window's questions as a user does: clicking a button of the message box it shows (its exec()
runs a loop of its own, so the click is queued before the box opens and looks for it while it is up)."""

from __future__ import annotations

import time

from client.ui.qt import QApplication, QMessageBox, QTimer


def answer(button: str, said: list[str] | None = None, timeout: float = 10.0) -> None:
    """Click the button labelled `button` on the next message box (its text goes into `said`). A box without that
    button is closed, so a test fails on what it asserts next instead of hanging."""
    deadline = time.monotonic() + timeout

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            if said is not None:
                said.append(f"{box.text()}\n{box.informativeText()}".strip())
            wanted = [b for b in box.buttons() if b.text().replace("&", "") == button]
            if wanted:
                wanted[0].click()
            else:
                box.reject()
            return
        if time.monotonic() < deadline:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
