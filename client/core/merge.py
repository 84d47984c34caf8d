"""Word mail merge: {{ placeholders }} through docxtpl and real MERGEFIELDs through docx-mailmerge2.

Names may be field keys or field labels in English or Russian (`{{ ФИО }}`, `{{ Эл. почта }}`, MERGEFIELD Телефон).
Related records are reachable: a contact's `organization` is its name and `org.<field>` its fields; an
organization has `contacts`, a list for `{%tr for c in contacts %}`. A list document gets `records`.
Unknown names are reported before anything is written, never left as blank holes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from client.core.present import as_text
from client.core.replica import Replica
from lan_server.records import FieldDef, KindDef, Record, Schema

_PLACEHOLDER = re.compile(r"\{\{\s*(.+?)\s*\}\}")
_SIMPLE = re.compile(r"^[^\s{}%|()\[\]'\"+*/<>=!]+(?: [^\s{}%|()\[\]'\"+*/<>=!]+)*$")
_ATTRIBUTE = re.compile(r"^[A-Za-z_]\w*(\.\w+)+$")
EXTRA_NAMES = {"today", "records", "count", "org", "contacts", "id", "loop"}


class MergeError(ValueError):
    pass


@dataclass
class MergeResult:
    files: list[Path] = field(default_factory=list)
    empty: dict[str, list[str]] = field(default_factory=dict)   # record title -> fields used but empty


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold().replace("ё", "е"))


def names_for(kd: KindDef) -> dict[str, str]:
    """Normalized key or label -> field key."""
    out: dict[str, str] = {}
    for f in kd.fields:
        for text in (f.key, f.label_en, f.label_ru):
            if text:
                out.setdefault(_norm(text), f.key)
    return out


def _show(fd: FieldDef | None, value: Any) -> Any:
    """A value as a Russian letter writes it (client/core/present.py); fields no section defines stay as they are."""
    if value is None:
        return ""
    if fd is not None and fd.type in ("date", "datetime", "choice", "bool"):
        return as_text(fd, value, "ru", use="letter")
    return value  # numbers stay numbers, so a template may compute with them


def record_context(replica: Replica, schema: Schema, record: Record, *, depth: int = 0) -> dict[str, Any]:
    kd = schema.kind(record.kind)
    ctx: dict[str, Any] = {"id": record.id}
    for f in kd.fields:
        value = record.fields.get(f.key)
        if f.type == "link" and value:
            linked = replica.get(str(value))
            if linked is not None and schema.has_kind(linked.kind):
                ctx[f.key] = schema.title(linked.kind, linked.fields)
                if depth == 0:
                    ctx["org" if f.key == "organization" else f.key + "_record"] = \
                        record_context(replica, schema, linked, depth=1)
                continue
        ctx[f.key] = _show(f, value)
    if depth == 0 and record.kind == "organization":
        ctx["contacts"] = [record_context(replica, schema, c, depth=1)
                           for c in replica.records("contact", where={"organization": record.id})]
    ctx["today"] = date.today().strftime("%d.%m.%Y")
    return ctx


class Template:
    """A .docx template read once and rendered for many records."""

    def __init__(self, path: Path, kd: KindDef) -> None:
        from mailmerge import MailMerge
        if not path.exists():
            raise MergeError(f"no such template: {path}")
        self.path = path
        self.kd = kd
        self.data = path.read_bytes()
        self.names = names_for(kd)
        self.strange: dict[str, str] = {}
        try:
            with MailMerge(io.BytesIO(self.data)) as mm:
                self.merge_fields = sorted(mm.get_merge_fields())
        except Exception as e:
            raise MergeError(f"{path.name} is not a readable Word document ({type(e).__name__})") from None
        self.placeholders = sorted(self._placeholders())

    def _tpl(self, data: bytes) -> Any:
        from docxtpl import DocxTemplate
        names = self.names
        strange = self.strange

        class LabelTemplate(DocxTemplate):  # type: ignore[misc]
            def patch_xml(self, src_xml: str) -> str:
                xml = super().patch_xml(src_xml)  # joins placeholders Word split across runs

                def to_key(m: re.Match[str]) -> str:
                    inner = m.group(1)
                    if not _SIMPLE.match(inner) or _ATTRIBUTE.match(inner):
                        return m.group(0)  # an expression (c.name, org.tax_id, a filter): Jinja's business
                    key = names.get(_norm(inner))
                    if key:
                        return "{{ " + key + " }}"
                    if not inner.isidentifier():
                        # A label nobody has, such as {{ Размер обуви }}: report it, don't choke on it.
                        strange.setdefault(inner, f"unknown_label_{len(strange)}")
                        return "{{ " + strange[inner] + " }}"
                    return m.group(0)
                return _PLACEHOLDER.sub(to_key, xml)
        return LabelTemplate(io.BytesIO(data))

    def _placeholders(self) -> set[str]:
        try:
            return set(self._tpl(self.data).get_undeclared_template_variables())
        except Exception as e:
            raise MergeError(f"{self.path.name}: a placeholder is broken ({e})") from None

    def unknown(self) -> list[str]:
        keys = {f.key for f in self.kd.fields}
        hidden = set(self.strange.values())
        bad = [n for n in self.placeholders if n not in keys and n not in EXTRA_NAMES and n not in hidden]
        bad += list(self.strange)
        bad += [n for n in self.merge_fields if _norm(n) not in self.names]
        return sorted(set(bad))

    def used_fields(self) -> set[str]:
        keys = {f.key for f in self.kd.fields}
        return {n for n in self.placeholders if n in keys} | {self.names[_norm(n)] for n in self.merge_fields
                                                             if _norm(n) in self.names}

    def render(self, ctx: dict[str, Any]) -> bytes:
        data = self.data
        if self.merge_fields:
            from mailmerge import MailMerge
            with MailMerge(io.BytesIO(data)) as mm:
                mm.merge(**{n: str(ctx.get(self.names.get(_norm(n), n), "")) for n in self.merge_fields})
                out = io.BytesIO()
                mm.write(out)
                data = out.getvalue()
        if self.placeholders or "{%" in self.data.decode("latin-1"):
            tpl = self._tpl(data)
            tpl.render(ctx, autoescape=True)
            out = io.BytesIO()
            tpl.save(out)
            data = out.getvalue()
        return data


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|]+', "_", text).strip()[:80] or "document"


def merge(replica: Replica, template_path: Path, kind: str, records: Iterable[Record], out: Path, *,
          single: bool = False, as_list: bool = False) -> MergeResult:
    """Write one document per record into the folder `out`, or one combined document `out` (single/list)."""
    schema = replica.schema()
    kd = schema.kind(kind)
    records = list(records)
    if not records:
        raise MergeError("no records to merge")
    template = Template(template_path, kd)
    unknown = template.unknown()
    if unknown:
        known = ", ".join(f.key for f in kd.fields)
        raise MergeError(f"the template names fields this section does not have: {', '.join(unknown)} "
                         f"(known: {known})")
    result = MergeResult()
    used = template.used_fields()
    for r in records:
        empty = sorted(k for k in used if r.fields.get(k) in (None, ""))
        if empty:
            result.empty[schema.title(r.kind, r.fields) or r.id] = empty
    if as_list:
        ctx = {"records": [record_context(replica, schema, r) for r in records], "count": len(records),
               "today": date.today().strftime("%d.%m.%Y")}
        out.write_bytes(template.render(ctx))
        result.files.append(out)
        return result
    rendered = [(r, template.render(record_context(replica, schema, r))) for r in records]
    if single:
        from docx import Document
        from docx.enum.text import WD_BREAK
        from docxcompose.composer import Composer
        first = Document(io.BytesIO(rendered[0][1]))
        composer = Composer(first)
        for _, data in rendered[1:]:
            first.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # each letter starts on a new page
            composer.append(Document(io.BytesIO(data)))
        composer.save(str(out))
        result.files.append(out)
        return result
    out.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    for r, data in rendered:
        name = _safe_name(schema.title(r.kind, r.fields) or r.id)
        stem, n = name, 2
        while name in seen:
            name, n = f"{stem} ({n})", n + 1
        seen.add(name)
        path = out / f"{name}.docx"
        path.write_bytes(data)
        result.files.append(path)
    return result
