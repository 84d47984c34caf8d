"""The bin's heading above the list: which section's bin this is, how many records lie in it, how to get them
back, and the way out to the list."""

from __future__ import annotations

from client.ui.i18n import tr
from client.ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton

STYLE = """
QFrame#binHeading { background: #fff4e5; border: 1px solid #f5c27a; border-radius: 6px; }
QLabel#binTitle { font-size: 15px; font-weight: 600; color: #7a4b00; }
"""


class BinHeading(QFrame):
    """Shown only while the bin is open, so a list of removed records is never mistaken for the section itself."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("binHeading")
        self.setStyleSheet(STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.title = QLabel()
        self.title.setObjectName("binTitle")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.back = QPushButton()
        row.addWidget(self.title)
        row.addWidget(self.hint, 1)
        row.addWidget(self.back)
        self.hide()

    def show_for(self, section: str, count: int) -> None:
        self.title.setText(tr("Bin: {section}").replace("{section}", section))
        if count:
            self.hint.setText(tr("Removed records: {n}. Select them (Ctrl+A for all) and press «Restore from the "
                                 "bin».").replace("{n}", str(count)))
        else:
            self.hint.setText(tr("The bin of this section is empty."))
        self.back.setText(tr("Back to the list"))
        self.show()
