"""Small widgets every dialog has: the line that says what happened, the progress bar of a long task, the
"Everyone / a name" choice of whose records to show, a drop-down the mouse wheel passes over, a heading that
shortens itself to its width, table headers wide enough for their words, and a question whose safe answer is the
default."""

from __future__ import annotations

from typing import Any, Mapping

from client.ui.i18n import tr
from client.ui.qt import (
    QBoxLayout,
    QComboBox,
    QEvent,
    QHeaderView,
    QLabel,
    QMessageBox,
    QObject,
    QPainter,
    QProgressBar,
    QSizePolicy,
    Qt,
    QTimer,
    QWidget,
)
from lan_server.records.store.text import fold


def message_line(layout: QBoxLayout, color: str = "") -> QLabel:
    """A wrapping label added to `layout`, for what the dialog has to say (red for errors)."""
    label = QLabel()
    label.setWordWrap(True)
    if color:
        label.setStyleSheet(f"color: {color};")
    layout.addWidget(label)
    return label


def progress_bar(layout: QBoxLayout) -> QProgressBar:
    """A progress bar added to `layout`, hidden until a task runs."""
    bar = QProgressBar()
    bar.setVisible(False)
    layout.addWidget(bar)
    return bar


def fill_people(box: QComboBox, logins: list[str], names: Mapping[str, str]) -> None:
    """"Everyone" and each colleague by name, A to Я (the login is the item's data; a login with no known name
    shows the login), keeping the one chosen before when it is still there."""
    chosen = box.currentData()
    box.clear()
    box.addItem(tr("Everyone"), None)
    for login in sorted(logins, key=lambda login: fold(names.get(login, login))):
        box.addItem(names.get(login, login), login)
    box.setCurrentIndex(max(0, box.findData(chosen)))


def retranslate_people(box: QComboBox) -> None:
    """The "Everyone" entry in the language just chosen."""
    if box.count():
        box.setItemText(0, tr("Everyone"))


class WheelCombo(QComboBox):
    """A drop-down that the mouse wheel changes only once it has focus (clicked or tabbed into): scrolling a card
    over it scrolls the card, instead of quietly changing the value (an invoice's deal was emptied so)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not the wheel's focus: a scroll must not take it

    def wheelEvent(self, event: Any) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the card's scroll area


class ElidedLabel(QLabel):
    """A one-line heading that ends in "…" when its pane is narrower than its text, the whole text in its tooltip;
    text() stays the whole text. A plain QLabel was cut on the right (or pushed its pane wider)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)
        self._tip()

    def setText(self, text: str | None) -> None:
        super().setText(text)
        self._tip()

    def shown(self) -> str:
        """The text as drawn at the label's width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def _tip(self) -> None:
        self.setToolTip(self.text() if self.shown() != self.text() else "")

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._tip()

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        style = self.style()
        if style is not None:  # the style draws it greyed when the card is disabled, as QLabel does
            style.drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(), self.isEnabled(),
                               self.shown(), self.foregroundRole())
        painter.end()


# The fitters' Python parts, kept while their headers live: PyQt keeps a parented Python object only as long as its
# parent's Python wrapper, and a header's (horizontalHeader()) is a passing one.
_FITTERS: set[QObject] = set()


def fit_headers(header: QHeaderView | None) -> None:
    """Widen each visible column whose heading's words do not fit (a cut "Предмет договора", "Имя
    пользователя"), now and again when the header shows (a dialog's style sheet, bold headings, applies only
    then); wider columns stay as they are."""
    if header is None:
        return
    for col in range(header.count()):
        if not header.isSectionHidden(col) and header.sectionSize(col) < (need := header.sectionSizeHint(col)):
            header.resizeSection(col, need)
    if header.findChild(_HeaderFitter) is None:  # one per header (a passing wrapper's id() names no header)
        fitter = _HeaderFitter(header)
        header.installEventFilter(fitter)
        _FITTERS.add(fitter)
        header.destroyed.connect(lambda *_: _FITTERS.discard(fitter))


class _HeaderFitter(QObject):
    """Fits its header's columns again when it shows or its font or style changes."""

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        if event is not None and event.type() in (QEvent.Type.Show, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self._fit)  # once the style has settled
        return False

    def _fit(self) -> None:
        header = self.parent()
        if isinstance(header, QHeaderView):
            fit_headers(header)


def confirm(parent: QWidget, title: str, text: str, details: str, do: str, keep: str, *,
            icon: QMessageBox.Icon = QMessageBox.Icon.Warning, name: str = "") -> bool:
    """Ask before something that replaces or removes what people made: `keep` is the default, Enter and Esc
    both keep things as they are; True only when `do` was clicked. `name` lets a test find the box."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    box.setInformativeText(details)
    yes = box.addButton(do, QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes
