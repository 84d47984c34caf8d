"""The window's Tools menu: the menu actions plugins register (client/api), run on this PC's data; what goes
wrong is said in a message, a file an action returns is opened."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from client.core.error_words import in_words
from client.core.plugin_parts import MenuAction
from client.core.plugins import registry
from client.ui.i18n import tr
from client.ui.qt import QAction, QDesktopServices, QMenu, QMessageBox, QUrl

if TYPE_CHECKING:
    from client.ui.window_state import WindowState as Window
else:
    Window = object

log = logging.getLogger(__name__)


class MenuActionsMixin(Window):
    """Part of MainWindow: the Tools menu, shown when a plugin has added to it."""

    replica: Any
    lang: str
    menu_tools: QMenu
    menu_help: QMenu
    tool_actions: list[tuple[QAction, MenuAction]]

    def _make_tools_menu(self) -> None:
        self.menu_tools = QMenu(self)
        bar = self.menuBar()
        assert bar is not None  # a main window has its menu bar
        bar.insertMenu(self.menu_help.menuAction(), self.menu_tools)  # before Help, as programs place it
        self.tool_actions = []
        for action in registry().menu_actions:
            act = QAction(action.label(self.lang), self)
            self.menu_tools.addAction(act)
            act.triggered.connect(lambda _=False, a=action: self.run_menu_action(a))
            self.tool_actions.append((act, action))
        shown = self.menu_tools.menuAction()
        if shown is not None:
            shown.setVisible(bool(self.tool_actions))

    def _retranslate_tools_menu(self) -> None:
        self.menu_tools.setTitle(tr("&Tools"))
        for act, action in self.tool_actions:
            act.setText(action.label(self.lang))

    def run_menu_action(self, action: MenuAction) -> None:
        def done(result: Any) -> None:
            if isinstance(result, Path):
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(result)))

        def failed(e: BaseException) -> None:  # a plugin's error is a message, never a dead window
            log.error("menu action %s failed: %s", action.label_en, e)
            QMessageBox.warning(self, action.label(self.lang), in_words(e))
        if action.background:
            from client.ui.tasks import tasks
            tasks().run(lambda: action.run(self.replica), on_done=done, on_error=failed, owner=self,
                        name=action.label_en)
            return
        try:
            result = action.run(self.replica)
        except Exception as e:
            log.exception("menu action %s failed", action.label_en)
            failed(e)
            return
        done(result)
