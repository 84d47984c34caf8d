"""`python -m tools.tour --out DIR`: a day's work in the real window, on an X server of its own (Xvfb with openbox),
in Russian at 1366×768, against a real office server it starts on 127.0.0.1; writes a numbered screenshot of each
step and tour.txt saying what each shows. Everything it starts is stopped when it ends, also when a step fails."""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Generator

from tools import xdisplay

PASSWORD = "admin-pass-1"
OFFICE = "Офис на Ленина"
STEP_LIMIT = 60.0      # seconds one step may wait for the window
TOUR_LIMIT = 600.0     # seconds for the whole tour; then everything started is stopped


class TourError(RuntimeError):
    pass


@dataclass
class Wait:
    """What the tour waits for: `until()` true (its value is sent back to the script), within `limit` seconds."""
    what: str
    until: Callable[[], Any]
    limit: float = STEP_LIMIT


def pause(seconds: float) -> Wait:
    end = time.monotonic() + seconds
    return Wait(f"{seconds} s", lambda: time.monotonic() >= end, seconds + 5)


# ---- the office server, on 127.0.0.1 only

class Office:
    """`lan_server serve` on 127.0.0.1 and a fixed port (a restart keeps the PCs' address), announcing itself only on
    127.0.0.1."""

    def __init__(self, base: Path, lang: str) -> None:
        self.data = base / "server"
        self.env = {**os.environ, "ORGANIZER_LANG": lang}
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.address = f"127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[str] | None = None
        subprocess.run([sys.executable, "-m", "lan_server", "init", str(self.data), "--admin-password", PASSWORD,
                        "--name", OFFICE], check=True, capture_output=True, env=self.env, timeout=120)

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "lan_server", "serve", str(self.data), "--host", "127.0.0.1", "--port",
             str(self.port), "--no-web", "--discovery-interface", "127.0.0.1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=self.env)
        lines: queue.Queue[str] = queue.Queue()
        out = self.proc.stdout
        assert out is not None

        def read() -> None:
            for line in out:
                lines.put(line)
        threading.Thread(target=read, daemon=True).start()
        end, said = time.monotonic() + 60, []
        while time.monotonic() < end:
            try:
                said.append(lines.get(timeout=0.5))
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            if said[-1].startswith("listening on"):
                return
        self.stop()
        raise TourError("the office server did not start: " + "".join(said)[-2000:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None


# ---- the spreadsheet an office really brings

def messy_sheet(path: Path) -> Path:
    """A workbook as offices keep them: a title and a blank row above the headers, phones and dates written every
    which way, an empty row, a total at the bottom."""
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Клиенты"
    sheet.append(["Список клиентов отдела продаж на 01.12.2026"])
    sheet.append([])
    sheet.append(["Ф.И.О.", "Тел.", "E-mail", "Компания", "ИНН компании", "Д/р", "Город", "Комментарий"])
    for row in (
            ["Ковалёва Ирина Павловна", "8 (4822) 55-66-77", "irina@tverhleb.ru", "ООО «Тверской хлеб»",
             "6950012345", "5 мая 1990", "Тверь", "звонить после обеда"],
            ["Зайцев Олег", "89161234567", "oleg.z@mail.ru", "ООО «Тверской хлеб»", "6950012345", "31/12/75",
             "Тверь", ""],
            ["Белова Марина Игоревна", "+7 (495) 765-43-21 доб. 12", "belova@stroymarket.ru", "АО «Строймаркет»",
             "7705554433", "1978-03-08", "Москва", "главбух"],
            [],
            ["Орлов Денис", "916-555-44-33", "", "ИП Орлов Д. В.", "", "12.06.1985", "Клин", "новый клиент"],
            ["Итого: 4 клиента"]):
        sheet.append(row)
    book.save(path)
    return path


# ---- the script: a generator the event loop drives, step by step

def visible(kind: type) -> Any:
    from client.ui.qt import QApplication
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


class Tour:
    def __init__(self, out: Path, home: Path, office: Office, lang: str, short: bool) -> None:
        self.out, self.home, self.office, self.lang, self.short = out, home, office, lang, short
        self.shots: list[tuple[str, str]] = []
        self.error: BaseException | None = None
        self.trace = ""
        self.second: Any = None  # the second PC's desk
        self.second_replica: Any = None

    def shot(self, name: str, says: str) -> Generator[Wait, Any, None]:
        """Let the window settle, then the whole X screen as the user sees it (the window manager's frames too)."""
        from client.ui.qt import QApplication
        yield pause(0.6)
        screen = QApplication.primaryScreen()
        assert screen is not None
        number = f"{len(self.shots) + 1:02d}_{name}"
        whole = screen.grabWindow(0)  # type: ignore[arg-type]  # window 0: the whole screen
        if not whole.save(str(self.out / f"{number}.png")):
            raise TourError(f"could not write {number}.png")
        self.shots.append((number, says))

    def script(self) -> Generator[Wait, Any, None]:
        from client.ui.i18n import tr
        from client.ui.login_dialog import LoginDialog
        from client.ui.main_window import MainWindow
        from client.ui.qt import QApplication, Qt

        # First start: the program finds the office's server on the network and asks who is there.
        dialog = yield Wait("the login dialog", lambda: visible(LoginDialog))
        looking = tr("Looking for servers…")
        yield Wait("the look for servers on the network", lambda: dialog.servers.count()
                   and dialog.servers.item(0).text() != looking, 15)
        if dialog.servers.item(0).data(Qt.ItemDataRole.UserRole):
            dialog.servers.setCurrentRow(0)  # the office's server, as it announced itself
        else:
            dialog.address.setText(self.office.address)
        dialog.user.setText("admin")
        dialog.password.setText(PASSWORD)
        yield from self.shot("first_start", "First start: the office's server found on the network, the login asked")
        dialog.login_button.click()
        window = yield Wait("the main window online", lambda: (w := visible(MainWindow)) is not None
                            and w.engine is not None and w.engine.status.state == "online" and w, 60)
        window.showMaximized()
        yield from self.shot("first_window", "The window of a new office, online")

        # Entry by hand: a new contact typed into the card.
        window.select_kind("contact")
        window.act_new.trigger()
        self.type(window, "name", "Соколова Анна Викторовна")
        self.type(window, "phone", "8 916 700 12 34")
        self.type(window, "email", "anna.sokolova@example.ru")
        self.type(window, "city", "Тверь")
        yield from self.shot("entry_typing", "A contact typed in by hand, before saving")
        window.act_save.trigger()
        yield Wait("the contact saved and sent", lambda: window.replica.outbox_size() == 0
                   and window.model.rowCount() == 1)
        yield from self.shot("entry_saved", "Saved: in the list, sent to the server")
        contact = window.card.record.id

        if not self.short:
            yield from self.import_sheet(window)
            yield from self.letters(window)
            yield from self.invoice(window)
            yield from self.reminder(window)
            yield from self.second_pc(window, contact)

        # Offline: the server goes away; the PC keeps working and says so, and sends what was typed when it is back.
        self.office.stop()
        yield Wait("the window to notice the server is gone", lambda: window.engine.status.state != "online", 60)
        window.open_record(contact)
        self.type(window, "city", "Клин")
        window.act_save.trigger()
        yield Wait("the change waiting to be sent", lambda: window.replica.outbox_size() > 0)
        yield from self.shot("offline", "Offline: the change is kept on the PC, the status bar says no connection and "
                                        "how many changes wait")
        self.office.start()
        window.act_sync.trigger()  # «Синхронизировать», as the user would, instead of waiting for the next try
        yield Wait("the PC back online with nothing waiting", lambda: window.engine.status.state == "online"
                   and window.replica.outbox_size() == 0, 90)
        if self.second is not None:
            second = self.second.window
            yield Wait("the second PC to get the offline change", lambda: (
                r := second.replica.get(contact)) is not None and r.fields.get("city") == "Клин", 60)
            second.open_record(contact)
            second.raise_()
            second.activateWindow()
        yield from self.shot("back_online", "Back online: what was typed offline has reached the server (and the "
                                            "second PC)")
        QApplication.exit(0)

    def type(self, window: Any, key: str, text: str) -> None:
        """Typing into a field of the card, key by key (Cyrillic included)."""
        from PyQt6.QtGui import QKeyEvent

        from client.ui.qt import QApplication, QEvent, QLineEdit, Qt
        editor = window.card.editors[key].widget
        if not isinstance(editor, QLineEdit):
            raise TourError(f"{key} is not a line to type in")
        editor.setFocus()
        editor.selectAll()
        editor.del_()
        for ch in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))

    def import_sheet(self, window: Any) -> Generator[Wait, Any, None]:
        from client.ui.import_dialog import ImportDialog
        sheet = messy_sheet(self.home / "Documents" / "клиенты отдела продаж.xlsx")
        dialog = ImportDialog(window.replica, window, path=sheet, kind="contact", lang=self.lang)
        dialog.show()
        yield from self.shot("import_mapping", "Import of a messy workbook: the header found below the title, each "
                                               "column matched to a field")
        dialog.import_button.click()
        yield Wait("the import's report", lambda: dialog.report is not None, 60)
        yield from self.shot("import_done", "Imported: what came in, and what was left out and why")
        dialog.close()
        yield Wait("the imported contacts in the list", lambda: window.model.rowCount() >= 5)
        yield from self.shot("import_list", "The imported contacts and their organizations in the list")

    def letters(self, window: Any) -> Generator[Wait, Any, None]:
        window.select_kind("contact")
        dialog = window.open_letters()
        dialog.open_after = False
        index = dialog.template.findData("sample:Письмо клиенту")
        if index < 0:
            raise TourError("the sample letter is not offered")
        dialog.template.setCurrentIndex(index)
        yield from self.shot("letters", "Letters from a template to the contacts in the list, the first one previewed")
        dialog.write(self.home / "Documents" / "Письма")
        yield Wait("the letters written", lambda: dialog.merged is not None, 60)
        yield from self.shot("letters_made", "The letters made: where they are")
        dialog.close()

    def invoice(self, window: Any) -> Generator[Wait, Any, None]:
        from client.core.plugins import registry
        from lan_server.records.schema import REQUISITES_ID
        # The office's own details, typed once in Настройки > Реквизиты (not shown here).
        window.replica.add("requisites", {"name": "ООО «Офис на Ленина»", "inn": "6901234567", "kpp": "690101001",
                                          "address": "Тверь, ул. Ленина, 1", "bank": "ПАО «Банк»",
                                          "bik": "042809679", "account": "40702810963000001234",
                                          "director": "Кузнецова Н. А."}, rec_id=REQUISITES_ID)
        org = next((r.id for r in window.replica.records("organization") if "хлеб" in str(r.fields.get("name"))),
                   None)
        if org is None:
            raise TourError("the imported organization is missing")
        window.select_kind("invoice")
        window.act_new.trigger()
        card = window.card
        organization = card.editors["organization"].widget
        organization.setCurrentIndex(organization.findData(org))
        lines, payments = card.parts
        lines.add_button.click()
        yield Wait("the invoice's first line", lambda: lines.table.rowCount() == 1)
        self.cell(lines, 0, "description", "Обслуживание ПК, декабрь")
        self.cell(lines, 0, "qty", "1")
        self.cell(lines, 0, "price", "12 000")
        lines.add_button.click()
        yield Wait("the invoice's second line", lambda: lines.table.rowCount() == 2)
        self.cell(lines, 1, "description", "Картридж HP 85A")
        self.cell(lines, 1, "qty", "2")
        self.cell(lines, 1, "price", "3 900")
        yield Wait("the invoice numbered by the server", lambda: card.editors["number"].widget.text() != "", 30)
        payments.add_button.click()
        yield Wait("a payment row", lambda: payments.table.rowCount() == 1)
        self.cell(payments, 0, "amount", "10 000")
        yield Wait("the invoice partly paid", lambda: card.record is not None
                   and window.replica.get(card.record.id).fields.get("status") == "partly_paid", 30)
        yield from self.shot("invoice", "An invoice typed in the card: its lines, a part payment, the balance")
        action = next(x for x in registry().card_actions if x.label_en == "Bill to pay (Word)")
        card.open_files = False
        card.run_action(action)
        yield Wait("the bill made", lambda: card.last_opened is not None, 60)
        yield from self.shot("bill_made", "The bill to pay, made in one click: what and where")

    @staticmethod
    def cell(part: Any, row: int, key: str, text: str) -> None:
        col = [f.key for f in part.fields].index(key)
        part.table.item(row, col).setText(text)  # as typing into the cell and leaving it does

    def reminder(self, window: Any) -> Generator[Wait, Any, None]:
        from client.ui.reminder_popup import ReminderPopup
        window.select_kind("task")
        window.act_new.trigger()
        self.type(window, "title", "Позвонить Ковалёвой о счёте")
        self.type(window, "remind_at", datetime.now().strftime("%d.%m.%Y %H:%M"))  # this very minute
        assignee = window.card.editors.get("assignee")
        if assignee is not None and not assignee.widget.currentText():
            assignee.widget.setEditText(window.replica.user)
        window.act_save.trigger()
        popup = yield Wait("the reminder", lambda: visible(ReminderPopup), 60)
        yield from self.shot("reminder", "The reminder pops up on the assignee's PC")
        popup.list.setCurrentRow(0)
        popup.done_button.click()

    def second_pc(self, window: Any, contact: str) -> Generator[Wait, Any, None]:
        from client.core.replica import Replica
        from client.core.session import login
        from client.ui.admin_dialog import AdminDialog
        from client.ui.app import open_desk
        users = AdminDialog(window.replica, window)
        users.show()
        users.name.setText("olga")
        users.password.setText("olga-pass-1")
        users.role.setCurrentIndex(max(0, users.role.findData("manager")))
        yield Wait("the roles from the server", lambda: users.role.count() > 0, 30)
        users.add_button.click()
        yield Wait("olga in the list of users", lambda: "olga" in {
            item.text() for r in range(users.users.rowCount()) if (item := users.users.item(r, 0)) is not None}, 30)
        yield from self.shot("users", "A colleague added in Пользователи")
        users.close()
        # The second PC: olga's, logged in, its own copy (here on the same screen).
        root = self.home / "olga-pc"
        self.second_replica = Replica(root / "copy")
        done: dict[str, Any] = {}
        worker = threading.Thread(target=lambda: done.update(ok=login(self.second_replica, self.office.address,
                                                                      "olga", "olga-pass-1")), daemon=True)
        worker.start()
        yield Wait("olga's PC logged in and copied", lambda: not worker.is_alive(), 60)
        if "ok" not in done:
            raise TourError("olga's PC could not log in")
        self.second = open_desk(self.second_replica, root, self.lang, ["127.0.0.1"])
        second = self.second.window
        second.showMaximized()
        second.select_kind("contact")
        yield Wait("olga's PC online", lambda: second.engine.status.state == "online", 60)
        window.raise_()
        window.activateWindow()
        window.select_kind("contact")
        window.open_record(contact)
        self.type(window, "phone", "+7 916 700-99-99")
        window.act_save.trigger()
        yield Wait("olga's PC to show the new phone", lambda: (r := second.replica.get(contact)) is not None
                   and "99-99" in str(r.fields.get("phone")), 30)
        second.open_record(contact)
        second.raise_()
        second.activateWindow()
        yield from self.shot("second_pc", "The second PC (olga's): the phone changed on the first one is there "
                                          "at once")
        window.raise_()
        window.activateWindow()

    def close_second(self) -> None:
        if self.second is not None:
            self.second.stop()
            self.second.window.close()
            self.second.window.deleteLater()
        if self.second_replica is not None:
            self.second_replica.close()
        self.second = self.second_replica = None

    def drive(self) -> None:
        """Run the script on the event loop: each Wait is polled every 50 ms until true or over its limit."""
        from client.ui.qt import QApplication, QTimer
        steps = self.script()
        state: dict[str, Any] = {"wait": None, "since": 0.0}
        end = time.monotonic() + TOUR_LIMIT

        def fail(error: BaseException) -> None:
            self.error = error
            self.trace = traceback.format_exc()
            QApplication.exit(3)  # every loop ends, a modal dialog's too: the program closes its window

        def tick() -> None:
            try:
                value: Any = None
                wait: Wait | None = state["wait"]
                if wait is not None:
                    value = wait.until()
                    if not value:
                        if time.monotonic() - state["since"] > wait.limit or time.monotonic() > end:
                            raise TourError(f"waited {wait.limit:.0f} s for {wait.what}")
                        QTimer.singleShot(50, tick)
                        return
                state["wait"] = steps.send(value) if wait is not None else next(steps)
                state["since"] = time.monotonic()
                QTimer.singleShot(0 if state["wait"] is None else 50, tick)
            except StopIteration:
                QApplication.exit(0)
            except BaseException as e:  # noqa: BLE001 — any failure ends the tour, said with its trace
                fail(e)
        QTimer.singleShot(0, tick)


def _children() -> list[int]:
    """This process's own child processes (Linux: /proc), to stop them when the tour is stuck."""
    me, found = os.getpid(), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:
                found.append(int(entry.name))
    return found


def _watchdog(limit: float, started: list[Callable[[], None]]) -> threading.Timer:
    """A tour stuck outside the event loop (a call that never returns) is ended anyway, its processes stopped."""
    def end() -> None:
        print(f"tour: stuck for {limit:.0f} s; stopping", file=sys.stderr, flush=True)
        for stop in reversed(started):
            try:
                stop()
            except Exception:  # noqa: BLE001 — stop the rest whatever one did
                pass
        for pid in _children():  # the X server and its window manager, started by tools/xdisplay
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        os._exit(4)
    timer = threading.Timer(limit, end)
    timer.daemon = True
    timer.start()
    return timer


def run(out: Path, *, width: int, height: int, lang: str, short: bool, keep: bool = False
        ) -> list[tuple[str, str]]:
    """The tour on an X server of its own; returns the screenshots written (name, what it shows). The server's data
    and the PCs' copies and Documents go when it ends, unless `keep`."""
    if (missing := xdisplay.missing_x()) is not None:
        raise TourError(f"{missing}: install them (sh installers/test.sh does, as root)")
    out.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="organizer-tour-"))
    home = base / "home"
    (home / "Documents").mkdir(parents=True)
    # The tour's PC has a home, settings and a language of its own: nothing of the person running it is touched.
    os.environ.update({"HOME": str(home), "XDG_CONFIG_HOME": str(base / "config"), "ORGANIZER_LANG": lang,
                       "LANG": "ru_RU.UTF-8" if lang == "ru" else "en_US.UTF-8", "QT_QPA_PLATFORM": "xcb"})
    os.environ.pop("LC_ALL", None)
    started: list[Callable[[], None]] = []
    watchdog = _watchdog(TOUR_LIMIT + 120, started)
    try:
        with xdisplay.x_display(width, height) as display:
            os.environ["DISPLAY"] = display
            office = Office(base, lang)
            started.append(office.stop)
            try:
                office.start()
                return _tour(out, home, office, lang, short)
            finally:
                office.stop()
    finally:
        watchdog.cancel()
        if keep:
            print(f"tour: the server's data and the PCs' files are in {base}", file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)


def _tour(out: Path, home: Path, office: Office, lang: str, short: bool) -> list[tuple[str, str]]:
    from client.ui.app import run_window
    from client.ui.qt import QApplication
    app = QApplication.instance() or QApplication([sys.argv[0]])
    tour = Tour(out, home, office, lang, short)
    tour.drive()
    try:
        code = run_window(["--profile", str(home / "admin-pc"), "--lang", lang, "--discovery-interface", "127.0.0.1"])
    finally:
        tour.close_second()
    del app
    if tour.error is not None:
        raise TourError(f"{tour.error}\n{tour.trace}") from tour.error
    if code != 0:
        raise TourError(f"the window ended with code {code}")
    (out / "tour.txt").write_text("".join(f"{name}.png: {says}\n" for name, says in tour.shots), encoding="utf-8")
    return tour.shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.tour", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder for the screenshots")
    parser.add_argument("--size", default="1366x768", help="the screen, WIDTHxHEIGHT (default 1366x768)")
    parser.add_argument("--lang", default="ru", choices=("ru", "en"))
    parser.add_argument("--keep", action="store_true",
                        help="keep the server's data and the PCs' files (letters, the bill) in the temp folder")
    parser.add_argument("--short", action="store_true",
                        help="first start, entry and offline only (the test suite's run)")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    try:
        shots = run(args.out, width=width, height=height, lang=args.lang, short=args.short, keep=args.keep)
    except TourError as e:
        print(f"tour failed: {e}", file=sys.stderr)
        return 1
    for name, says in shots:
        print(f"{args.out / (name + '.png')}: {says}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
