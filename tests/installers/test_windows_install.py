"""Setup.exe as an office gets it, under wine: installed silently with the office server, the service started by the
service manager, the installed window started and logged in to in Russian, a bill to pay made as PDF by the installed
program, updated over, uninstalled with the office data kept. Marked `packaging` (the Windows build takes about 15
minutes): sh installers/test.sh -m packaging -s"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from client.core.io.block_reading import PROCESS_ROWS
from client.core.replica import Replica
from lan_server.records import Store
from lan_server.records.schema import REQUISITES_ID
from tests.benchmarks.test_bench_import_merge import HEAD, row
from tests.client.core.test_forms import REQUISITES
from tests.installers.conftest import VERSION, WindowsBuild
from tests.installers.wine_pc import WinePC
from tests.servers import ROOT, env

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(3600)]
PASSWORD = "Secret123"
SERVICE = "LanOrganizerServer"
PROGRAM = r"C:\Program Files\LAN organizer"
DATA = r"ProgramData\lan-organizer\server"
LOGIN_TITLE = "Подключение к серверу офиса"
WINDOW_TITLE = "Органайзер офиса"
UNINSTALLER_COPY = r"\\~nsu[^\\]*\.tmp\\"  # where Uninstall.exe runs its copy from (NSIS)
SHOTS = ROOT / "build" / "screens"  # the screenshots, for a person to look at


def _port_open(pc: WinePC, port: int) -> bool:
    r = pc.run(sys.executable, "-c", f"import socket; socket.create_connection(('127.0.0.1', {port}), 2)",
               wine=False, timeout=30)
    return r.returncode == 0


def _wait(cond: object, timeout: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if cond():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


def _linux_pc(pc: WinePC, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A colleague's Linux PC on the same private network: the project's own command."""
    return subprocess.run(["ip", "netns", "exec", pc.netns, sys.executable, "-m", "client", "--profile",
                           str(profile), "--lang", "en", *args], env=env(), cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def _an_invoice_to_bill(pc: WinePC, profile: Path) -> str:
    """The office's requisites (made in the window's Settings; here on the colleague's PC, in its copy) and an
    invoice with a line, synced to the server: what a bill to pay is made from. Returns the invoice's id."""
    replica = Replica(profile)
    try:
        replica.add("requisites", REQUISITES, rec_id=REQUISITES_ID)
    finally:
        replica.close()
    org = _linux_pc(pc, profile, "add", "organization", "name=ООО «Лютик»", "tax_id=5001234567",
                    "kpp=500101001").stdout.split()[-1]
    invoice = _linux_pc(pc, profile, "add", "invoice", f"organization={org}", "date=2026-11-22").stdout.split()[-1]
    for step in (("add", "invoice_line", f"invoice={invoice}", "description=Консультация юриста", "qty=2",
                  "price=1000"), ("sync",)):
        r = _linux_pc(pc, profile, *step)
        assert r.returncode == 0, r.stdout + r.stderr
    return invoice


def _bill_made_by_the_installed_program(pc: WinePC, invoice: str) -> str:
    """The installed Organizer.exe makes the bill's PDF with no office suite (ReportLab and the bundled font inside
    Setup.exe): its text reads back in Russian and the font is embedded. Returns the PDF's fonts, for the record."""
    out = r"C:\users\Public\Счёт на оплату.pdf"
    r = pc.run(rf"{PROGRAM}\Organizer.exe", "sync", timeout=300)
    assert r.returncode == 0, r.stdout
    r = pc.run(rf"{PROGRAM}\Organizer.exe", "document", "invoice", invoice, "--pdf", "--out", out, timeout=300)
    pdf = pc.c(out[3:])
    assert r.returncode == 0 and pdf.is_file(), r.stdout
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True, timeout=60).stdout.replace("\u00a0", " ").split())
    for expected in ("Счёт на оплату №", "ООО «Ромашка»", "ИНН 7707083893", "ООО «Лютик»", "Консультация юриста",
                     "2 000,00", "Две тысячи рублей 00 копеек", "М.П."):
        assert expected in text, (expected, text)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    liberation = [line for line in fonts.splitlines() if "LiberationSans" in line]
    # pdffonts' columns: name type encoding emb sub uni object ID; the bundled font must travel inside the PDF
    assert liberation and all(line.split()[-5] == "yes" for line in liberation), fonts
    shutil.copy2(pdf, SHOTS / "wine-bill.pdf")
    return ", ".join(line.split()[0] for line in liberation)


def _big_import_by_the_installed_program(pc: WinePC) -> tuple[int, float, int]:
    """An office's client list of PROCESS_ROWS rows and more (cp1251, semicolons, a Russian header, as Excel saves
    it) imported by the installed Organizer.exe as a user's command does: its columns are read by a second process,
    the program started again (multiprocessing.freeze_support), which does that work and ends without a window.
    Returns the rows, the import's seconds and the most Organizer.exe processes seen at once."""
    n = PROCESS_ROWS + 500
    path = r"C:\users\Public\Клиенты.csv"
    with open(pc.c(path[3:]), "w", encoding="cp1251", newline="") as fh:
        fh.write(";".join(HEAD) + "\r\n")
        fh.writelines(";".join(row(i)) + "\r\n" for i in range(n))
    windows_before = set(pc.windows())
    seen: list[list[str]] = []
    titles: set[str] = set()
    done = threading.Event()

    def watch() -> None:  # what runs and what shows while the import works, twice a second
        while not done.wait(0.5):
            seen.append(pc.processes(r"\\Organizer\.exe"))
            titles.update(pc.windows())
    watcher = threading.Thread(target=watch, name="test-import-watch", daemon=True)
    watcher.start()
    t0 = time.monotonic()
    try:
        r = pc.run(rf"{PROGRAM}\Organizer.exe", "import", path, timeout=900)
        took = time.monotonic() - t0
    finally:
        done.set()
        watcher.join(60)
    assert r.returncode == 0, r.stdout[-3000:]
    assert f"добавлено записей: {n}, обновлено: 0, пропущено дублей: 0, не удалось загрузить строк: 0" in r.stdout, \
        r.stdout[-3000:]
    assert "second process" not in r.stdout, r.stdout[-3000:]  # no fall back to reading in the import's process
    assert any("--multiprocessing-fork" in line for lines in seen for line in lines), seen[-5:]
    assert titles <= windows_before, f"a window appeared during the import: {titles - windows_before}"
    _wait(lambda: not pc.processes(r"\\Organizer\.exe"), 60, "no Organizer.exe left after the import")
    listed = pc.run(rf"{PROGRAM}\Organizer.exe", "list", "contact", "--json", timeout=600)
    assert listed.returncode == 0, listed.stdout[-3000:]
    names = [rec["fields"].get("name", "") for rec in json.loads(listed.stdout.strip().splitlines()[-1])]
    assert sum(name.startswith("Клиент ") for name in names) == n and "Иван Петров" in names, len(names)
    return n, took, max(map(len, seen), default=0)


def _update_setup(build: WindowsBuild, tmp_path: Path) -> tuple[Path, str]:
    """The same programs in an installer a version later (NSIS alone, a few minutes): what an update looks like."""
    newer = f"{VERSION}.1"
    out = tmp_path / f"OrganizerSetup-{newer}.exe"
    subprocess.run(["makensis", "-V2", f"-DVERSION={newer}", f"-DSRC={build.folder}", f"-DOUT={out}",
                    str(ROOT / "installers" / "windows" / "installer.nsi")], check=True, timeout=1800)
    return out, newer


def test_setup_exe_installs_serves_logs_in_in_russian_updates_and_uninstalls_keeping_the_office_data(
        windows_build: WindowsBuild, tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    figures: list[str] = []
    with WinePC(tmp_path / "winpc") as pc:
        # 1. A silent install with the office server, as an administrator deploys it.
        r = pc.run(str(windows_build.setup), "/S", "/SERVER", f"/ADMINPASSWORD={PASSWORD}", timeout=900)
        assert r.returncode == 0, r.stdout
        assert pc.c(rf"{PROGRAM[3:]}\Organizer.exe").is_file() and pc.c(rf"{DATA}\organizer.db").is_file()
        # The language it was installed in (a Russian Windows': 1049), which the uninstaller speaks without asking
        assert "1049" in pc.run("reg", "query", r"HKLM\Software\LanOrganizer", "/v", "Language", "/reg:64").stdout
        # 2. The service, started by wine's service manager, listens for the office.
        assert "RUNNING" in pc.run("sc", "query", SERVICE).stdout or pc.run("sc", "start", SERVICE).returncode == 0
        _wait(lambda: "RUNNING" in pc.run("sc", "query", SERVICE).stdout, 60, "the service running")
        _wait(lambda: _port_open(pc, 7755), 120, "the office server listening on 7755")
        colleague = tmp_path / "linux-pc"
        for step in (("login", "127.0.0.1:7755", "--user", "admin", "--password", PASSWORD),
                     ("add", "contact", "name=Иван Петров", "city=Тверь")):
            r = _linux_pc(pc, colleague, *step)
            assert r.returncode == 0, r.stdout + r.stderr
        invoice = _an_invoice_to_bill(pc, colleague)
        # 3. The installed window, started as from the desktop: the login dialog, in Russian; the user logs in.
        window = pc.start(rf"{PROGRAM}\Organizer.exe")
        took = pc.wait_window(LOGIN_TITLE)
        figures.append(f"first start to the login dialog {took:.1f} s")
        pc.screenshot(SHOTS / "wine-login-ru.png")
        pc.act("search", "--onlyvisible", "--name", LOGIN_TITLE, "windowactivate", "--sync")
        for text in ("127.0.0.1:7755", "admin", PASSWORD):  # address, user name, password: Tab goes field to field
            pc.act("key", "--clearmodifiers", "Tab")
            pc.act("key", "ctrl+a")
            pc.act("type", "--delay", "20", text)
        pc.act("key", "Return")
        pc.wait_window(f"{WINDOW_TITLE} — admin")
        time.sleep(3)  # the first copy and the list
        pc.screenshot(SHOTS / "wine-window-ru.png")
        r = pc.run(rf"{PROGRAM}\Organizer.exe", "list", "contact")  # the same copy, read beside the window
        assert "Иван Петров" in r.stdout, r.stdout
        # The office's documents from the installed program, beside the window: a bill to pay as PDF.
        t0 = time.monotonic()
        fonts = _bill_made_by_the_installed_program(pc, invoice)
        figures.append(f"the bill's PDF by the installed program {time.monotonic() - t0:.1f} s (fonts {fonts})")
        pc.close_window(WINDOW_TITLE, window)
        # 4. The installed window's start time, logged in: to its main window, three times.
        starts = []
        for _ in range(3):
            t0 = time.monotonic()
            window = pc.start(rf"{PROGRAM}\Organizer.exe")
            pc.wait_window(f"{WINDOW_TITLE} — admin")
            starts.append(time.monotonic() - t0)
            pc.close_window(WINDOW_TITLE, window)
        figures.append(f"start of the installed window (logged in) {min(starts):.1f}-{max(starts):.1f} s")
        # The floor, in the same run on the same screen: the same window from the source, on Linux.
        t0 = time.monotonic()
        linux = subprocess.Popen(["ip", "netns", "exec", pc.netns, sys.executable, "-m", "client", "--profile",
                                  str(colleague), "--lang", "ru"], env={**env(), "DISPLAY": pc.display,
                                                                        "QT_QPA_PLATFORM": "xcb"},
                                 cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        try:
            pc.wait_window(f"{WINDOW_TITLE} — admin")
            figures.append(f"the same window from the source on Linux {time.monotonic() - t0:.1f} s")
            pc.close_window(WINDOW_TITLE, linux)
        finally:
            if linux.poll() is None:
                linux.kill()
                linux.wait(30)
        # 5. A big import by the installed program, as a user's command: a second process reads its columns, no
        #    window appears, nothing is left running; the records reach the office server.
        rows, took, most = _big_import_by_the_installed_program(pc)
        figures.append(f"import of {rows:,} CSV rows (cp1251) by the installed program {took:.1f} s "
                       f"(Organizer.exe processes at once: {most})")
        # 6. An update over it: the service stops, the files are replaced, the service runs again; nothing is lost.
        update, newer = _update_setup(windows_build, tmp_path)
        r = pc.run(str(update), "/S", timeout=900)
        assert r.returncode == 0, r.stdout
        _wait(lambda: "RUNNING" in pc.run("sc", "query", SERVICE).stdout, 120, "the service running after the update")
        _wait(lambda: _port_open(pc, 7755), 120, "the server listening after the update")
        shown = pc.run("reg", "query", r"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\LanOrganizer",
                       "/v", "DisplayVersion", "/reg:64").stdout
        assert newer in shown, shown
        r = _linux_pc(pc, colleague, "sync")
        assert r.returncode == 0, r.stdout + r.stderr
        r = _linux_pc(pc, tmp_path / "new-pc", "login", "127.0.0.1:7755", "--user", "admin", "--password", PASSWORD)
        assert r.returncode == 0, "the administrator's password survived the update: " + r.stdout + r.stderr
        assert "Иван Петров" in _linux_pc(pc, tmp_path / "new-pc", "list", "contact").stdout
        # 7. Uninstall with the installed window left open, as a user forgets it or an administrator uninstalls from
        #    afar: the uninstaller closes it as the user would (its card saved), waits for it, and only then removes
        #    the program and its service; the office data stays.
        window = pc.start(rf"{PROGRAM}\Organizer.exe")
        pc.wait_window(f"{WINDOW_TITLE} — admin")
        t0 = time.monotonic()
        # As Windows' "Apps" page runs it: Uninstall.exe copies itself to the temporary folder, starts the copy and
        # ends at once; the uninstall is done when that copy ends.
        r = pc.run(rf"{PROGRAM}\Uninstall.exe", "/S", timeout=600)
        assert r.returncode == 0, r.stdout
        _wait(lambda: not pc.processes(UNINSTALLER_COPY), 300, "the uninstaller done")
        figures.append(f"uninstall with the window open {time.monotonic() - t0:.1f} s")
        assert window.wait(30) == 0, "the window was closed as a user closes it, not ended by force"
        assert not pc.processes(r"\\Organizer(Server)?\.exe"), pc.processes()
        assert pc.run("sc", "query", SERVICE).returncode != 0, "the service removed"
        assert not _port_open(pc, 7755)
        assert not pc.c(PROGRAM[3:]).exists(), sorted(str(f) for f in pc.c(PROGRAM[3:]).rglob("*"))[:20]
        assert not [f for f in pc.c("users").rglob("*.lnk") if WINDOW_TITLE in f.name]
        # Nothing of the program waits for a restart to go (only the uninstaller's own temporary copy does)
        pending = pc.run("reg", "query", r"HKLM\System\CurrentControlSet\Control\Session Manager", "/v",
                         "PendingFileRenameOperations").stdout
        assert "LAN organizer" not in pending, pending
        kept = tmp_path / "kept.db"
        shutil.copy2(pc.c(rf"{DATA}\organizer.db"), kept)
    store = Store.open(kept)
    try:
        names = [r.fields.get("name") for r in store.records("contact")]
    finally:
        store.close()
    assert [n for n in names if not str(n).startswith("Клиент ")] == ["Иван Петров"], names[:5]
    assert len(names) == 1 + rows, len(names)  # the big import's records, on the office server, kept too
    print(f"\nSetup.exe under wine: {'; '.join(figures)}; screenshots in {SHOTS}; load {os.getloadavg()[0]:.1f}")

