"""Users for an administrator: add, disable, reset a password, change the role; who is connected now."""

from __future__ import annotations

from typing import Any, Callable

from client.core.error_words import in_words
from client.core.i18n import language as core_language
from client.core.replica import Replica
from client.core.sync import run_on_server
from client.ui.i18n import tr
from client.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from client.ui.tasks import tasks
from client.ui.widgets import confirm, fit_headers, message_line
from lan_server.protocol.reasons import role_name
from lan_server.records.talk import ADMINISTRATOR


def request(replica: Replica, kind: str, **fields: Any) -> dict[str, Any]:
    """One request to the server (blocking: call it off the UI thread)."""
    return run_on_server(replica, lambda conn: conn.request(kind, **fields))


class AdminDialog(QDialog):
    def __init__(self, replica: Replica, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.replica = replica
        self.setWindowTitle(tr("Users"))
        self.resize(760, 460)  # the add form's five fields, in Russian too
        self.busy = False
        self.roles: dict[str, str] = {}  # user -> role, as the server last said
        layout = QVBoxLayout(self)
        self.users = QTableWidget(0, 4)
        self.users.setHorizontalHeaderLabels([tr("User name"), tr("Role"), tr("State"), tr("Full name")])
        self.users.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users.horizontalHeader().setStretchLastSection(True)
        fit_headers(self.users.horizontalHeader())
        layout.addWidget(self.users)
        row = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("User name"))
        self.full_name = QLineEdit()  # what colleagues, documents and the feed call the person
        self.full_name.setPlaceholderText(tr("Full name"))
        self.password = QLineEdit()
        self.password.setPlaceholderText(tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()  # filled with the server's roles, custom ones included
        self.role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.add_button = QPushButton(tr("Add user"))
        self.add_button.clicked.connect(self.add_user)
        for w in (self.name, self.full_name, self.password, self.role, self.add_button):
            row.addWidget(w)
        layout.addLayout(row)
        actions = QHBoxLayout()
        self.disable_button = QPushButton(tr("Disable"))
        self.disable_button.clicked.connect(lambda: self.act("disable"))
        self.enable_button = QPushButton(tr("Enable"))
        self.enable_button.clicked.connect(lambda: self.act("enable"))
        self.passwd_button = QPushButton(tr("Reset password…"))
        self.passwd_button.clicked.connect(self.reset_password)
        self.role_button = QPushButton(tr("Set role"))
        self.role_button.clicked.connect(self.set_role)
        for b in (self.disable_button, self.enable_button, self.passwd_button, self.role_button):
            actions.addWidget(b)
        layout.addLayout(actions)
        layout.addWidget(QLabel(tr("Connected now:")))
        self.connected = QTableWidget(0, 3)
        self.connected.setHorizontalHeaderLabels([tr("User name"), tr("Computer"), tr("Address")])
        self.connected.horizontalHeader().setStretchLastSection(True)
        fit_headers(self.connected.horizontalHeader())
        layout.addWidget(self.connected)
        self.message = message_line(layout)
        self.refresh()

    def _run(self, kind: str, then: Callable[[dict[str, Any]], None] | None = None, **fields: Any) -> None:
        self.busy = True

        def done(reply: dict[str, Any]) -> None:
            self.busy = False
            if then is not None:
                then(reply)

        def failed(error: Exception) -> None:
            self.busy = False
            self.message.setText(in_words(error))
        tasks().run(lambda: request(self.replica, kind, **fields), on_done=done, on_error=failed, owner=self,
                    name="admin")

    def refresh(self) -> None:
        self._run("users", self._show)

    def _show(self, reply: dict[str, Any]) -> None:
        chosen = self.role.currentData() or "manager"
        self.role.clear()
        lang = core_language()
        for r in reply.get("roles") or ():
            self.role.addItem(role_name(r, lang), r)
        self.role.setCurrentIndex(max(0, self.role.findData(chosen)))
        self.users.setRowCount(len(reply["users"]))
        for i, u in enumerate(reply["users"]):
            state = tr("disabled") if u["disabled"] else tr("active")
            # the full name the server gave its first user, in the reader's language
            full = tr("Administrator") if u["full_name"] == ADMINISTRATOR else u["full_name"]
            for j, text in enumerate([u["name"], role_name(u["role"], lang), state, full]):
                self.users.setItem(i, j, QTableWidgetItem(text))
        self.roles = {u["name"]: u["role"] for u in reply["users"]}
        self.connected.setRowCount(len(reply["connected"]))
        for i, c in enumerate(reply["connected"]):
            pc = c["device_name"] or tr("a PC without a name")  # a name, never the PC's internal number
            for j, text in enumerate([c["user"], pc, c["address"]]):
                self.connected.setItem(i, j, QTableWidgetItem(text))

    def selected(self) -> str | None:
        row = self.users.currentRow()
        item = self.users.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    def _said(self, text: str) -> None:
        self.message.setText(text)
        self.refresh()

    def add_user(self) -> None:
        name = self.name.text().strip()

        def added(_reply: dict[str, Any]) -> None:
            for field in (self.name, self.full_name, self.password):  # the form is ready for the next colleague
                field.clear()
            self._said(tr("User added: {name}").replace("{name}", name))
            self.name.setFocus()
        self._run("admin", added, action="add", name=name, full_name=self.full_name.text().strip(),
                  password=self.password.text(), role=str(self.role.currentData()))

    def set_role(self) -> None:
        """A role decides what the person may see and change on every PC: asked first, naming both roles."""
        name = self.selected()
        if not name:
            return
        lang = core_language()
        new, old = str(self.role.currentData()), self.roles.get(name, "")
        if new == old:
            self.message.setText(tr("{name} already has this role.").replace("{name}", name))
            return
        question = tr("Change the role of {name} from «{old}» to «{new}»?").replace("{name}", name) \
            .replace("{old}", role_name(old, lang)).replace("{new}", role_name(new, lang))
        if confirm(self, tr("Change the role"), question,
                   tr("What this person may see and change follows the new role at once, on every PC they use; "
                      "records out of reach are removed from those PCs."),
                   tr("Change the role"), tr("Keep the role"), icon=QMessageBox.Icon.Question):
            self.act("role", role=new)

    def act(self, action: str, **fields: Any) -> None:
        name = self.selected()
        if name:
            self._run("admin", lambda _: self._said(tr("Done")), action=action,
                      name=name, **fields)

    def reset_password(self) -> None:
        name = self.selected()
        if not name:
            return
        password, ok = QInputDialog.getText(self, tr("Reset password…"), tr("New password:"),
                                            QLineEdit.EchoMode.Password)
        if ok:
            self.act("passwd", password=password)


def open_admin_dialog(parent: QWidget, replica: Replica) -> None:
    AdminDialog(replica, parent).exec()
