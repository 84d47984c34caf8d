"""`python -m tools.screenshots OUT_DIR`: a server with sample data, and PNGs of the window in both languages."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE_ORGS = [
    {"name": "ООО «Ромашка»", "city": "Москва", "phone": "+7 495 123-45-67", "tax_id": "7701234567",
     "email": "info@romashka.ru", "website": "romashka.ru"},
    {"name": "АО «Север»", "city": "Санкт-Петербург", "phone": "+7 812 555-01-02", "tax_id": "7809876543"},
    {"name": "ИП Смирнов", "city": "Тверь", "phone": "+7 4822 33-44-55"},
]
SAMPLE_CONTACTS = [
    ("Иванов Пётр Сергеевич", "ООО «Ромашка»", "Директор", "+7 916 111-22-33", "petr@romashka.ru", "1978-05-14"),
    ("Смирнова Ольга Викторовна", "ООО «Ромашка»", "Бухгалтер", "+7 916 222-33-44", "olga@romashka.ru", None),
    ("Кузнецов Андрей", "АО «Север»", "Менеджер по закупкам", "+7 921 333-44-55", "a.kuz@sever.ru", None),
    ("Попова Мария", "АО «Север»", "Юрист", "+7 921 444-55-66", "popova@sever.ru", "1985-11-22"),
    ("Смирнов Игорь", "ИП Смирнов", "Владелец", "+7 910 555-66-77", "igor@smirnov.ru", None),
    ("Васильева Елена", None, "Дизайнер", "+7 903 666-77-88", "elena.v@mail.ru", None),
    ("Соколов Дмитрий", None, "Консультант", "+7 905 777-88-99", None, None),
    ("Михайлова Анна", "АО «Север»", "Секретарь", "+7 921 888-99-00", "secretary@sever.ru", None),
    ("Новиков Сергей", "ИП Смирнов", "Водитель", "+7 910 121-21-21", None, None),
    ("Фёдорова Татьяна", "ООО «Ромашка»", "Менеджер", "+7 916 343-43-43", "tf@romashka.ru", "1990-03-08"),
]
MANAGERS = ["admin", "olga", "admin", "sergey"]
CITIES = ["Москва", "Тверь", "Санкт-Петербург", "Москва", "Казань"]


def _start_server(base: Path) -> tuple[subprocess.Popen[str], str]:
    data = base / "server"
    subprocess.run([sys.executable, "-m", "lan_server", "init", str(data), "--admin-password", "admin-pass-1",
                    "--name", "Офис на Ленина"], check=True, capture_output=True)
    proc = subprocess.Popen([sys.executable, "-m", "lan_server", "serve", str(data), "--host", "127.0.0.1",
                             "--port", "0", "--no-discovery"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, line.split()[-1]


def _avatar(initials: str) -> str:
    """A drawn portrait stand-in, stored the way a chosen photo is."""
    from client.ui.photo_field import encode
    from client.ui.qt import QColor, QFont, QImage, QPainter, Qt
    image = QImage(240, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#dbe7fb"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#2f6feb"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(30, 30, 180, 180)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(72)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, initials)
    painter.end()
    return encode(image)


def _seed(replica: object) -> tuple[str, str]:
    from client.core.replica import Replica
    assert isinstance(replica, Replica)
    orgs = {o["name"]: replica.add("organization", o) for o in SAMPLE_ORGS}
    first = ""
    for i, (name, org, position, phone, email, birthday) in enumerate(SAMPLE_CONTACTS):
        fields = {"name": name, "position": position, "phone": phone, "city": CITIES[i % len(CITIES)],
                  "manager": MANAGERS[i % len(MANAGERS)]}
        if org:
            fields["organization"] = orgs[org]
        if email:
            fields["email"] = email
        if birthday:
            fields["birthday"] = birthday
        rec = replica.add("contact", fields)
        first = first or rec
    replica.add("task", {"title": "Позвонить Петру о договоре", "assignee": "admin", "due": "2026-11-23T10:00",
                         "contact": first, "organization": orgs["ООО «Ромашка»"], "priority": "high"})
    replica.add("event", {"title": "Встреча в АО «Север»", "type": "meeting", "when": "2026-11-24T15:00",
                          "organization": orgs["АО «Север»"], "assignee": "admin"})
    replica.add("task", {"title": "Отправить счёт АО «Север»", "assignee": "olga", "due": "2026-11-25T12:00",
                         "organization": orgs["АО «Север»"], "priority": "normal"})
    replica.add("task", {"title": "Подготовить договор поставки", "assignee": "admin", "due": "2026-11-20T18:00",
                         "organization": orgs["ООО «Ромашка»"], "priority": "high", "done": True})
    replica.add("event", {"title": "Звонок Ивану Смирнову", "type": "call", "result": "done",
                          "when": "2026-11-21T11:30", "organization": orgs["ИП Смирнов"], "assignee": "admin"})
    replica.set(first, {"photo": _avatar("ИП")})
    replica.set(first, {"city": "Тверь"})
    replica.set(first, {"city": "Москва"})
    return first, _seed_sales(replica, orgs)


def _seed_sales(replica: object, orgs: dict[str, str]) -> str:
    """Requisites, a catalog, deals at every stage, invoices paid, partly paid, overdue and drafted."""
    from datetime import date, timedelta

    from client.core.replica import Replica
    from lan_server.records.schema import REQUISITES_ID
    assert isinstance(replica, Replica)
    replica.add("requisites", {"name": "ООО «Офис на Ленина»", "inn": "6901234567", "kpp": "690101001",
                               "address": "Тверь, ул. Ленина, 1", "bank": "ПАО «Банк»", "bik": "042809679",
                               "account": "40702810963000001234", "corr_account": "30101810700000000679",
                               "director": "Кузнецова Н. А.", "vat_rate": 20, "prices_include_vat": True},
                rec_id=REQUISITES_ID)
    catalog = [("Бумага А4, 500 листов", "пачка", 420, "goods"), ("Картридж HP 85A", "шт", 3900, "goods"),
               ("Заправка картриджа", "шт", 900, "services"), ("Выезд мастера", "выезд", 1500, "services"),
               ("Обслуживание ПК, месяц", "мес", 12000, "services")]
    products = [replica.add("product", {"name": n, "unit": u, "price": p, "vat": 20, "category": c})
                for n, u, p, c in catalog]
    for title, org, stage, amount, who in (
            ("Поставка бумаги на год", "ООО «Ромашка»", "new", 50400, "admin"),
            ("Обслуживание офиса", "АО «Север»", "talks", 144000, "olga"),
            ("Картриджи для филиала", "ИП Смирнов", "proposal", 39000, "admin"),
            ("Заправка 20 картриджей", "АО «Север»", "won", 18000, "olga"),
            ("Ремонт принтеров", "ООО «Ромашка»", "lost", 7500, "admin")):
        replica.add("deal", {"title": title, "organization": orgs[org], "stage": stage, "amount": amount,
                             "assignee": who})
    today = date.today()
    shown = ""
    for number, org, days_ago, due_in, who, lines, paid in (
            ("41", "ООО «Ромашка»", 20, -6, "admin", [(0, 10), (2, 4)], [1000]),
            ("42", "АО «Север»", 12, 10, "olga", [(4, 1)], [12000]),
            ("43", "ИП Смирнов", 6, 14, "admin", [(1, 2), (3, 1)], [5000]),
            ("44", "АО «Север»", 2, 20, "olga", [(0, 25), (2, 6)], []),
            ("", "ООО «Ромашка»", 0, 30, "admin", [(4, 1)], [])):
        inv = replica.add("invoice", {"number": number or None, "organization": orgs[org],
                                      "date": (today - timedelta(days=days_ago)).isoformat(),
                                      "due": (today + timedelta(days=due_in)).isoformat(), "assignee": who})
        for n, (product, qty) in enumerate(lines, 1):
            name, _unit, price, _cat = catalog[product]
            replica.add("invoice_line", {"invoice": inv, "n": n, "product": products[product], "description": name,
                                         "qty": qty, "price": price, "vat": 20})
        for amount in paid:
            replica.add("payment", {"invoice": inv, "amount": amount,
                                    "date": (today - timedelta(days=max(0, days_ago - 3))).isoformat()})
        shown = shown or inv if number == "43" else shown
    return shown


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m tools.screenshots OUT_DIR", file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen at all: draw into memory
    from client.core.discovery import FoundServer
    from client.core.errors import ChooseCompany
    from client.core.replica import Replica
    from client.core.session import login
    from client.ui import i18n
    from client.ui.login_dialog import LoginDialog
    from client.ui.main_window import MainWindow
    from client.ui.qt import QApplication, Qt
    from client.ui.settings_dialog import SettingsDialog

    base = Path(tempfile.mkdtemp(prefix="organizer-shots-"))
    proc, address = _start_server(base)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    try:
        replica = Replica(base / "pc")
        login(replica, address, "admin", "admin-pass-1")
        first, invoice = _seed(replica)
        import asyncio

        from client.core.session import sync_now_async
        from client.core.sync import SyncStatus
        asyncio.run(sync_now_async(replica))
        for lang in ("en", "ru"):
            i18n.install(app, lang)  # type: ignore[arg-type]
            window = MainWindow(replica, lang=lang)
            window._on_status(SyncStatus(state="online", outbox=replica.outbox_size(), server=address,
                                         last_seq=replica.last_seq))
            window.resize(1360, 800)
            window.show()
            window.open_record(first)
            app.processEvents()
            window.grab().save(str(out / f"main_{lang}.png"))
            window.card.tabs.setCurrentIndex(2)
            app.processEvents()
            window.card.grab().save(str(out / f"card_history_{lang}.png"))
            window.card.tabs.setCurrentIndex(0)
            window.select_kind("organization")
            app.processEvents()
            window.table.selectRow(0)
            window.card.tabs.setCurrentIndex(1)
            app.processEvents()
            window.grab().save(str(out / f"organizations_{lang}.png"))
            window.select_kind("task")
            app.processEvents()
            window.table.selectRow(0)
            window.card.tabs.setCurrentIndex(0)
            app.processEvents()
            window.grab().save(str(out / f"tasks_{lang}.png"))
            planner = next(i for i in range(window.sections.count())
                           if window.sections.item(i).data(Qt.ItemDataRole.UserRole) == "@calendar")
            window.sections.setCurrentRow(planner)
            window.calendar.mine.setChecked(False)
            app.processEvents()
            window.grab().save(str(out / f"planner_{lang}.png"))
            window.calendar.set_mode("month")
            app.processEvents()
            window.grab().save(str(out / f"planner_month_{lang}.png"))
            window.calendar.set_mode("week")
            window.sections.setCurrentRow(0)  # the dashboard
            app.processEvents()
            window.grab().save(str(out / f"dashboard_{lang}.png"))
            window.select_kind("deal")
            window.act_board.setChecked(True)
            app.processEvents()
            window.grab().save(str(out / f"board_{lang}.png"))
            window.act_board.setChecked(False)
            window.open_record(invoice)
            app.processEvents()
            window.grab().save(str(out / f"invoice_{lang}.png"))
            window.select_kind("product")
            app.processEvents()
            window.grab().save(str(out / f"price_list_{lang}.png"))
            window.select_kind("deal")
            bar = window.filter_bar
            bar.field.setCurrentIndex(bar.field.findData("amount"))
            bar.op.setCurrentIndex(bar.op.findData("between"))
            bar.value.setText("10 000")
            bar.to.setText("200 000")
            bar.add_condition()
            bar.field.setCurrentIndex(bar.field.findData("title"))
            bar.op.setCurrentIndex(bar.op.findData("contains"))
            bar.value.setText("офис")
            window.apply_search()
            app.processEvents()
            window.grab().save(str(out / f"filters_{lang}.png"))
            bar.set_fields(window.model.kind, window.model.fields)  # clears the conditions
            window.apply_search()
            window.select_kind("contact")
            app.processEvents()
            letters = window.open_letters()
            letters.template.setCurrentIndex(letters.template.findData("sample:Письмо клиенту"))
            app.processEvents()
            letters.grab().save(str(out / f"letters_{lang}.png"))
            letters.close()
            mailing = window.open_mailing()
            mailing.subject.setText("Новости для {{ ФИО }}")
            mailing.body.setPlainText("Здравствуйте, {{ ФИО }}!\nПриглашаем на выставку 1 декабря.")
            app.processEvents()
            mailing.grab().save(str(out / f"mailing_{lang}.png"))
            mailing.close()
            backups = window.open_backups()
            deadline = time.monotonic() + 20
            while backups.info is None and time.monotonic() < deadline:  # the server answers on a worker thread
                app.processEvents()
                time.sleep(0.02)
            backups.grab().save(str(out / f"backups_{lang}.png"))
            backups.close()
            from client.ui.requisites_dialog import RequisitesDialog
            requisites = RequisitesDialog(replica, lang, window)
            requisites.show()
            app.processEvents()
            requisites.grab().save(str(out / f"requisites_{lang}.png"))
            requisites.close()
            window.select_kind("task")
            app.processEvents()
            window.table.selectRow(0)
            app.processEvents()
            picker = window.card.pick_repeat(window.card.editors["repeat"], show=False)
            picker.freq.setCurrentIndex(picker.freq.findData("weekly"))
            picker.days[0].setChecked(True)
            picker.days[3].setChecked(True)
            picker.show()
            app.processEvents()
            picker.grab().save(str(out / f"repeat_{lang}.png"))
            picker.close()
            # How a refused edit reads in the card (the reason is the server's own words).
            window.card.show_refused([(window.card.record.id, "title", "your role (manager) may not change this "
                                                                        "record")])
            app.processEvents()
            window.grab().save(str(out / f"refused_{lang}.png"))
            window.card.show_record(window.card.record.id)
            dialog = SettingsDialog(replica, "event", lang, window)
            dialog.fields.setCurrentRow(1)  # the event types: a choice list
            dialog.show()
            app.processEvents()
            dialog.grab().save(str(out / f"settings_{lang}.png"))
            dialog.close()
            login_dialog = LoginDialog(replica, window, discover=False)
            login_dialog.address.setText(address)
            login_dialog.password.setText("")
            host, port = address.rsplit(":", 1)
            login_dialog._show_found([FoundServer("Офис на Ленина", host, int(port))])
            login_dialog.show()
            app.processEvents()
            login_dialog.grab().save(str(out / f"login_{lang}.png"))
            # A server of several companies: the dialog asks which, as after a first try without one.
            login_dialog._failed(ChooseCompany("", ["Офис на Ленина", "ООО «Ромашка»", "ИП Смирнов"]))
            app.processEvents()
            login_dialog.grab().save(str(out / f"login_company_{lang}.png"))
            login_dialog.close()
            window.close()
        replica.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
    for png in sorted(out.glob("*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
