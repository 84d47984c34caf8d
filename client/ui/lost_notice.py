"""An edit the user made offline that lost to a later one from another PC, said in a strip under the toolbar on
every page: the record, the field, their value and who typed it, ours; one click brings ours back as a new edit
(which every PC then shows), another lets theirs stand. Those the copy keeps from before (the PC restarted before
the user saw them) show as the window opens."""

from __future__ import annotations

from typing import Any, Sequence

from client.core import lost_edits
from client.core.lost_edits import LostEdit
from client.core.talk import people
from client.ui.i18n import tr
from client.ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget
from client.ui.records_model import display

STYLE = "#lostEdits { background: #fff4d6; border: 1px solid #e0b64a; border-radius: 4px; }"


class LostEditsBar(QFrame):
    """The lost edits, one at a time (the count of those waiting beside it); hidden when there is none."""

    def __init__(self, replica: Any, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.lang = lang
        self.setObjectName("lostEdits")
        self.setStyleSheet(STYLE)
        h = QHBoxLayout(self)
        h.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        h.addWidget(self.label, 1)
        self.mine_button = QPushButton()
        self.mine_button.clicked.connect(self.bring_mine_back)
        self.theirs_button = QPushButton()
        self.theirs_button.clicked.connect(self.let_theirs_stand)
        h.addWidget(self.mine_button)
        h.addWidget(self.theirs_button)
        self.waiting: list[LostEdit] = lost_edits.waiting(replica)  # not seen before the PC last stopped
        self.retranslate()
        self.setVisible(False)

    def retranslate(self, lang: str | None = None) -> None:
        self.lang = lang or self.lang
        self.mine_button.setText(tr("Bring mine back"))
        self.mine_button.setToolTip(tr("Your value becomes the record's again, on every PC (a new edit)"))
        self.theirs_button.setText(tr("Keep theirs"))
        self._show()

    def add(self, lost: Sequence[LostEdit]) -> None:
        told = {e.op for e in self.waiting}
        self.waiting += [e for e in lost if e.op not in told]
        self._show()

    def _words(self, edit: LostEdit) -> str:
        schema = self.replica.schema()
        kd = schema.kind(edit.kind) if schema.has_kind(edit.kind) else None
        fd = kd.field(edit.field) if kd is not None else None
        record = self.replica.get(edit.rec)
        title = schema.title(edit.kind, record.fields, self.lang) if record is not None else edit.rec[:8]
        label = fd.label(self.lang) if fd is not None else edit.field
        titles = self.replica.titles([edit.mine, edit.theirs]) if fd is not None and fd.type == "link" else None
        names = people.names(self.replica)  # who typed it, and a user field's values, by name

        def shown(value: Any) -> str:
            return (display(fd, value, self.lang, titles, names) if fd is not None else str(value)) or tr("(empty)")
        text = tr("Your edit made without a connection was not kept: {who} later changed «{field}» of «{title}» "
                  "to «{theirs}» (yours: «{mine}»).")
        who = names.get(edit.who, edit.who) or tr("a colleague")
        text = text.replace("{who}", who).replace("{field}", label).replace(
            "{title}", title).replace("{theirs}", shown(edit.theirs)).replace("{mine}", shown(edit.mine))
        more = len(self.waiting) - 1
        return text + (" " + tr("(and {n} more)").replace("{n}", str(more)) if more > 0 else "")

    def _show(self) -> None:
        if not self.waiting:
            self.setVisible(False)
            return
        self.label.setText(self._words(self.waiting[0]))
        self.setVisible(True)

    def bring_mine_back(self) -> None:
        """Our value again, as a new edit: it is the latest now, so it wins on every PC."""
        if not self.waiting:
            return
        edit = self.waiting.pop(0)
        if self.replica.get(edit.rec) is not None:
            self.replica.set(edit.rec, {edit.field: edit.mine}, undoable=True)
        lost_edits.seen(self.replica, edit.op)
        self._show()

    def let_theirs_stand(self) -> None:
        if self.waiting:
            lost_edits.seen(self.replica, self.waiting.pop(0).op)
        self._show()
