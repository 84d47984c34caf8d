"""File > Price list: the catalog, all of it or one category, with the columns the user ticks, saved as Excel,
Word or PDF and opened (client/core/price_list.py does the writing)."""

from __future__ import annotations

from pathlib import Path

from client.core import price_list
from client.core.error_words import in_words
from client.core.replica import Replica
from client.ui.files import suggested
from client.ui.i18n import tr
from client.ui.qt import (
    QCheckBox,
    QComboBox,
    QDesktopServices,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from client.ui.records_model import display

FORMAT_NAMES = {"xlsx": "Excel (*.xlsx)", "docx": "Word (*.docx)", "pdf": "PDF (*.pdf)"}


class PriceListDialog(QDialog):
    def __init__(self, replica: Replica, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.open_after = True  # tests turn this off
        self.written: Path | None = None
        self.setWindowTitle(tr("Price list"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        kd = replica.schema().kind("product")
        category = kd.field("category")
        self.category = QComboBox()
        self.category.addItem(tr("All goods and services"), None)
        for value in (category.options.get("choices", []) if category else []):
            self.category.addItem(display(category, value, lang) if category else str(value), value)
        form.addRow(tr("Category:"), self.category)
        self.columns: dict[str, QCheckBox] = {}
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        for fd in kd.visible_fields():
            check = QCheckBox(fd.label(lang))
            check.setChecked(fd.key in price_list.DEFAULT_COLUMNS)
            self.columns[fd.key] = check
            v.addWidget(check)
        form.addRow(tr("Columns:"), box)
        self.format = QComboBox()
        for ext, name in FORMAT_NAMES.items():
            self.format.addItem(name, ext)
        form.addRow(tr("Format:"), self.format)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.choose_and_write)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_columns(self) -> list[str]:
        return [key for key, check in self.columns.items() if check.isChecked()]

    def choose_and_write(self) -> None:
        ext = str(self.format.currentData())
        name, _ = QFileDialog.getSaveFileName(self, tr("Price list"), suggested(f"{tr('Price list')}.{ext}"),
                                              FORMAT_NAMES[ext])
        if name:
            self.write(Path(name).with_suffix(f".{ext}"))

    def write(self, path: Path) -> bool:
        try:
            price_list.write(self.replica, path, category=self.category.currentData(), columns=self.chosen_columns())
        except (ValueError, OSError) as e:  # no goods, no Word for the PDF, a full disk: said, nothing half
            self.error.setText(in_words(e))
            return False
        self.written = path
        if self.open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.accept()
        return True
