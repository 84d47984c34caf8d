"""One office form for everyone: "Edit this form" puts the built-in form's Word template into the office's shared
templates (a record every PC syncs) and gives this PC a file to open in Word or LibreOffice; what is saved there
goes back into the record, so every PC fills the office's version. "Back to the built-in form" removes it."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from client.core import template_library
from lan_server.files import write_whole

_EDITS = "form_edits"  # meta: form -> the digest of the file this PC last wrote or sent


def record_id(form: str) -> str:
    return f"template:form:{form}"


def _data(record: Any) -> bytes | None:
    if record is None or record.deleted or not record.fields.get("data"):
        return None
    return base64.b64decode(str(record.fields["data"]))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def editing_path(replica: Any, form: str) -> Path:
    return Path(replica.profile) / "forms" / "office" / f"{form}.docx"


def office_form(reader: Any, form: str) -> tuple[bytes, str] | None:
    """The office's Word form and a name for messages, or None while the office uses the built-in one. On a PC,
    an edit saved in Word since is sent first, so the form made is the one just edited."""
    if hasattr(reader, "profile"):
        pick_up(reader, form)
    data = _data(reader.get(record_id(form)))
    return (data, f"{form}.docx") if data is not None else None


def pick_up(replica: Any, form: str) -> bool:
    """Send this PC's saved edit of the office form to every PC; True when there was one."""
    path = editing_path(replica, form)
    if not path.exists():
        return False
    data = path.read_bytes()
    known = dict(replica.meta(_EDITS) or {})
    if known.get(form) == _digest(data) or _data(replica.get(record_id(form))) is None:
        return False
    replica.set(record_id(form), {"data": template_library.encode(data, path.name)})
    known[form] = _digest(data)
    replica.set_meta(_EDITS, known)
    return True


def edit(replica: Any, form: str) -> Path:
    """The file to open in Word: the office's form, made from the built-in one the first time."""
    from lan_server.documents.forms import FORMS, built_in_template
    pick_up(replica, form)
    record = replica.get(record_id(form))
    data = _data(record)
    if data is None:
        data = built_in_template(form)
        fields = {"name": f"{FORMS[form][0]} (форма)", "section": FORMS[form][1],
                  "data": template_library.encode(data, f"{form}.docx")}
        if record is None:
            replica.add("template", fields, rec_id=record_id(form))
        else:  # the office went back to the built-in form once: its record comes back from the bin
            replica.set(record_id(form), {**fields, "_deleted": False})
    path = editing_path(replica, form)
    if not path.exists() or path.read_bytes() != data:
        write_whole(path, data)
    known = dict(replica.meta(_EDITS) or {})
    known[form] = _digest(data)
    replica.set_meta(_EDITS, known)
    return path


def back_to_built_in(replica: Any, form: str) -> None:
    """Every PC uses the built-in form again (the office's version goes to the bin, restorable)."""
    if _data(replica.get(record_id(form))) is not None:
        replica.delete(record_id(form))
    path = editing_path(replica, form)
    if path.exists():
        path.unlink()


def edited(reader: Any, form: str) -> bool:
    return _data(reader.get(record_id(form))) is not None
