"""A first print that fails spends no number: the window's print (forms.make) makes the form once before it takes
the server's number (a dry run), so no requisites, a broken office form or a folder that cannot be written stop it
with the number still free, and the series stays gap-free (the browser's PDF: tests/lan_server/web/test_numbers)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from docx import Document

from client.core import form_templates, forms
from client.core.numbers_now import take
from client.core.replica import Replica
from lan_server.records.schema import REQUISITES_ID
from tests.client.core.test_forms import REQUISITES


def test_a_first_print_that_fails_takes_no_number_and_the_series_stays_gap_free(
        make_profile: Callable[..., Path], tmp_path: Path) -> None:
    r = Replica(make_profile("pc"))
    try:
        org = r.add("organization", {"name": "ООО «Лютик»", "tax_id": "5001234567"})
        contract = r.add("contract", {"date": "2026-11-01", "organization": org, "subject": "оказать услуги",
                                      "amount": 1000})

        def number() -> object:
            return r.get(contract).fields.get("number")  # type: ignore[union-attr]

        # No requisites: said, and the draft holds no number
        with pytest.raises(forms.FormError, match="requisites are empty"):
            forms.make(r, "contract", r.get(contract), out=tmp_path / "c.pdf", as_pdf=True)  # type: ignore[arg-type]
        assert number() is None
        r.add("requisites", REQUISITES, rec_id=REQUISITES_ID)

        # The office's own form with a broken placeholder: said, no number
        path = form_templates.edit(r, "contract")
        doc = Document(str(path))
        doc.add_paragraph("Договор № {{ number ")
        doc.save(str(path))
        with pytest.raises(forms.FormError, match="cannot be filled"):
            forms.make(r, "contract", r.get(contract), out=tmp_path / "c.docx")  # type: ignore[arg-type]
        assert number() is None
        form_templates.back_to_built_in(r, "contract")

        # A folder that cannot be written (as a full disk): the writing's own error, no number, nothing left behind
        blocked = tmp_path / "not-a-folder"
        blocked.write_text("")
        with pytest.raises(OSError):
            forms.make(r, "contract", r.get(contract), out=blocked / "c.pdf", as_pdf=True)  # type: ignore[arg-type]
        assert number() is None
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".check", ".partial"))] == []

        # Made at last: the series' first number, and the next document continues with the second
        made = forms.make(r, "contract", r.get(contract), out=tmp_path / "c.pdf", as_pdf=True)  # type: ignore[arg-type]
        assert made.number == "1" == number() and made.path.read_bytes()[:5] == b"%PDF-"
        assert not list(tmp_path.glob(".*.check"))
        other = r.add("contract", {"date": "2026-11-02", "organization": org, "subject": "ещё"})
        assert take(r, "contract", other, "number", timeout=10) == "2"
    finally:
        r.close()
