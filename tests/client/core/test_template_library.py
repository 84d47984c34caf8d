"""The office's shared Word templates: shared from one PC, listed and copied on another as the same file;
sharing the same name again is a new version; what is not a Word file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.core import template_library
from client.core.replica import Replica


def _docx(path: Path, text: str) -> Path:
    from docx import Document
    doc = Document()
    doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_a_template_shared_reaches_another_pc_as_the_same_file(tmp_path: Path) -> None:
    here, there = Replica(tmp_path / "here"), Replica(tmp_path / "there")
    try:
        letter = _docx(tmp_path / "Письмо клиенту.docx", "Уважаемый {{ name }}")
        rec = template_library.share(here, letter, "contact")
        there.apply_remote(here.outbox())  # what the sync does
        [found] = template_library.shared(there, "contact")
        assert (found.rec, found.name, found.section) == (rec, "Письмо клиенту", "contact")
        assert template_library.shared(there, "invoice") == []  # a section's templates only
        copy = template_library.local_copy(there, rec)
        assert copy.read_bytes() == letter.read_bytes() and copy.name == "Письмо клиенту.docx"

        _docx(letter, "Добрый день, {{ name }}")  # edited and shared again: the same template, a new version
        assert template_library.share(here, letter, "contact") == rec
        there.apply_remote(here.outbox())
        assert template_library.local_copy(there, rec).read_bytes() == letter.read_bytes()

        (tmp_path / "note.docx").write_text("not a document")
        with pytest.raises(ValueError, match="not a Word document"):
            template_library.share(here, tmp_path / "note.docx")
    finally:
        here.close()
        there.close()
