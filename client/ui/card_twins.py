"""Before a card makes a second record of the same person: "«Пётр Ёлкин» already has this phone", with Open it,
Save anyway and Back to the card."""

from __future__ import annotations

from typing import Any, Mapping

from client.core.twins import twin_of
from client.ui.i18n import tr
from client.ui.qt import QMessageBox, QWidget


def may_save(card: Any, kind: str, rec_id: str | None, values: Mapping[str, Any]) -> bool:
    """Whether the card goes on saving `values`: yes when no other record has the e-mail or phone they set, or
    the user says Save anyway; Open shows the other record instead (the card's typing is let go: it is the
    same person); Back leaves the card as it is."""
    found = twin_of(card.replica, kind, {k: v for k, v in values.items() if k in ("email", "phone")}, rec_id)
    if found is None:
        return True
    twin, field = found
    name = card.replica.schema().title(twin.kind, twin.fields)
    said = tr("«{name}» already has this e-mail: {value}.") if field == "email" else \
        tr("«{name}» already has this phone: {value}.")
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Already in the list"),
                      said.format(name=name, value=twin.fields.get(field, "")), parent=_parent(card))
    box.setInformativeText(tr("Open that card, or save this one as another record?"))
    open_it = box.addButton(tr("Open «{name}»").format(name=name), QMessageBox.ButtonRole.AcceptRole)
    anyway = box.addButton(tr("Save anyway"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(tr("Back to the card"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_it)
    box.exec()
    if box.clickedButton() is anyway:
        return True
    if box.clickedButton() is open_it:
        for editor in card.editors.values():
            editor.dirty = False
        card.open_record.emit(twin.id)
    return False


def _parent(card: Any) -> QWidget | None:
    return card.window() if isinstance(card, QWidget) else None
