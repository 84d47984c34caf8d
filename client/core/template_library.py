"""The office's library of Word templates: a template shared from one PC is a record (the file inside it), so
it syncs to every PC like any edit; each PC keeps a cached copy to fill."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from client.core.i18n import _
from client.core.replica import Replica
from lan_server.files import write_whole
from lan_server.records.ops import MAX_VALUE_BYTES

KIND = "template"


@dataclass(frozen=True)
class Shared:
    rec: str
    name: str
    section: str


def share(replica: Replica, path: Path, section: str = "") -> str:
    """Put the template into the office's library; returns its record id. A file too big to sync is refused."""
    encoded = encode(path.read_bytes(), path.name)
    name = path.stem
    for r in replica.records(KIND, where={"name": name}):  # the same name again: a new version of it
        replica.set(r.id, {"data": encoded, "section": section or None})
        return r.id
    return replica.add(KIND, {"name": name, "section": section or None, "data": encoded})


def encode(data: bytes, name: str) -> str:
    """A Word file as a record's value; one that is not Word, or too big to sync, is refused."""
    if not data.startswith(b"PK"):
        raise ValueError(_("{name} is not a Word document (.docx)").format(name=name))
    encoded = base64.b64encode(data).decode("ascii")
    if len(encoded) > MAX_VALUE_BYTES - 1024:
        raise ValueError(_("{name} is {size} KB: the office library takes templates up to {most} KB (pictures "
                           "in a template make it big)").format(name=name, size=len(data) // 1024,
                                                                most=(MAX_VALUE_BYTES * 3 // 4) // 1024))
    return encoded


def shared(replica: Replica, section: str | None = None) -> list[Shared]:
    found = [Shared(r.id, str(r.fields.get("name") or r.id), str(r.fields.get("section") or ""))
             for r in replica.records(KIND)]
    return [t for t in found if not section or not t.section or t.section == section]


def local_copy(replica: Replica, rec: str) -> Path:
    """The shared template as a file on this PC (rewritten when a colleague shares a new version)."""
    record = replica.get(rec)
    if record is None or not record.fields.get("data"):
        raise ValueError(_("this template is no longer in the office library"))
    data = base64.b64decode(str(record.fields["data"]))
    digest = hashlib.sha256(data).hexdigest()[:12]
    path = Path(replica.profile) / "templates" / "office" / digest / f"{record.fields.get('name') or rec}.docx"
    if not path.exists():
        write_whole(path, data)
    return path
