"""Export from the window: the records the table shows, to xlsx, csv, html, txt, docx, vcf or ics."""

from __future__ import annotations

from pathlib import Path

from client.core.error_words import in_words
from client.core.plugins import registry
from client.core.replica import Replica
from client.core.selection import Shown
from client.ui.files import documents_folder
from client.ui.i18n import tr
from client.ui.qt import QFileDialog, QMessageBox, QWidget


def export_records(replica: Replica, shown: Shown, path: Path, *, lang: str = "en") -> int:
    """Write exactly the records the table shows (search, filter conditions, folder) to `path`."""
    records = shown.records(replica)
    writer = registry().writer_for(path)
    return int(writer(path, replica.schema().kind(shown.kind), records, titles=replica.link_titles(records),
                      lang=lang))


def open_export_dialog(parent: QWidget, replica: Replica, shown: Shown) -> None:
    exts = sorted(registry().writers)
    count = shown.count(replica)
    name, _ = QFileDialog.getSaveFileName(parent, f"{tr('Export…')} ({tr('records')}: {count})",
                                          str(documents_folder()), ";;".join(f"{e.upper()} (*.{e})" for e in exts))
    if not name:
        return
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(".xlsx")
    lang = getattr(parent, "lang", "en")
    try:
        written = export_records(replica, shown, path, lang=lang)
    except (ValueError, OSError) as e:
        QMessageBox.warning(parent, tr("Export…"), in_words(e))
        return
    QMessageBox.information(parent, tr("Export…"), f"{tr('Exported')}: {written} → {path}")
