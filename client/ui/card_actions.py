"""The card's Actions menu: the card actions plugins and built-in documents register (client/api.py), run on the
shown record, and "Document from a template"."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from client.core.error_words import in_words
from client.core.plugins import PrintJob
from client.ui.i18n import tr

log = logging.getLogger(__name__)


if TYPE_CHECKING:
    from client.ui.qt import QWidget as Card  # the record card this is part of
else:
    Card = object


class CardActionsMixin(Card):
    """Part of RecordCard: fills the Actions menu and runs an action; what goes wrong is said in the card."""

    if TYPE_CHECKING:
        def show_record(self, rec_id: str | None) -> bool: ...

    replica: Any
    lang: str
    record: Any
    error: Any
    actions_menu: Any
    actions_button: Any
    letters_for: Any
    open_files: bool
    last_opened: Path | None
    made: Any
    # the message of an action that failed for want of the office's requisites, while it is under the card
    requisites_missing: str = ""

    def _fill_actions(self) -> None:
        from client.core.plugins import registry
        self.actions_menu.clear()
        found = [a for a in registry().card_actions if self.record is not None and a.applies_to(self.record.kind)]
        for action in found:
            self.actions_menu.addAction(action.label(self.lang)).triggered.connect(
                lambda _=False, a=action: self.run_action(a))
        if self.record is not None and self.record.kind in ("invoice", "contract"):
            record = self.record
            self.actions_menu.addAction(tr("Send by e-mail…")).triggered.connect(
                lambda _=False: self.send_by_mail(record))
        if self.record is not None:  # any record can fill a Word template
            rec_id = self.record.id
            self.actions_menu.addAction(tr("Document from a template…")).triggered.connect(
                lambda _=False: self.letters_for.emit(rec_id))
        self.actions_button.setVisible(self.record is not None)

    def requisites_changed(self) -> None:
        """The office's requisites were saved (here or on an administrator's PC): a message under the card that
        said they were empty goes; the action may be tried again."""
        if self.requisites_missing and self.error.text() == self.requisites_missing:
            self.error.clear()
        self.requisites_missing = ""

    def send_by_mail(self, record: Any) -> Any:
        """The letter with the bill, act, УПД or contract attached, to the buyer (client/ui/send_dialog.py)."""
        from client.ui.send_dialog import SendDialog
        dialog = SendDialog(self.replica, record, self.lang, self)  # type: ignore[arg-type]
        dialog.finished.connect(lambda _=0: self.show_record(record.id) if self.record is not None
                                and self.record.id == record.id else None)
        dialog.open()
        return dialog

    def run_action(self, action: Any) -> None:
        """A card action on the shown record; what goes wrong is said in the card. An action that may wait (for
        the server, for Word) runs off the window's thread; a file it returns is opened."""
        if self.record is None:
            return
        record = self.record

        def done(result: Any) -> None:
            self.error.clear()
            if self.record is not None and self.record.id == record.id:
                self.show_record(record.id)
            if isinstance(result, PrintJob):
                from client.ui.pdf_print import print_pdf
                print_pdf(self, result.path)  # type: ignore[arg-type]
                return
            if isinstance(result, Path):
                from client.ui.files import open_file
                self.last_opened = result
                opened = open_file(result) if self.open_files else True
                self.made.tell(action.label(self.lang), result, opened)

        def failed(e: BaseException) -> None:  # a plugin's error is a message, never a dead window
            log.error("card action %s failed: %s", action.label_en, e)
            self.error.setText(f"{action.label(self.lang)}: {in_words(e)}")
            self.requisites_missing = self.error.text() if getattr(e, "code", None) == "no_requisites" else ""
        if getattr(action, "background", False):
            from client.ui.tasks import tasks
            self.error.setText(tr("Working…"))
            tasks().run(lambda: action.run(self.replica, record), on_done=done, on_error=failed, owner=self,
                        name=action.label_en)
            return
        try:
            result = action.run(self.replica, record)
        except Exception as e:
            log.exception("card action %s failed", action.label_en)
            failed(e)
            return
        done(result)
