"""Word templates nobody here wrote (tests/data/real/word, see SOURCES.md), merged with records of a section
whose fields carry the templates' names: yes/no in {% if %}, Word's IF fields, NEXT label sheets, repeating
table rows of MERGEFIELDs, placeholders in footnotes, headers and footers, Jinja comments, and a broken
template that is refused with the place named and nothing written."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest

from client.core.merge import MergeError, merge
from client.core.replica import Replica
from tests.servers import ROOT

REAL = ROOT / "tests" / "data" / "real" / "word"


@pytest.fixture
def replica(tmp_path: Path) -> Iterator[Replica]:
    r = Replica(tmp_path / "pc")
    try:
        yield r
    finally:
        r.close()


def section(replica: Replica, fields: dict[str, str]) -> str:
    """A section named "sample" with these fields (name -> type), as a user would add it in Settings."""
    replica.set_kind("sample", {"label_en": "Samples", "label_ru": "Образцы", "title_field": next(iter(fields))})
    for i, (key, type_) in enumerate(fields.items()):
        replica.set_field("sample", key, {"type": type_, "label_en": key, "label_ru": key, "order": i})
    return "sample"


def texts(path: Path) -> dict[str, str]:
    """The visible text of each part of a .docx (body, headers, footers, footnotes)."""
    with zipfile.ZipFile(path) as z:
        return {n: re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", z.read(n).decode())) for n in z.namelist()
                if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", n)}


def body(path: Path) -> str:
    return texts(path)["word/document.xml"]


def records(replica: Replica, rows: list[dict[str, Any]]) -> list:
    ids = [replica.add("sample", row) for row in rows]
    return [replica.get(i) for i in ids]


def test_a_no_takes_the_no_branch_of_if(replica: Replica, tmp_path: Path) -> None:
    kind = section(replica, {"customer_name": "text", "is_paid": "bool", "in_europe": "bool", "total_price": "money",
                             "company_name": "text", "items": "text"})
    recs = records(replica, [{"customer_name": "ООО «Лютик»", "is_paid": False, "in_europe": True,
                              "total_price": 1500, "company_name": "Ромашка"},
                             {"customer_name": "ИП Сидоров", "is_paid": True, "in_europe": False,
                              "company_name": "Ромашка"},
                             {"customer_name": "АО «Север»", "is_paid": False, "in_europe": False,
                              "total_price": 700, "company_name": "Ромашка"}])
    out = tmp_path / "orders"
    result = merge(replica, REAL / "docxtpl_order_tpl.docx", kind, recs, out)
    found = {p.stem: body(p) for p in result.files}
    unpaid, paid, dollars = found["ООО «Лютик»"], found["ИП Сидоров"], found["АО «Север»"]
    assert "Please, pay your order" in unpaid and "You have already paid" not in unpaid and "Euros" in unpaid
    assert "You have already paid" in paid and "Please, pay" not in paid  # a "no" is false, a "yes" true
    assert "Dollars" in dollars and "Euros" not in dollars


@pytest.mark.parametrize("value, shown", [("one", "- one -"), ("two", "two"), ("three", "more: three")])
def test_words_if_fields_show_the_merged_result(replica: Replica, tmp_path: Path, value: str, shown: str) -> None:
    kind = section(replica, {"fieldname": "text"})
    out = tmp_path / "out"
    result = merge(replica, REAL / "docx-mailmerge2_test_nested_if_inside.docx", kind,
                   records(replica, [{"fieldname": value}]), out)
    assert body(result.files[0]).strip() == shown
    result = merge(replica, REAL / "docx-mailmerge2_test_nested_if_outside.docx", kind,
                   records(replica, [{"fieldname": value}]), tmp_path / "out2")
    assert body(result.files[0]).strip() == f"true{value}"


def test_a_label_sheet_with_next_fields_takes_the_next_record_for_each_label(replica: Replica,
                                                                             tmp_path: Path) -> None:
    kind = section(replica, {"field": "text"})
    recs = records(replica, [{"field": f"Адресат {i:02d}"} for i in range(10)])
    result = merge(replica, REAL / "docx-mailmerge2_test_next_record.docx", kind, recs, tmp_path / "labels")
    (sheet,) = result.files  # one document: several records per page, as Word's label merge makes
    text = body(sheet)
    for i in range(10):
        assert text.count(f"Адресат {i:02d}") == 2  # the template shows each record twice on its label
    assert text.index("Адресат 03") < text.index("Адресат 04") < text.index("Адресат 09")


@pytest.mark.parametrize("name", ["docx-mailmerge2_test_merge_table_rows.docx",
                                  "docx-mailmerge2_test_merge_table_multipart.docx"])
def test_a_list_repeats_the_table_row_of_mergefields_per_record(replica: Replica, tmp_path: Path, name: str) -> None:
    kind = section(replica, {"class_name": "text", "class_code": "text", "class_grade": "text",
                             "student_name": "text", "study_name": "text", "thesis_grade": "text"})
    recs = records(replica, [{"class_code": f"К-{i}", "class_name": f"Предмет {i}", "class_grade": str(3 + i % 3)}
                             for i in range(4)])
    out = tmp_path / "list.docx"
    merge(replica, REAL / name, kind, recs, out, as_list=True)
    text = body(out)
    for i in range(4):
        assert f"К-{i}" in text and f"Предмет {i}" in text  # every record has its row; none left empty


def test_placeholders_in_footnotes_headers_and_footers_are_filled(replica: Replica, tmp_path: Path) -> None:
    kind = section(replica, {"a_jinja_variable": "text"})
    result = merge(replica, REAL / "docxtpl_footnotes_tpl.docx", kind,
                   records(replica, [{"a_jinja_variable": "сноска заполнена"}]), tmp_path / "a")
    parts = texts(result.files[0])
    assert "сноска заполнена" in parts["word/footnotes.xml"] and "{{" not in "".join(parts.values())

    kind2 = section(replica, {"fieldname": "text", "headerfield": "text", "footerfield": "text",
                              "headerfirst": "text", "footerfirst": "text", "headereven": "text",
                              "footereven": "text"})
    row = {k: f"«{k}»-значение" for k in ("fieldname", "headerfield", "footerfield", "headerfirst", "footerfirst",
                                         "headereven", "footereven")}
    result = merge(replica, REAL / "docx-mailmerge2_test_footnote_header_footer.docx", kind2, records(replica, [row]),
                   tmp_path / "b")
    everything = "".join(texts(result.files[0]).values())
    for value in row.values():
        assert value in everything


def test_jinja_comments_are_dropped_and_unknown_names_are_listed_before_writing(replica: Replica,
                                                                                 tmp_path: Path) -> None:
    kind = section(replica, {"title": "text"})
    recs = records(replica, [{"title": "Письмо"}])
    result = merge(replica, REAL / "docxtpl_comments_tpl.docx", kind, recs, tmp_path / "c")
    assert "like this one" not in body(result.files[0])
    with pytest.raises(MergeError, match="authors, dishes"):
        merge(replica, REAL / "docxtpl_nested_for_tpl.docx", kind, recs, tmp_path / "d")
    assert not (tmp_path / "d").exists()


def test_a_broken_template_names_the_place_and_writes_nothing(replica: Replica, tmp_path: Path) -> None:
    kind = section(replica, {"test_variable": "text"})
    with pytest.raises(MergeError, match="in the text is broken: Encountered unknown tag 'endif'"):
        merge(replica, REAL / "docxtpl_template_error_tpl.docx", kind, records(replica, [{"test_variable": "x"}]),
              tmp_path / "e")
    assert not (tmp_path / "e").exists()


def test_word_documents_from_word_2010_and_mac_word_2011_merge(replica: Replica, tmp_path: Path) -> None:
    dutch = section(replica, {"Voornaam": "text", "Achternaam": "text", "Adresregel_1": "text", "Postcode": "text",
                              "Plaats": "text", "Provincie": "text", "Land_of_regio": "text", "Titel": "text"})
    result = merge(replica, REAL / "docx-mailmerge2_test_winword2010.docx", dutch,
                   records(replica, [{"Voornaam": "Анна", "Achternaam": "Иванова", "Plaats": "Тверь"}]),
                   tmp_path / "w")
    assert "Анна" in body(result.files[0]) and "Тверь" in body(result.files[0])
    data = io.BytesIO(result.files[0].read_bytes())
    assert zipfile.ZipFile(data).testzip() is None


@pytest.mark.parametrize("name", ["docxtpl_order_tpl.docx", "docxtpl_nested_for_tpl.docx", "docxtpl_escape_tpl.docx",
                                  "docxtpl_word2016_tpl.docx", "docxtpl_richtext_and_if_tpl.docx"])
def test_a_template_prepared_once_fills_each_letter_as_docxtpl_does(replica: Replica, name: str) -> None:
    """Letters one file each are filled from a template prepared once (merge._Filled): the same text as docxtpl's
    full render of each, and a .docx Word and python-docx open."""
    from docx import Document

    from client.core.merge import Template
    kind = section(replica, {"customer": "text", "paid": "bool", "total": "number"})
    template = Template(REAL / name, replica.schema().kind(kind))
    assert template._only_in_text(), name
    for row in ({"customer": "ООО «Ромашка» & Co <1>", "paid": True, "total": 12.5},
                {"customer": "ИП Смирнов", "paid": False, "total": 0}):
        from client.core.merge import record_context
        ctx = record_context(replica, replica.schema(), records(replica, [row])[0])
        fast = template.render(ctx)  # the prepared path
        full = template._render_jinja(template.data, ctx)  # docxtpl's own render of the whole .docx
        bodies = [re.search(r"<w:body\b.*</w:body>", zipfile.ZipFile(io.BytesIO(d)).read("word/document.xml").decode(),
                            re.S).group(0) for d in (fast, full)]  # type: ignore[union-attr]
        as_text = [re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", b)) for b in bodies]
        assert as_text[0] == as_text[1]
        Document(io.BytesIO(fast))  # opens


def runs(path: Path) -> list[tuple[str, bool]]:
    """Each text run of the body: its text, and whether Word is told to keep its spaces (xml:space="preserve");
    without that mark Word drops a run's leading, trailing and repeated spaces."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    return [(text, 'xml:space="preserve"' in attrs) for attrs, text in re.findall(r"<w:t( [^>]*)?>([^<]*)</w:t>", xml)]


TYPED = "  ООО   «Ромашка»  и  К°  "  # indented, and runs of spaces inside, as someone typed it


@pytest.mark.parametrize("how", ["one file each", "combined"])
def test_runs_of_spaces_in_a_value_reach_the_letter_as_typed(replica: Replica, tmp_path: Path, how: str) -> None:
    from docx import Document

    from client.core.values import parse_value
    replica.set_kind("sample", {"label_en": "Samples", "label_ru": "Образцы", "title_field": "hello"})
    for i, (key, label) in enumerate([("hello", "Hello world"), ("more", "More than one space"),
                                      ("single", "Singleword")]):  # the real template's MERGEFIELD names
        replica.set_field("sample", key, {"type": "text", "label_en": label, "label_ru": label, "order": i})
    kd = replica.schema().kind("sample")
    typed = {"hello": "Привет,   мир", "more": TYPED, "single": "одно\tслово"}
    # The one rule for what the card, a command and an import store: the ends trimmed, a tab or line break in a
    # one-line field one space, the spaces between words as typed.
    stored = {key: parse_value(kd.field(key), text) for key, text in typed.items()}
    assert stored == {"hello": "Привет,   мир", "more": TYPED.strip(), "single": "одно слово"}
    recs = records(replica, [stored])
    out = tmp_path / ("out" if how == "one file each" else "out.docx")
    result = merge(replica, REAL / "docx-mailmerge2_test_spaces.docx", "sample", recs, out, single=how == "combined")
    written = runs(result.files[0])
    for value in ("Привет,   мир", TYPED.strip()):
        assert (value, True) in written, written  # there, and marked for Word to keep every space
    assert "одно слово" in [text for text, _ in written]
    assert all(kept for text, kept in written if text != text.strip() or "  " in text)
    Document(str(result.files[0]))  # and Word's reader opens it

    template = tmp_path / "letter.docx"  # a {{ }} letter says the same
    doc = Document()
    doc.add_paragraph("{{ more }}")
    doc.save(template)
    letter = merge(replica, template, "sample", recs, tmp_path / "letters").files[0]
    assert (TYPED.strip(), True) in runs(letter)


def test_default_stands_in_for_a_field_the_section_lacks_or_an_empty_one(replica: Replica, tmp_path: Path) -> None:
    from docx import Document
    kind = section(replica, {"name": "text", "phone": "phone"})
    recs = records(replica, [{"name": "Иван"}])
    template = tmp_path / "t.docx"
    doc = Document()
    for line in ("Кому: {{ name }}", "Факс: {{ fax|default('нет') }}", "Skype: {{ skype|d('—') }}",
                 "{% if telegram is defined %}Telegram: {{ telegram }}{% endif %}Конец",
                 "Телефон: {{ phone|default('не указан') }}", "Тел.: {{ Phone|default('—') }}"):
        doc.add_paragraph(line)
    doc.save(template)
    for single in (False, True):
        result = merge(replica, template, kind, recs, tmp_path / ("all.docx" if single else "each"), single=single)
        text = body(result.files[0])
        assert "Факс: нет" in text and "Skype: —" in text and "\nКонец" in text
        assert "Телефон: не указан" in text and "Тел.: —" in text  # an empty field is missing too; a label works
    doc = Document()
    doc.add_paragraph("{{ fax }} and {{ fax|default('') }}")  # once without a default: still needed
    doc.save(template)
    with pytest.raises(MergeError, match="does not have: fax"):
        merge(replica, template, kind, recs, tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    from client.core import i18n
    i18n.set_language("ru")  # the Letters window of a Russian office says it in Russian
    try:
        with pytest.raises(MergeError, match="в шаблоне есть поля, которых нет в этом разделе: fax"):
            merge(replica, template, kind, recs, tmp_path / "refused")
    finally:
        i18n.set_language("en")
