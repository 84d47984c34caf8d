"""The import dialog: pick a file, check the column mapping against a preview, import with progress and cancel."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from client.core.error_words import in_words
from client.core.io import importer
from client.core.io.mapping import auto_map, best_table, normalize
from client.core.io.readers import to_text
from client.core.io.table import Table
from client.core.plugins import read_file
from client.core.replica import Replica
from client.ui.files import documents_folder
from client.ui.i18n import tr
from client.ui.qt import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.undo_import_dialog import UndoImportDialog
from client.ui.widgets import ElidedLabel, message_line, progress_bar

SKIP = "__skip__"
NEW = "__new__"


class ImportDialog(QDialog):
    def __init__(self, replica: Replica, parent: QWidget | None = None, *, path: Path | None = None,
                 kind: str = "contact", lang: str = "en") -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        self.tables: list[Table] = []
        self.source = ""  # the file's name, remembered with the import
        self.statement_dialog: QDialog | None = None
        self.report: importer.ImportReport | None = None
        self._cancel = threading.Event()
        self.setWindowTitle(tr("Import"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.file_label = ElidedLabel(tr("No file chosen"))  # a long file name must not squeeze the drop-downs
        self.file_label.setMinimumWidth(160)
        choose = QPushButton(tr("Choose file…"))
        choose.clicked.connect(self.choose_file)
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(tr("Sheet:")))
        self.sheet = QComboBox()
        # A sheet's name can be a whole file name (a CSV's): room for 18 letters, the rest in its drop-down.
        self.sheet.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sheet.setMinimumContentsLength(18)
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        top.addWidget(self.sheet)
        top.addWidget(QLabel(tr("Section:")))
        self.kind = QComboBox()
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for kd in replica.schema().kinds():
            self.kind.addItem(kd.label(lang), kd.key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.currentIndexChanged.connect(self._sheet_changed)
        top.addWidget(self.kind)
        layout.addLayout(top)
        saved = QHBoxLayout()
        self.saved = QComboBox()
        self.saved.activated.connect(self._apply_saved)
        self.new_fields_button = QPushButton(tr("New fields for the other columns"))
        self.new_fields_button.clicked.connect(self.all_new_fields)
        saved.addWidget(self.new_fields_button)
        save_mapping = QPushButton(tr("Save mapping…"))
        save_mapping.clicked.connect(self.save_mapping)
        saved.addWidget(QLabel(tr("Saved mappings:")))
        saved.addWidget(self.saved, 1)
        saved.addWidget(save_mapping)
        saved.addWidget(QLabel(tr("Duplicates:")))
        self.duplicates = QComboBox()
        self.duplicates.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for mode, label in (("skip", tr("skip")), ("update", tr("update")), ("create", tr("add anyway"))):
            self.duplicates.addItem(label, mode)
        self.duplicates.currentIndexChanged.connect(self._ready)
        saved.addWidget(self.duplicates)
        layout.addLayout(saved)
        layout.addWidget(QLabel(tr("Columns of the file and the fields they go to (first rows as a preview):")))
        self.grid = QTableWidget(0, 0)
        layout.addWidget(self.grid, 1)
        self.owner_note = QLabel()  # who a new record's Менеджер is when no column fills it
        self.owner_note.setVisible(False)
        layout.addWidget(self.owner_note)
        self.progress = progress_bar(layout)
        self.message = message_line(layout)
        buttons = QHBoxLayout()
        self.undo_button = QPushButton(tr("Undo an import…"))
        self.undo_button.clicked.connect(self.undo_import)
        self.undo_dialog: UndoImportDialog | None = None
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.import_button = QPushButton(tr("Import"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)
        self.combos: list[QComboBox] = []
        self._worker: Future[importer.ImportReport] | None = None
        self._fill_saved()
        if path is not None:
            self.load(path)

    # ---- file and mapping

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("Choose file…"), str(documents_folder()),
                                              tr("Spreadsheets") + " (*.xlsx *.xls *.ods *.csv *.txt *.vcf)")
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        from client.core.bank_statement import sniff
        if sniff(path):  # a bank statement, whatever it is called: its payments go to invoices
            from client.ui.statement_dialog import StatementDialog
            self.statement_dialog = StatementDialog(self.replica, path, self.lang, self.parentWidget())
            self.statement_dialog.open()
            self.reject()
            return
        try:
            self.tables = read_file(path)
        except Exception as e:  # a missing, broken or unreadable file: say why, keep the dialog open
            self.message.setText(str(e))
            return
        self.file_label.setText(path.name)
        self.source = path.name
        self.sheet.blockSignals(True)
        self.sheet.clear()
        for t in self.tables:
            self.sheet.addItem(f"{t.name} ({len(t.rows)})", t.name)
        self.sheet.setCurrentIndex(self._best_sheet())
        self.sheet.blockSignals(False)
        self._sheet_changed()

    def _best_sheet(self) -> int:
        return best_table(self.tables, self.replica.schema(), self.current_kind())

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def table(self) -> Table | None:
        i = self.sheet.currentIndex()
        return self.tables[i] if 0 <= i < len(self.tables) else None

    def _sheet_changed(self, *_: Any) -> None:
        table = self.table()
        if table is None:
            return
        kd = self.replica.schema().kind(self.current_kind())
        mapping = auto_map(table.headers, self.replica.schema(), kd.key, linked=not table.keep_rest_in_note)
        preview = table.rows[:5]
        self.grid.clear()
        self.grid.setRowCount(len(table.headers))
        self.grid.setColumnCount(2 + len(preview))
        self.grid.setHorizontalHeaderLabels([tr("Column"), tr("Field")] + [f"{tr('Row')} {i + 1}"
                                                                         for i in range(len(preview))])
        self.combos = []
        for i, header in enumerate(table.headers):
            self.grid.setItem(i, 0, QTableWidgetItem(header))
            combo = QComboBox()
            combo.addItem(tr("— do not import —"), SKIP)
            for f in kd.fields:
                if not f.computed:
                    combo.addItem(f.label(self.lang), f.key)
            for key, label in self._linked_fields(kd):
                combo.addItem(label, key)
            combo.addItem(tr("New field:") + f" {header}", NEW)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(i, SKIP))))
            self.grid.setCellWidget(i, 1, combo)
            self.combos.append(combo)
            combo.currentIndexChanged.connect(self._show_owner_note)
            combo.currentIndexChanged.connect(self._ready)
            for j, row in enumerate(preview):
                self.grid.setItem(i, 2 + j, QTableWidgetItem(to_text(row[i]) if i < len(row) else ""))
        self.grid.resizeColumnsToContents()
        self._show_owner_note()
        self.message.setText(f"{tr('Header found on row')} {table.header_row}; {len(table.rows)} {tr('rows')}")
        self._ready()

    def _show_owner_note(self, *_: Any) -> None:
        """Say who a new record's owner field (Менеджер, Исполнитель) will be when no column is mapped to it."""
        kd = self.replica.schema().kind(self.current_kind())
        mapped = set(self.mapping().values())
        lines = [tr("{field} is not in the file: it will be {user} (the one who imports)").format(
                     field=fd.label(self.lang), user=user)
                 for key, user in importer.owner_defaults(self.replica, kd.key).items()
                 if key not in mapped and (fd := kd.field(key)) is not None]
        self.owner_note.setText("\n".join(lines))
        self.owner_note.setVisible(bool(lines))

    def _linked_fields(self, kd: Any) -> list[tuple[str, str]]:
        """The organization's own fields, offered in a contact import (its ИНН, КПП, site)."""
        org = kd.field("organization")
        schema = self.replica.schema()
        if org is None or org.type != "link" or not schema.has_kind(str(org.options.get("link_kind"))):
            return []
        linked = schema.kind(str(org.options["link_kind"]))
        return [(f"organization.{f.key}", f"{org.label(self.lang)}: {f.label(self.lang)}")
                for f in linked.visible_fields() if f.key != linked.title_field and f.type != "link"]

    def all_new_fields(self) -> None:
        """Every column that fills no field becomes a new field, in one step."""
        table = self.table()
        for i, combo in enumerate(self.combos):
            if combo.currentData() == SKIP and table is not None and str(table.headers[i]).strip() \
                    and not str(table.headers[i]).startswith("#"):
                combo.setCurrentIndex(combo.findData(NEW))

    def mapping(self) -> dict[int, str]:
        return {i: str(c.currentData()) for i, c in enumerate(self.combos) if c.currentData() != SKIP}

    def _fill_saved(self) -> None:
        self.saved.clear()
        self.saved.addItem("", None)
        for name in sorted(self.replica.meta("import_mappings") or {}):
            self.saved.addItem(name, name)

    def save_mapping(self) -> None:
        table = self.table()
        if table is None:
            return
        name, ok = QInputDialog.getText(self, tr("Save mapping…"), tr("Name:"))
        if ok and name.strip():
            saved = dict(self.replica.meta("import_mappings") or {})
            saved[name.strip()] = {"kind": self.current_kind(),
                                   "columns": {normalize(table.headers[i]): key for i, key in self.mapping().items()}}
            self.replica.set_meta("import_mappings", saved)
            self._fill_saved()

    def _apply_saved(self, index: int) -> None:
        name = self.saved.itemData(index)
        spec = (self.replica.meta("import_mappings") or {}).get(name) if name else None
        table = self.table()
        if not spec or table is None:
            return
        self.kind.setCurrentIndex(max(0, self.kind.findData(spec["kind"])))
        for i, header in enumerate(table.headers):
            key = spec["columns"].get(normalize(header), SKIP)
            self.combos[i].setCurrentIndex(max(0, self.combos[i].findData(key)))

    # ---- running

    def start_import(self) -> None:
        table = self.table()
        if table is None:
            self.message.setText(tr("Choose a file first"))
            return
        kind = self.current_kind()
        mapping = self.mapping()
        # The columns marked "new field" become custom fields, on every PC.
        mapping.update(importer.make_fields(self.replica, kind, table, [i for i, k in mapping.items() if k == NEW]))
        mapping = {i: k for i, k in mapping.items() if k != NEW}
        self._cancel.clear()
        self.import_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, max(1, len(table.rows)))
        mode = str(self.duplicates.currentData())

        def failed(e: Exception) -> None:
            self._finished(str(e) if isinstance(e, importer.Cancelled)
                           else f"{tr('The import failed and nothing was changed')}: {in_words(e)}")
        self._worker = tasks().run(
            lambda: importer.run_import(self.replica, table, kind, mapping, on_duplicate=mode,
                                        progress=tasks().progress(self._progress, self),
                                        cancelled=self._cancel.is_set, source=self.source),
            on_done=self._finished, on_error=failed, owner=self, name="import")

    def cancel(self) -> None:
        if self._worker is not None and not self._worker.done():
            self._cancel.set()
        else:
            self.reject()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _ready(self, *_: Any) -> None:
        """A new file or a changed column may be imported (again): the buttons say so."""
        self.import_button.setEnabled(True)
        self.cancel_button.setText(tr("Cancel"))

    def _finished(self, result: Any) -> None:
        self.progress.setVisible(False)
        if isinstance(result, importer.ImportReport):
            # Done: a second click would import the same rows again, so the dialog now only closes,
            # until the user picks another file or changes a column.
            self.import_button.setEnabled(False)
            self.cancel_button.setText(tr("Close"))
            self.report = result
            text = result.summary()
            if result.needs_file():
                table = self.table()
                assert table is not None
                target = documents_folder() / importer.report_name(table.name)
                try:
                    result.write_xlsx(target, table.headers)
                    text += f"\n{tr('Rows not imported, with reasons')}: {target}"
                except OSError:
                    pass
                text += "\n" + "\n".join([f"{tr('Row')} {p.row}: {p.reason}" for p in result.problems[:10]]
                                          + [f"{tr('Row')} {c.row}, {c.column}: {c.reason}"
                                             for c in result.left_out[:10]])
            self.message.setText(text)
        else:
            self.import_button.setEnabled(True)
            self.message.setText(str(result))

    def undo_import(self) -> None:
        """The recent imports to choose from; the chosen one is undone after a question naming it."""
        self.undo_dialog = UndoImportDialog(self.replica, self, self.lang)
        self.undo_dialog.open()


def open_import_dialog(parent: QWidget, replica: Replica) -> None:
    kind = getattr(getattr(parent, "model", None), "kind", "contact")
    lang = getattr(parent, "lang", "en")
    ImportDialog(replica, parent, kind=kind, lang=lang).exec()
