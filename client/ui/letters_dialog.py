"""File > Letters (Документы по шаблону): a Word template (recent ones remembered, Russian samples ready) filled
for exactly the records the list shows, one file each, one combined document or one list; the first record's
result is previewed, names the section lacks are shown before anything is written, and the folder opens after."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from client.core import letter_samples, template_library
from client.core.error_words import in_words
from client.core.merge import MergeError, MergeResult, Template, merge
from client.core.replica import Replica
from client.core.selection import Shown
from client.ui.files import documents_folder
from client.ui.i18n import tr
from client.ui.qt import (
    QComboBox,
    QDesktopServices,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.widgets import message_line, progress_bar

RECENT = "recent_templates"
MODES = ("each", "single", "list")


class LettersDialog(QDialog):
    def __init__(self, replica: Replica, shown: Shown, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.shown = shown
        self.lang = lang
        self.merged: MergeResult | None = None
        self.open_after = True  # tests turn this off
        self._cancel = threading.Event()
        self.setWindowTitle(tr("Letters from a template"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        self.count = QLabel()
        layout.addWidget(self.count)
        form = QFormLayout()
        layout.addLayout(form)
        row = QHBoxLayout()
        self.template = QComboBox()
        self.template.currentIndexChanged.connect(lambda _: self.check())
        choose = QPushButton(tr("Choose a file…"))
        choose.clicked.connect(self.choose_file)
        self.share_button = QPushButton(tr("Share with the office"))
        self.share_button.setToolTip(tr("Every PC of the office gets this template in its list"))
        self.share_button.clicked.connect(self.share)
        row.addWidget(self.template, 1)
        row.addWidget(choose)
        row.addWidget(self.share_button)
        form.addRow(tr("Template:"), row)
        self.mode = QComboBox()
        for key, label in zip(MODES, (tr("One document per record"), tr("One combined document, a page each"),
                                      tr("One list of all records"))):
            self.mode.addItem(label, key)
        self.mode.currentIndexChanged.connect(lambda _: self.check())
        form.addRow(tr("Make:"), self.mode)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setMinimumHeight(180)
        layout.addWidget(QLabel(tr("The first record, as it will read:")))
        layout.addWidget(self.preview)
        self.message = message_line(layout)
        self.progress = progress_bar(layout)
        buttons = QHBoxLayout()
        self.open_folder = QPushButton(tr("Open the folder"))
        self.open_folder.setVisible(False)
        self.open_folder.clicked.connect(self._open_folder)
        self.write_button = QPushButton(tr("Make the documents…"))
        self.write_button.setDefault(True)
        self.write_button.clicked.connect(self.choose_and_write)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.records = shown.records(replica)
        self.count.setText(f"{tr('Records')}: {len(self.records)} "
                           f"({replica.schema().kind(shown.kind).label(lang)})")
        self._fill_templates()

    # ---- choosing

    def _fill_templates(self, select: Path | None = None) -> None:
        self.template.blockSignals(True)
        self.template.clear()
        for path in [Path(p) for p in (self.replica.meta(RECENT) or []) if Path(p).exists()]:
            self.template.addItem(path.name, str(path))
        for t in template_library.shared(self.replica, self.shown.kind):
            self.template.addItem(f"{t.name} ({tr('office template')})", f"office:{t.rec}")
        for title in letter_samples.SAMPLES:
            self.template.addItem(f"{title} ({tr('sample')})", f"sample:{title}")
        if select is not None:
            self.template.setCurrentIndex(max(0, self.template.findData(str(select))))
        self.template.blockSignals(False)
        self.check()

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Template:"), str(documents_folder()), "Word (*.docx)")
        if name:
            self.use_template(Path(name))

    def use_template(self, path: Path) -> None:
        recent = [str(path)] + [p for p in (self.replica.meta(RECENT) or []) if p != str(path)]
        self.replica.set_meta(RECENT, recent[:10])  # this PC remembers the last ten
        self._fill_templates(path)

    def template_path(self) -> Path | None:
        data = self.template.currentData()
        if not data:
            return None
        if str(data).startswith("sample:"):
            return letter_samples.sample_path(Path(self.replica.profile), str(data).split(":", 1)[1])
        if str(data).startswith("office:"):
            return template_library.local_copy(self.replica, str(data).split(":", 1)[1])
        return Path(str(data))

    def share(self) -> str | None:
        """The chosen file goes into the office's template library (it syncs to every PC)."""
        data = str(self.template.currentData() or "")
        if not data or data.startswith(("sample:", "office:")):
            self.message.setText(tr("Choose a file of your own to share"))
            return None
        try:
            rec = template_library.share(self.replica, Path(data), self.shown.kind)
        except (ValueError, OSError) as e:
            self.message.setText(str(e))
            return None
        self._fill_templates()
        self.template.setCurrentIndex(max(0, self.template.findData(f"office:{rec}")))
        self.message.setText(tr("Shared: every PC of the office has it now"))
        return rec

    def check(self) -> bool:
        """Show the first record's result, or why the template does not fit this section; True when it fits."""
        path = self.template_path()
        data = str(self.template.currentData() or "")
        if data.startswith("sample:") and letter_samples.is_list(data.split(":", 1)[1]):
            self.mode.blockSignals(True)
            self.mode.setCurrentIndex(MODES.index("list"))
            self.mode.blockSignals(False)
        self.preview.clear()
        self.write_button.setEnabled(False)
        if path is None or not self.records:
            self.message.setText(tr("There are no records to use") if not self.records else "")
            return False
        kd = self.replica.schema().kind(self.shown.kind)
        try:
            template = Template(path, kd)
            unknown = template.unknown()
            if unknown:
                known = ", ".join(f.label(self.lang) for f in kd.visible_fields())
                self.message.setText(f"{tr('The template names fields this section does not have')}: "
                                     f"{', '.join(unknown)}\n{tr('Fields of this section')}: {known}")
                return False
            self.preview.setPlainText(self._first_as_text(template))
        except MergeError as e:
            self.message.setText(str(e))
            return False
        self.message.setText("")
        self.write_button.setEnabled(True)
        return True

    def _first_as_text(self, template: Template) -> str:
        import io

        from docx import Document

        from client.core.merge import record_context
        schema = self.replica.schema()
        if self.mode.currentData() == "list":
            rows = [record_context(self.replica, schema, r) for r in self.records[:20]]
            ctx = {"records": rows, "count": len(self.records), "today": ""}
            data = template.render_rows(rows, ctx) if template.merge_fields else template.render(ctx)
        else:
            data = template.render(record_context(self.replica, schema, self.records[0]))
        doc = Document(io.BytesIO(data))
        lines = [p.text for p in doc.paragraphs]
        lines += [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows]
        return "\n".join(lines)

    # ---- writing

    def choose_and_write(self) -> None:
        if self.mode.currentData() == "each":
            target = QFileDialog.getExistingDirectory(self, tr("Make the documents…"), str(documents_folder()))
        else:
            target, _ = QFileDialog.getSaveFileName(self, tr("Make the documents…"), str(documents_folder()),
                                                "Word (*.docx)")
        if target:
            self.write(Path(target))

    def write(self, out: Path) -> None:
        path = self.template_path()
        if path is None or not self.check():
            return
        if self.mode.currentData() != "each" and out.suffix.lower() != ".docx":
            out = out.with_suffix(".docx")
        mode = self.mode.currentData()
        self._cancel.clear()
        self.write_button.setEnabled(False)
        self.cancel_button.setText(tr("Cancel"))  # stops the making
        self.progress.setVisible(True)
        self.progress.setRange(0, max(1, len(self.records)))
        self.out = out
        self._task = tasks().run(
            lambda: merge(self.replica, path, self.shown.kind, self.records, out, single=mode == "single",
                          as_list=mode == "list", progress=tasks().progress(self._progress, self),
                          cancelled=self._cancel.is_set),
            on_done=self._done, on_error=self._failed, owner=self, name="letters")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _done(self, result: MergeResult) -> None:
        self.merged = result
        self.progress.setVisible(False)
        self.write_button.setEnabled(True)
        empty = f"\n{tr('Empty fields in')}: {', '.join(list(result.empty)[:5])}" if result.empty else ""
        self.message.setText(f"{tr('Documents made')}: {len(result.files)} → {self.out}{empty}")
        self.open_folder.setVisible(True)
        self.cancel_button.setText(tr("Close"))  # made: nothing is left to cancel
        if self.open_after:
            self._open_folder()

    def _failed(self, e: BaseException) -> None:
        self.progress.setVisible(False)
        self.write_button.setEnabled(True)
        self.message.setText(f"{tr('Nothing was written')}: {in_words(e)}")

    def _open_folder(self) -> None:
        folder = self.out if self.out.is_dir() else self.out.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def cancel(self) -> None:
        task = getattr(self, "_task", None)
        if task is not None and not task.done():
            self._cancel.set()
        else:
            self.reject()


def open_letters_dialog(parent: Any, replica: Replica, shown: Shown) -> LettersDialog:
    dialog = LettersDialog(replica, shown, getattr(parent, "lang", "en"), parent)
    dialog.show()
    return dialog
