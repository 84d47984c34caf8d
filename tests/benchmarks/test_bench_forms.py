"""Print forms and printed lists with no office suite: each built-in form's PDF, the first in a process (the
font, the names' dictionary and the QR encoder load then) and warm; a 1,000-row list drawn by ReportLab next to
Qt's own QTextDocument printing the same rows as HTML (the window's earlier list PDF), same run."""

from __future__ import annotations

import html
import os
import statistics
import time
from pathlib import Path

import pytest

from client.core import forms
from client.core.replica import Replica
from lan_server.records.schema import REQUISITES_ID

pytestmark = pytest.mark.benchmark


def test_forms_and_a_list_as_pdf(tmp_path: Path) -> None:
    r = Replica(tmp_path / "pc")
    try:
        r.add("requisites", {"name": "ООО «Ромашка»", "inn": "7707083893", "kpp": "770701001", "bank": "ПАО Банк",
                             "bik": "044525225", "account": "40702810938000000001",
                             "corr_account": "30101810400000000225", "director": "Смирнова Елена Викторовна",
                             "vat_rate": 20, "prices_include_vat": True}, rec_id=REQUISITES_ID)
        org = r.add("organization", {"name": "ООО «Лютик»", "tax_id": "5001234567"})
        inv = r.add("invoice", {"number": "15", "date": "2026-11-22", "organization": org})
        for i in range(20):
            r.add("invoice_line", {"invoice": inv, "description": f"Позиция {i}", "qty": 1, "price": 100 + i})
        con = r.add("contract", {"number": "Д-7", "date": "2026-11-01", "organization": org, "amount": 1000})
        print(f"\nload: {os.getloadavg()[0]:.1f}")
        for form, rec in (("invoice", inv), ("act", inv), ("upd", inv), ("contract", con),
                          ("reconciliation", org)):
            times = []
            for _ in range(6):
                start = time.perf_counter()
                data = forms.pdf(r, form, r.get(rec))
                times.append(time.perf_counter() - start)
            print(f"{form} (20 lines): first {times[0] * 1000:.0f} ms, then median "
                  f"{statistics.median(times[1:]) * 1000:.0f} ms, {len(data) // 1024} KB")
    finally:
        r.close()

    from lan_server.documents.lists import ListTable, render
    rows = [[f"Клиент {i} Пётр Ёлкин", "ООО «Ромашка»", f"+7 916 {i % 1000:03d}-22-33", "Тверь", f"{i * 10},00"]
            for i in range(1000)]
    table = ListTable("Контакты", "на 06.12.2026 · 1000 записей", ["ФИО", "Организация", "Телефон", "Город", "Сумма"],
                      rows, right=frozenset({4}), whole=frozenset({2, 4}))
    start = time.perf_counter()
    ours = render(table)
    reportlab = time.perf_counter() - start
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    page = f"<html><body><h1>Контакты</h1><table>{cells}</table></body></html>"
    from client.ui.qt import QApplication
    app = QApplication.instance() or QApplication([])  # noqa: F841
    from client.ui.printing import save_pdf
    start = time.perf_counter()
    save_pdf(page, tmp_path / "qt.pdf")
    qt = time.perf_counter() - start
    print(f"list of 1,000 rows x 5: ReportLab {reportlab * 1000:.0f} ms ({len(ours) // 1024} KB); "
          f"Qt QTextDocument {qt * 1000:.0f} ms ({(tmp_path / 'qt.pdf').stat().st_size // 1024} KB)")
    assert ours.startswith(b"%PDF")
