"""Mail merge with real .docx templates: split placeholders, MERGEFIELDs, labels, lists, related records."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml

from client import cli
from client.core.replica import Replica

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def text_of(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    for s in doc.sections:
        parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    return "\n".join(parts)


def seed(profile: Path) -> tuple[str, str]:
    r = Replica(profile)
    org = r.add("organization", {"name": "ООО «Ромашка»", "city": "Москва", "tax_id": "7701234567"})
    petr = r.add("contact", {"name": "Иванов Пётр", "email": "petr@romashka.ru", "organization": org,
                             "birthday": "1980-11-22", "phone": "+7 916 111-22-33"})
    r.add("contact", {"name": "Смирнова Ольга", "organization": org, "phone": "+7 916 222-33-44"})
    r.close()
    return org, petr


def letter_template(path: Path) -> None:
    doc = Document()
    p = doc.add_paragraph()
    for piece in ("Уважаемый ", "{{ ", "ФИО", " }}", "!"):  # Word splits a placeholder over runs like this
        p.add_run(piece)
    doc.add_paragraph("Ваш e-mail: {{ Эл. почта }}, день рождения {{ birthday }}.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Компания"
    table.rows[0].cells[1].text = "{{ organization }} (ИНН {{ org.tax_id }})"
    doc.sections[0].header.paragraphs[0].text = "Для: {{ name }}"
    doc.sections[0].footer.paragraphs[0].text = "Дата: {{ today }}"
    doc.save(str(path))


def mergefield_template(path: Path) -> None:
    doc = Document()
    p = doc.add_paragraph("Телефон: ")
    p._p.append(parse_xml(f'<w:fldSimple {W} w:instr=" MERGEFIELD Телефон \\* MERGEFORMAT ">'
                          f'<w:r><w:t>«Телефон»</w:t></w:r></w:fldSimple>'))
    q = doc.add_paragraph("Кому: ")
    for xml in (f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {W}><w:instrText xml:space="preserve"> MERGEFIELD  name </w:instrText></w:r>',
                f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {W}><w:t>«name»</w:t></w:r>',
                f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'):
        q._p.append(parse_xml(xml))
    doc.save(str(path))


def run(profile: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--profile", str(profile), *args], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def test_placeholders_split_across_runs_with_labels_in_body_table_header_footer(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    org, petr = seed(pc)
    tpl = tmp_path / "letter.docx"
    letter_template(tpl)
    code, text = run(pc, "merge", str(tpl), "--kind", "contact", "--out", str(tmp_path / "out"))
    assert code == 0, text
    assert "wrote 2 document(s)" in text and "Смирнова Ольга: empty birthday, email" in text
    got = text_of(tmp_path / "out" / "Иванов Пётр.docx")
    assert "Уважаемый Иванов Пётр!" in got
    assert "Ваш e-mail: petr@romashka.ru, день рождения 22.11.1980." in got
    assert "ООО «Ромашка» (ИНН 7701234567)" in got and "Для: Иванов Пётр" in got and "Дата: " in got
    assert "{{" not in got


def test_real_mergefields_simple_and_complex(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    seed(pc)
    tpl = tmp_path / "fields.docx"
    mergefield_template(tpl)
    code, text = run(pc, "merge", str(tpl), "--kind", "contact", "--search", "иванов", "--out",
                     str(tmp_path / "one.docx"), "--single")
    assert code == 0, text
    got = text_of(tmp_path / "one.docx")
    assert "Телефон: +7 916 111-22-33" in got and "Кому: Иванов Пётр" in got and "«" not in got


def test_combined_document_and_list_with_repeated_row_and_related_contacts(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    org, _ = seed(pc)
    tpl = tmp_path / "letter.docx"
    letter_template(tpl)
    code, text = run(pc, "merge", str(tpl), "--out", str(tmp_path / "all.docx"), "--single")
    assert code == 0, text
    got = text_of(tmp_path / "all.docx")
    assert "Уважаемый Иванов Пётр!" in got and "Уважаемый Смирнова Ольга!" in got
    listing = Document()
    listing.add_paragraph("Клиентов: {{ count }}")
    t = listing.add_table(rows=3, cols=2)
    t.rows[0].cells[0].text = "{%tr for r in records %}"
    t.rows[1].cells[0].text = "{{ r.name }}"
    t.rows[1].cells[1].text = "{{ r.phone }}"
    t.rows[2].cells[0].text = "{%tr endfor %}"
    listing.save(str(tmp_path / "list.docx"))
    code, text = run(pc, "merge", str(tmp_path / "list.docx"), "--out", str(tmp_path / "list-out.docx"), "--list")
    assert code == 0, text
    table = Document(str(tmp_path / "list-out.docx")).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Иванов Пётр", "+7 916 111-22-33"], ["Смирнова Ольга", "+7 916 222-33-44"]]
    org_tpl = Document()
    org_tpl.add_paragraph("{{ Название }}, контакты:")
    org_tpl.add_paragraph("{%p for c in contacts %}")
    org_tpl.add_paragraph("— {{ c.name }}")
    org_tpl.add_paragraph("{%p endfor %}")
    org_tpl.save(str(tmp_path / "org.docx"))
    code, text = run(pc, "merge", str(tmp_path / "org.docx"), "--kind", "organization", "--ids", org,
                     "--out", str(tmp_path / "org-out"))
    assert code == 0, text
    got = text_of(tmp_path / "org-out" / "ООО «Ромашка».docx")
    assert "ООО «Ромашка», контакты:" in got and "— Иванов Пётр" in got and "— Смирнова Ольга" in got


def test_unknown_names_are_reported_before_anything_is_written(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    seed(pc)
    doc = Document()
    doc.add_paragraph("{{ ФИО }} {{ Размер обуви }} {{ shoe }}")
    doc.save(str(tmp_path / "bad.docx"))
    code, text = run(pc, "merge", str(tmp_path / "bad.docx"), "--out", str(tmp_path / "out"))
    assert code == 6 and "does not have:" in text and "Размер обуви" in text and "shoe" in text
    assert not (tmp_path / "out").exists()
    (tmp_path / "junk.docx").write_bytes(b"not a zip")
    code, text = run(pc, "merge", str(tmp_path / "junk.docx"), "--out", str(tmp_path / "out"))
    assert code == 6 and "not a readable Word document" in text


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_one_combined_document_of_text_placeholders_is_built_in_one_pass(tmp_path: Path) -> None:
    """The letters one after another in one body, each from a new page, the page settings once at the end,
    a logo in each letter with its own picture id (Word repairs a document whose ids repeat)."""
    import re
    import zipfile
    pc = tmp_path / "pc"
    seed(pc)
    doc = Document()
    doc.add_picture(io.BytesIO(_tiny_png()))
    p = doc.add_paragraph()
    for piece in ("Уважаемый ", "{{ ", "ФИО", " }}", "!"):
        p.add_run(piece)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Телефон"
    table.rows[0].cells[1].text = "{{ phone }}"
    doc.save(str(tmp_path / "logo-letter.docx"))
    code, text = run(pc, "merge", str(tmp_path / "logo-letter.docx"), "--kind", "contact", "--out",
                     str(tmp_path / "all.docx"), "--single")
    assert code == 0, text
    merged = Document(str(tmp_path / "all.docx"))
    said = [p.text for p in merged.paragraphs if p.text]
    assert said == ["Уважаемый Иванов Пётр!", "Уважаемый Смирнова Ольга!"]
    assert [t.rows[0].cells[1].text for t in merged.tables] == ["+7 916 111-22-33", "+7 916 222-33-44"]
    with zipfile.ZipFile(tmp_path / "all.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert body.count('w:type="page"') == 1 and body.count("<w:sectPr") == 1
    assert body.rindex("<w:sectPr") > body.rindex("Смирнова")  # the page settings close the body
    ids = re.findall(r'<wp:docPr id="(\d+)"', body)
    assert len(ids) == 2 and len(set(ids)) == 2
