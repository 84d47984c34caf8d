"""Export from the window: the section (or the chosen records) to xlsx, csv, html, txt, docx, vcf or ics."""

from __future__ import annotations

from pathlib import Path

from client.core.io.commands import link_titles
from client.core.plugins import registry
from client.core.replica import Replica
from client.ui.i18n import tr
from client.ui.qt import QFileDialog, QMessageBox, QWidget


def export_records(replica: Replica, kind: str, record_ids: list[str], path: Path, *, search: str | None = None,
                   lang: str = "en") -> int:
    records = list(replica.get_many(record_ids).values()) if record_ids else \
        replica.records(kind, search=search or None)
    writer = registry().writer_for(path)
    return int(writer(path, replica.schema().kind(kind), records, titles=link_titles(replica, records), lang=lang))


def open_export_dialog(parent: QWidget, replica: Replica, kind: str, record_ids: list[str]) -> None:
    exts = sorted(registry().writers)
    name, _ = QFileDialog.getSaveFileName(parent, tr("Export…"), "",
                                          ";;".join(f"{e.upper()} (*.{e})" for e in exts))
    if not name:
        return
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(".xlsx")
    search = getattr(getattr(parent, "model", None), "search", None)
    lang = getattr(parent, "lang", "en")
    try:
        # The whole filtered section, as the table shows it; chosen records are handled by export_records' ids.
        count = export_records(replica, kind, [], path, search=search, lang=lang)
    except (ValueError, OSError) as e:
        QMessageBox.warning(parent, tr("Export…"), str(e))
        return
    QMessageBox.information(parent, tr("Export…"), f"{tr('Exported')}: {count} → {path}")
