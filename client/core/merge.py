"""Word mail merge: {{ placeholders }} through docxtpl and real MERGEFIELDs through docx-mailmerge2.

Names may be field keys or field labels in English or Russian (`{{ ФИО }}`, `{{ Эл. почта }}`, MERGEFIELD Телефон).
Related records are reachable: a contact's `organization` is its name and `org.<field>` its fields; an
organization has `contacts`, a list for `{%tr for c in contacts %}`. A list document gets `records`.
Unknown names are reported before anything is written, never left as blank holes.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from client.core.i18n import _
from client.core.present import as_text
from client.core.replica import Replica
from lan_server.files import write_whole
from lan_server.records import FieldDef, KindDef, Record, Schema
from lan_server.records.dates import date_text

log = logging.getLogger(__name__)

PLACEHOLDER = re.compile(r"\{\{\s*(.+?)\s*\}\}")
_SIMPLE = re.compile(r"^[^\s{}%|()\[\]'\"+*/<>=!]+(?: [^\s{}%|()\[\]'\"+*/<>=!]+)*$")
_ATTRIBUTE = re.compile(r"^[A-Za-z_]\w*(\.\w+)+$")
EXTRA_NAMES = {"today", "records", "count", "org", "contacts", "id", "loop"}


class MergeError(ValueError):
    pass


@dataclass
class MergeResult:
    files: list[Path] = field(default_factory=list)
    empty: dict[str, list[str]] = field(default_factory=dict)   # record title -> fields used but empty


def normalized(text: str) -> str:
    """A field's key or label as placeholders and column headers match it: any case, ё as е, no punctuation."""
    return re.sub(r"[\W_]+", "", text.casefold().replace("ё", "е"))


def is_label(inner: str) -> bool:
    """Whether a placeholder's text names a field (a key or a label), not an expression Jinja works out itself
    (c.name, org.tax_id, a filter)."""
    return bool(_SIMPLE.match(inner)) and not _ATTRIBUTE.match(inner)


def names_for(kd: KindDef) -> dict[str, str]:
    """Normalized key or label -> field key."""
    out: dict[str, str] = {}
    for f in kd.fields:
        for text in (f.key, f.label_en, f.label_ru):
            if text:
                out.setdefault(normalized(text), f.key)
    return out


class YesNo(str):
    """A yes/no value: written as "да"/"нет", and true or false as the value is, so `{% if paid %}` follows it
    (the plain text "нет" would be true)."""

    def __new__(cls, value: bool, text: str) -> YesNo:
        made = super().__new__(cls, text)
        made.value = bool(value)
        return made

    value: bool

    def __bool__(self) -> bool:
        return self.value


def _show(fd: FieldDef | None, value: Any) -> Any:
    """A value as a Russian letter writes it (client/core/present.py); fields no section defines stay as they are."""
    if value is None:
        return YesNo(False, "") if fd is not None and fd.type == "bool" else ""
    if fd is not None and fd.type == "bool":
        return YesNo(bool(value), as_text(fd, value, "ru", use="letter"))
    if fd is not None and fd.type in ("date", "datetime", "choice"):
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
    ctx["today"] = date_text(date.today())
    for key, value in record.fields.items():  # values no field defines: derived by a plugin, say
        if key not in ctx and not key.startswith("_") and kd.field(key) is None:
            ctx[key] = value
    if depth == 0:
        from client.core.plugins import registry
        for name, variable in registry().template_variables.items():  # what plugins offer ({{ name }})
            if name not in ctx:
                try:
                    ctx[name] = variable.value(replica, record)
                except Exception:  # a plugin's bug leaves its variable empty, never the letter unmade
                    log.exception("template variable %s failed", name)
                    ctx[name] = ""
    return ctx


class Template:
    """A .docx template read once and rendered for many records."""

    def __init__(self, path: Path, kd: KindDef) -> None:
        if not path.exists():
            raise MergeError(_("no such template: {path}").format(path=path))
        self.path = path
        self.kd = kd
        self.data = path.read_bytes()
        self.names = names_for(kd)
        self.strange: dict[str, str] = {}
        try:
            from mailmerge import MailMerge
            with MailMerge(io.BytesIO(self.data)) as mm:  # plain options: fields inside IF fields are listed too
                # NEXT fields (label sheets) show as a field without a name: they are not a field to fill.
                self.merge_fields = sorted(n for n in mm.get_merge_fields() if n.strip())
            self.parts = _xml_parts(self.data)
        except Exception as e:
            raise MergeError(_("{name} is not a readable Word document ({error})").format(name=path.name,
                                                                                  error=type(e).__name__)) from None
        self._filled: _Filled | None = None
        self.has_next = any(_NEXT.search(xml) for xml in self.parts.values())
        self.jinja = any(mark in _text_of(xml) for xml in self.parts.values() for mark in ("{{", "{%", "{#"))
        self.placeholders = sorted(self._placeholders()) if self.jinja else []

    @staticmethod
    def _mailmerge(data: bytes) -> Any:
        from mailmerge import MailMerge, MailMergeOptions
        from mailmerge.mergeoptions import OptionAutoUpdateFields
        # Word's IF fields are worked out with the merged values (merge_if_fields), and Word is told to update
        # what other calculated fields remain when it opens the document: never a stale cached result.
        return MailMerge(io.BytesIO(data), options=MailMergeOptions(
            auto_update_fields_on_open=OptionAutoUpdateFields.AUTO, merge_if_fields=True))

    def _tpl(self, data: bytes) -> Any:
        from docxtpl import DocxTemplate
        names = self.names
        strange = self.strange

        class LabelTemplate(DocxTemplate):  # type: ignore[misc]
            def patch_xml(self, src_xml: str) -> str:
                xml = super().patch_xml(src_xml)  # joins placeholders Word split across runs

                def to_key(m: re.Match[str]) -> str:
                    inner = m.group(1)
                    label, bar, filters = inner.partition("|")
                    if bar and is_label(label.strip()) and (key := names.get(normalized(label))):
                        return "{{ " + key + " |" + filters + " }}"  # {{ Факс|default("—") }}: the label's field
                    if not is_label(inner):
                        return m.group(0)  # an expression (c.name, org.tax_id, a filter): Jinja's business
                    key = names.get(normalized(inner))
                    if key:
                        return "{{ " + key + " }}"
                    if not inner.isidentifier():
                        # A label nobody has, such as {{ Размер обуви }}: report it, don't choke on it.
                        strange.setdefault(inner, f"unknown_label_{len(strange)}")
                        return "{{ " + strange[inner] + " }}"
                    return m.group(0)
                return PLACEHOLDER.sub(to_key, xml)
        return LabelTemplate(io.BytesIO(data))

    def _placeholders(self) -> set[str]:
        """Every name the template needs, headers, footers, footnotes and endnotes included; a name it only asks
        after (`{{ fax|default("—") }}`, `{% if fax is defined %}`) is not needed: a section without it merges."""
        import jinja2
        from jinja2 import meta
        try:
            tpl = self._tpl(self.data)
            env = jinja2.Environment()
            found: set[str] = set()
            for xml in self.parts.values():
                tree = env.parse(tpl.patch_xml(_as_lxml_writes(xml)))
                found |= meta.find_undeclared_variables(tree) & _needed(tree)
            return found
        except Exception as e:
            raise MergeError(f"{self.path.name}: {self._where_broken() or e}") from None

    def _where_broken(self) -> str:
        """Which part of the document holds the broken placeholder, and what is wrong there, in words."""
        import jinja2
        tpl = self._tpl(self.data)
        for part, xml in self.parts.items():
            try:
                jinja2.Environment().parse(tpl.patch_xml(_as_lxml_writes(xml)))
            except jinja2.TemplateSyntaxError as e:
                return f"a placeholder in {_PLACES.get(_part_kind(part), part)} is broken: {e.message}"
        return ""

    def unknown(self) -> list[str]:
        keys = {f.key for f in self.kd.fields}
        hidden = set(self.strange.values())
        bad = [n for n in self.placeholders if n not in keys and n not in EXTRA_NAMES and n not in hidden]
        bad += list(self.strange)
        bad += [n for n in self.merge_fields if normalized(n) not in self.names]
        return sorted(set(bad))

    def used_fields(self) -> set[str]:
        keys = {f.key for f in self.kd.fields}
        return {n for n in self.placeholders if n in keys} | {self.names[normalized(n)] for n in self.merge_fields
                                                             if normalized(n) in self.names}

    def row(self, ctx: dict[str, Any]) -> dict[str, str]:
        """One record's values under the template's MERGEFIELD names."""
        return {n: str(ctx.get(self.names.get(normalized(n), n), "")) for n in self.merge_fields}

    def fills_text_only(self) -> bool:
        """Only {{ }} placeholders, all in the main text: prepared once and filled per record (_Filled)."""
        return not self.merge_fields and self.jinja and self._only_in_text()

    def filled(self) -> _Filled:
        if self._filled is None:
            self._filled = _Filled(self)
        return self._filled

    def render(self, ctx: dict[str, Any]) -> bytes:
        data = self.data
        if self.fills_text_only():
            return self.filled().render(ctx)
        if self.merge_fields:
            with self._mailmerge(data) as mm:
                mm.merge(**self.row(ctx))
                data = _written(mm)
        return self._render_jinja(data, ctx)

    def _render_jinja(self, data: bytes, ctx: dict[str, Any]) -> bytes:
        if not self.jinja:  # the parts were looked at unpacked: footnotes and headers count too
            return data
        tpl = self._tpl(data)
        try:
            tpl.render(ctx, jinja_env=_environment(), autoescape=True)
        except Exception as e:  # nothing is written half: the caller writes only what rendered whole
            raise MergeError(f"{self.path.name}: {self._where_broken() or e}") from None
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    def _only_in_text(self) -> bool:
        """Whether every placeholder is in the main text (none in headers, footers, notes or the properties)."""
        import zipfile
        if any(mark in _text_of(xml) for part, xml in self.parts.items() if part != "word/document.xml"
               for mark in ("{{", "{%", "{#")):
            return False
        with zipfile.ZipFile(io.BytesIO(self.data)) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace") if "docProps/core.xml" in z.namelist() \
                else ""
        return not any(mark in core for mark in ("{{", "{%"))

    def render_all(self, contexts: list[dict[str, Any]]) -> bytes:
        """One document for many records with Word's own merge (MERGEFIELD templates): a page per record, or, with
        NEXT fields (label and envelope sheets), as many records per page as the template has labels."""
        with self._mailmerge(self.data) as mm:
            mm.merge_templates([self.row(c) for c in contexts], separator="page_break")
            return _written(mm)

    def render_rows(self, contexts: list[dict[str, Any]], ctx: dict[str, Any]) -> bytes:
        """A list document with MERGEFIELDs: the table row holding the fields repeats once per record."""
        row_fields = [n for n in self.merge_fields if n in _row_fields(self.parts)]
        if not row_fields:
            raise MergeError(_("{name}: a list needs a table row with the fields to repeat; this template has none "
                               "(use one document per record or one combined document instead)").format(
                                   name=self.path.name))
        with self._mailmerge(self.data) as mm:
            mm.merge_rows(row_fields[0], [self.row(c) for c in contexts])
            rest = [n for n in self.merge_fields if n not in row_fields]
            if rest:
                mm.merge(**{n: str(ctx.get(self.names.get(normalized(n), n), "")) for n in rest})
            return self._render_jinja(_written(mm), ctx)


class _Filled:
    """A template whose placeholders are all in the main text, prepared once and filled per record: docxtpl's
    own steps (its joining of split placeholders, its rendering, its fixing of tables and picture ids) run on
    the text alone, and only word/document.xml changes between letters, where docxtpl would open the .docx,
    compile the template and write every part again for each one."""

    def __init__(self, template: Template) -> None:
        import zipfile

        import jinja2
        self.template = template
        self.tpl = template._tpl(template.data)
        self.tpl.render_init()
        body = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.tpl.patch_xml(self.tpl.get_xml()))
        try:
            self.compiled = _environment().from_string(body)
        except jinja2.TemplateError as e:
            raise MergeError(f"{template.path.name}: {template._where_broken() or e}") from None
        with zipfile.ZipFile(io.BytesIO(template.data)) as z:
            self.members = [(info, z.read(info)) for info in z.infolist()]
        document = next(data for info, data in self.members if info.filename == "word/document.xml").decode("utf-8")
        found = re.search(r"<w:body\b.*</w:body>", document, re.S)
        if found is None:
            raise MergeError(_("{name} is not a readable Word document ({error})").format(
                name=template.path.name, error="no body"))
        self.before, self.after = document[:found.start()], document[found.end():]

    def _body(self, ctx: dict[str, Any]) -> Any:
        """One record's <w:body>, rendered and fixed as docxtpl fixes it."""
        try:
            xml = self.compiled.render(ctx)
        except Exception as e:  # nothing is written half: the caller writes only what rendered whole
            raise MergeError(f"{self.template.path.name}: {self.template._where_broken() or e}") from None
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        tree = self.tpl.fix_tables(self.tpl.resolve_listing(xml))
        self.tpl.fix_docpr_ids(tree)  # picture ids go on from the last letter's: unique in a combined document
        return tree

    def _zipped(self, body: Any) -> bytes:
        import zipfile

        from lxml import etree
        document = (self.before + etree.tostring(body, encoding="unicode") + self.after).encode("utf-8")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for info, data in self.members:
                z.writestr(info.filename, document if info.filename == "word/document.xml" else data)
        return out.getvalue()

    def render(self, ctx: dict[str, Any]) -> bytes:
        self.tpl.docx_ids_index = 1000  # as each docxtpl render starts
        return self._zipped(self._body(ctx))

    def render_combined(self, contexts: list[dict[str, Any]],
                        cancelled: Callable[[], bool] | None = None,
                        progress: Callable[[int, int], None] | None = None) -> bytes:
        """Every record's letter in one document, each from a new page, built in one pass (as docx-mailmerge2's
        merge_templates does for MERGEFIELDs): the letters' bodies one after another, the page settings once."""
        from lxml import etree
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        self.tpl.docx_ids_index = 1000
        combined: Any = None
        settings: Any = None
        for n, ctx in enumerate(contexts):
            if cancelled is not None and cancelled():
                raise MergeError(_("cancelled; nothing was written"))
            body = self._body(ctx)
            if combined is None:
                combined = etree.Element(body.tag, nsmap=body.nsmap)
            else:
                etree.SubElement(etree.SubElement(etree.SubElement(combined, f"{w}p"), f"{w}r"), f"{w}br",
                                 {f"{w}type": "page"})
            for child in list(body):
                if child.tag == f"{w}sectPr":
                    settings = child if settings is None else settings
                else:
                    combined.append(child)
            if progress is not None:
                progress(n + 1, len(contexts))
        if settings is not None:
            combined.append(settings)
        return self._zipped(combined)


_NEXT = re.compile(r"(w:instr=\"\s*NEXT\b|<w:instrText[^>]*>\s*NEXT\b)")
_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_PLACES = {"document": "the text", "header": "a header", "footer": "a footer", "footnotes": "the footnotes",
           "endnotes": "the endnotes"}


def _environment() -> Any:
    """Jinja as letters render: values escaped for Word's XML, and `default` ("d") also standing in for an empty
    field, as a letter's author means `{{ phone|default("—") }}` for a contact without a phone."""
    import jinja2

    def default(value: Any, fallback: Any = "", boolean: bool = False) -> Any:
        empty = isinstance(value, jinja2.Undefined) or value is None or value == "" or (boolean and not value)
        return fallback if empty else value
    env = jinja2.Environment(autoescape=True)
    env.filters["default"] = env.filters["d"] = default
    return env


def _needed(tree: Any) -> set[str]:
    """The names a parsed template reads without a fallback: not those only under `default` (`d`), tested with
    `is defined` / `is undefined`, or used inside `{% if name is defined %}`."""
    from jinja2 import nodes
    asked = {id(n.node) for n in tree.find_all(nodes.Filter) if n.name in ("default", "d")}
    asked |= {id(n.node) for n in tree.find_all(nodes.Test) if n.name in ("defined", "undefined")}
    for branch in tree.find_all(nodes.If):
        test = branch.test
        if isinstance(test, nodes.Test) and test.name == "defined" and isinstance(test.node, nodes.Name):
            asked |= {id(n) for part in branch.body for n in part.find_all(nodes.Name) if n.name == test.node.name}
    return {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load" and id(n) not in asked}


def _as_lxml_writes(xml: str) -> str:
    """A part's XML as docxtpl renders it (written out again by lxml: `&apos;` and the like become characters),
    so a placeholder is read here as it will be rendered."""
    from lxml import etree
    return str(etree.tostring(etree.fromstring(xml.encode("utf-8")), encoding="unicode"))


def _part_kind(name: str) -> str:
    return re.sub(r"\d+$", "", name.rsplit("/", 1)[-1].removesuffix(".xml"))


def _xml_parts(data: bytes) -> dict[str, str]:
    """The document's text-bearing parts (the body, headers, footers, footnotes, endnotes), unpacked."""
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8", errors="replace") for n in z.namelist() if _PART.fullmatch(n)}


def _text_of(xml: str) -> str:
    return re.sub(r"<[^>]+>", "", xml)


def _row_fields(parts: dict[str, str]) -> set[str]:
    """MERGEFIELD names that sit in a table row of the body."""
    found: set[str] = set()
    for row in re.findall(r"<w:tr[ >].*?</w:tr>", parts.get("word/document.xml", ""), re.S):
        code = " ".join(re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", row)
                        + re.findall(r'w:instr="([^"]*)"', row))
        found.update(re.findall(r"MERGEFIELD\s+\"?([^\s\"\\]+)", code))
    return found


def _written(mm: Any) -> bytes:
    out = io.BytesIO()
    mm.write(out)
    return _spaces_kept(out.getvalue())


_BARE_TEXT = re.compile(r"<w:t>([^<]*)</w:t>")


def _spaces_kept(data: bytes) -> bytes:
    """Word drops a text run's leading, trailing and repeated spaces unless the run is marked xml:space="preserve",
    and docx-mailmerge2 writes a merged value without the mark: "ООО  «Ромашка»" or an indented line of an
    address came out with its spaces gone. The runs whose spaces matter are marked; the rest stay as written."""
    import zipfile

    def mark(m: re.Match[str]) -> str:
        text = m.group(1)
        if text == text.strip() and "  " not in text:
            return m.group(0)
        return f'<w:t xml:space="preserve">{text}</w:t>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            part = src.read(item)
            if _PART.fullmatch(item.filename):
                part = _BARE_TEXT.sub(mark, part.decode("utf-8")).encode("utf-8")
            dst.writestr(item, part)
    return out.getvalue()


def safe_file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|]+', "_", text).strip()[:80] or "document"


def merge(replica: Replica, template_path: Path, kind: str, records: Iterable[Record], out: Path, *,
          single: bool = False, as_list: bool = False, progress: Callable[[int, int], None] | None = None,
          cancelled: Callable[[], bool] | None = None) -> MergeResult:
    """Write one document per record into the folder `out`, or one combined document `out` (single/list).

    Every document is made before any is written, so a cancel (`cancelled()`) or an error writes nothing."""
    schema = replica.schema()
    kd = schema.kind(kind)
    records = list(records)
    if not records:
        raise MergeError(_("no records to merge"))
    template = Template(template_path, kd)
    unknown = template.unknown()
    if unknown:
        known = ", ".join(f.key for f in kd.fields)
        raise MergeError(_("the template names fields this section does not have: {names} (known: {known})").format(
            names=", ".join(unknown), known=known))
    result = MergeResult()
    used = template.used_fields()
    for r in records:
        empty = sorted(k for k in used if r.fields.get(k) in (None, ""))
        if empty:
            result.empty[schema.title(r.kind, r.fields) or r.id] = empty
    contexts = [record_context(replica, schema, r) for r in records]
    if as_list:
        ctx = {"records": contexts, "count": len(records), "today": date_text(date.today())}
        write_whole(out, template.render_rows(contexts, ctx) if template.merge_fields and _row_fields(template.parts)
                     else template.render(ctx))
        result.files.append(out)
        return result
    if template.merge_fields and not template.jinja and (single or template.has_next):
        # Word's own merge: one pass for all records; NEXT fields put several records on a label sheet.
        if not single:
            out = out / f"{safe_file_name(template.path.stem)}.docx"
        write_whole(out, template.render_all(contexts))
        result.files.append(out)
        return result
    if single and template.fills_text_only():
        write_whole(out, template.filled().render_combined(contexts, cancelled, progress))
        result.files.append(out)
        return result
    rendered = []
    for n, (r, ctx) in enumerate(zip(records, contexts)):
        if cancelled is not None and cancelled():
            raise MergeError(_("cancelled; nothing was written"))
        rendered.append((r, template.render(ctx)))
        if progress is not None:
            progress(n + 1, len(records))
    if single:
        from docx import Document
        from docx.enum.text import WD_BREAK
        from docxcompose.composer import Composer
        first = Document(io.BytesIO(rendered[0][1]))
        composer = Composer(first)
        for _record, data in rendered[1:]:
            first.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # each letter starts on a new page
            composer.append(Document(io.BytesIO(data)))
        buffer = io.BytesIO()
        composer.save(buffer)
        write_whole(out, buffer.getvalue())
        result.files.append(out)
        return result
    out.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    for r, data in rendered:
        name = safe_file_name(schema.title(r.kind, r.fields) or r.id)
        stem, n = name, 2
        while name in seen:
            name, n = f"{stem} ({n})", n + 1
        seen.add(name)
        path = out / f"{name}.docx"
        write_whole(path, data)
        result.files.append(path)
    return result

