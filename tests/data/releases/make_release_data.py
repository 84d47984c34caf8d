"""Make the data folders a release leaves on an office's disks, with that release's own code, for the upgrade
tests: `python tests/data/releases/make_release_data.py CHECKOUT OUT_DIR` (CHECKOUT: the release's files, e.g.
`git worktree add /tmp/v0.1 ff5aad6`, or `mkdir /tmp/v0.3 && git archive 0a21e34 | tar -x -C /tmp/v0.3`).

0.3 was made from 0a21e34 (release 0.3.0) this way.

OUT_DIR/server: a server folder killed hard (SIGKILL) while a PC was pushing a stream of new contacts.
OUT_DIR/pc: a PC profile that synced, then kept working offline: its edits are still unsent.
Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path


def main(checkout: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(checkout), "QT_QPA_PLATFORM": "offscreen"}

    def run(*args: str) -> str:
        r = subprocess.run([sys.executable, *args], cwd=checkout, env=env, capture_output=True, text=True, timeout=120)
        if r.returncode:
            raise SystemExit(f"{' '.join(args)}: {r.stderr}")
        return r.stdout.strip()

    if out.exists():
        shutil.rmtree(out)
    server, pc, pusher = out / "server", out / "pc", out / "pusher"
    run("-m", "lan_server", "init", str(server), "--admin-password", "admin-pass-1", "--name", f"Офис {out.name}")
    proc = subprocess.Popen([sys.executable, "-m", "lan_server", "serve", str(server), "--host", "127.0.0.1",
                             "--port", "0", "--no-discovery"], cwd=checkout, env=env, stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().split()[-1]
        for profile in (pc, pusher):
            run("-m", "client", "--profile", str(profile), "login", address, "--user", "admin",
                "--password", "admin-pass-1")
        org = run("-m", "client", "--profile", str(pc), "add", "organization", "name=ООО «Ромашка»",
                  "city=Тверь", "tax_id=6901234567")
        run("-m", "client", "--profile", str(pc), "add", "contact", "name=Иванов Пётр", f"organization={org}",
            "phone=+7 916 111-22-33", "birthday=1978-05-14")
        run("-m", "client", "--profile", str(pc), "add", "task", "title=Позвонить Ивану", "assignee=admin",
            "due=2026-12-01 10:00", "remind_before=30")
        # A stream of pushes from another PC; the server dies in the middle of it.
        stream = subprocess.Popen([sys.executable, "-c", (
            "import subprocess, sys\n"
            "for i in range(40):\n"
            f"    subprocess.run([sys.executable, '-m', 'client', '--profile', {str(pusher)!r}, 'add', 'contact',"
            " f'name=Поток {i}'], capture_output=True)\n")], cwd=checkout, env=env)
        time.sleep(6)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    stream.wait(120)
    # Offline work on the PC: a new contact and an edit, both unsent.
    run("-m", "client", "--profile", str(pc), "add", "contact", "name=Сидорова Анна", "city=Москва", "--offline")
    contact = run("-m", "client", "--profile", str(pc), "list", "contact", "--search", "Иванов")
    run("-m", "client", "--profile", str(pc), "set", contact.split()[0], "city=Казань", "--offline")
    if (checkout / "client" / "core" / "io" / "importer.py").exists():  # 0.2 on: an import, unsent too
        sheet = out / "clients.csv"
        sheet.write_text("ФИО;Телефон;Город\nПетрова Ольга;8 916 222-33-44;Тверь\nОрлов Пётр;+7 903 111-00-99;Москва\n",
                         encoding="cp1251")
        run("-m", "client", "--profile", str(pc), "import", str(sheet), "--offline")
        sheet.unlink()
    shutil.rmtree(pusher)
    for junk in out.rglob("*.lock"):
        junk.unlink()
    print(f"made {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
