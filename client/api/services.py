"""What the built-in documents and any plugin may ask of the program beyond records: a document's number, a
print form filled, a PDF of it, printing. Each takes the `DataView` an action was handed."""

from __future__ import annotations

from pathlib import Path

# forms, numbers_now and office_apps are loaded when a service is first asked for: every plugin imports client.api,
# and a command that makes no document (an import, a list) should not load the PDF and sync machinery with it.
from client.core.plugin_parts import DataView
from client.core.replica import Replica
from lan_server.documents.form_list import FORMS
from lan_server.records import Record


def _replica(view: DataView) -> Replica:
    # The view a plugin is handed is this PC's replica, typed narrowly: these services use the rest of it.
    if not isinstance(view, Replica):
        raise TypeError("a DataView handed to an action or a command is needed here")
    return view


def take_number(view: DataView, record: Record, field: str = "number") -> str:
    """The record's document number: the one it has, else the server's next one of the section's series, else
    (offline) a provisional one the sync replaces by itself. ValueError: the section numbers nothing."""
    fd = view.schema().kind(record.kind).field(field)
    if fd is None or not fd.options.get("series"):
        raise ValueError("this section has no numbered documents")
    from client.core import forms, numbers_now
    forms.check_issuable(_replica(view), record)  # an empty invoice stays a draft
    return numbers_now.take(_replica(view), str(fd.options["series"]), record.id, field)


def make_form(view: DataView, form: str, record: Record, out: Path | None = None, *, as_pdf: bool = False) -> Path:
    """A print form (forms.FORMS: "invoice", "act", "upd", "contract", "reconciliation") filled for the record, as
    a Word file, or as a PDF made with no office suite (`as_pdf`)."""
    from client.core import forms
    return forms.make(_replica(view), form, record, out=out, as_pdf=as_pdf).path


def form_section(form: str) -> str:
    """The section a print form is made from ("invoice" for the bill, act and УПД)."""
    return FORMS[form][1]


def to_pdf(docx: Path) -> Path:
    """The PDF of a Word file, made by Word or LibreOffice on this PC."""
    from client.core import office_apps
    return office_apps.to_pdf(docx)


def print_file(path: Path) -> None:
    from client.core import office_apps
    office_apps.print_file(path)
