"""A printed list's layout: upright when its columns fit, landscape when wide, columns sized to their content,
phones and words never broken, and no Qt or office suite needed."""

from __future__ import annotations

import io

from pypdf import PdfReader

from lan_server.documents.lists import ListTable, column_widths, render


def _pages(data: bytes) -> list[tuple[float, float, str]]:
    return [(float(p.mediabox.width), float(p.mediabox.height), p.extract_text())
            for p in PdfReader(io.BytesIO(data)).pages]


def test_a_narrow_list_is_upright_and_a_wide_one_landscape() -> None:
    narrow = ListTable("Контакты", "на 06.12.2026 · 2 записей", ["ФИО", "Телефон"],
                       [["Иванов Пётр", "+7 916 123-45-67"], ["Смирнова Елена", "+7 495 765-43-21"]],
                       whole=frozenset({1}))
    [(w, h, text)] = _pages(render(narrow))
    assert w < h and "Контакты" in text and "2 записей" in text

    headers = ["ФИО", "Организация", "Телефон", "Эл. почта", "Город", "Адрес", "Должность", "Менеджер", "Сумма"]
    row = ["Константинопольский Пётр Ёлкин", "ООО «Северо-Западная торговая компания»", "+7 (916) 123-45-67",
           "konstantinopolsky.petr@example.ru", "Санкт-Петербург", "ул. Большая Морская, д. 1, офис 12",
           "заместитель генерального директора", "Ольга", "1 234 567,89"]
    wide = ListTable("Контакты", "на 06.12.2026 · 30 записей · Город: Санкт-Петербург", headers, [row] * 30,
                     right=frozenset({8}), whole=frozenset({2, 8}))
    pages = _pages(render(wide))
    assert all(w > h for w, h, _ in pages)  # landscape
    text = "\n".join(t for _, _, t in pages).replace("\u2011", "-")
    assert text.count("+7 (916) 123-45-67") == 30  # each phone whole, on one line
    assert text.count("1 234 567,89") == 30 and "Город: Санкт-Петербург" in text


def test_columns_are_sized_to_their_content() -> None:
    t = ListTable("x", "", ["№", "Наименование", "Цена"], [["1", "Бумага А4 для принтера, 500 листов", "420,00"]],
                  right=frozenset({2}))
    widths = column_widths(t, 500)
    assert widths is not None and widths[1] > 3 * widths[0] and widths[1] > widths[2]
    crowded = ListTable("x", "", ["A"] * 3, [["слово " * 60, "короткое", "Самоуверенность"]])
    w = column_widths(crowded, 300)
    assert w is not None and abs(sum(w) - 300) < 1 and w[2] >= w[1]  # the long text wraps, no word is cut
