"""The card's Discussion tab: the record's comments, oldest first and the newest at the bottom, and the box to
write the next one (@mentions completed as typed, files and pasted pictures, a reply that quotes); one's own
comment edited or deleted; what mentions or answers the user marked new until seen, with "Acknowledged"."""

from __future__ import annotations

import html
import logging
import time
from pathlib import Path
from typing import Any

from client.core.error_words import in_words
from client.core.replica import Change, Replica
from client.core.talk import comments, feed, notifications, people, reads
from client.core.talk.comments import Comment, NewFile
from client.ui.files import documents_folder
from client.ui.i18n import tr
from client.ui.mention_edit import MentionEdit
from client.ui.qt import (
    QBuffer,
    QByteArray,
    QDesktopServices,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QImage,
    QIODevice,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QTimer,
    QUrl,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)
from lan_server.records import Record, talk

log = logging.getLogger(__name__)
PICTURE_SIDE = 1600  # a pasted screenshot is kept readable and small: a side of at most this many pixels


def when_text(ms: int) -> str:
    return time.strftime("%d.%m.%Y %H:%M", time.localtime(ms / 1000)) if ms else ""


def rich(text: str, shown: dict[str, str]) -> str:
    """A comment's text as the label shows it: always as text (escaped), mentions read as names."""
    out = []
    for part, value in people.shown_text(text, shown):
        if part == "mention":
            out.append(f'<b style="color:#1d4ed8">@{html.escape(value)}</b>')
        else:
            out.append(html.escape(value))
    return "".join(out).replace("\n", "<br>")


def picture_file(image: QImage, n: int) -> NewFile:
    """A pasted picture as a JPEG file, its longer side at most PICTURE_SIDE."""
    if max(image.width(), image.height()) > PICTURE_SIDE:
        image = image.scaled(PICTURE_SIDE, PICTURE_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPEG", 85)
    buffer.close()
    return NewFile(f"{tr('picture')}-{n}.jpg", bytes(data.data()), "image/jpeg")


class CommentView(QFrame):
    """One comment: who and when, the quote it answers, its text, its files, and what may be done with it."""

    def __init__(self, tab: CommentsTab, c: Comment, shown: dict[str, str], new: bool) -> None:
        super().__init__()
        self.comment = c
        me = tab.replica.user
        self.setObjectName("comment")
        self.setStyleSheet("QFrame#comment { background: %s; border: 1px solid #e5e7eb; border-radius: 6px; }"
                           % ("#fff7d6" if new else ("#eef4ff" if c.author == me else "white")))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        parts = [f"<b>{html.escape(shown.get(c.author, c.author) or '?')}</b> "
                 f"<span style='color:#6b7280'>{when_text(c.at)}"
                 f"{' · ' + html.escape(tr('edited')) if c.edited else ''}</span>"]
        if new:
            parts[0] += f" <span style='color:#b45309;font-weight:600'>{html.escape(tr('new'))}</span>"
        if c.quote:
            answered = comments.get(tab.replica, c.reply_to)
            who = shown.get(answered.author, answered.author) if answered is not None else ""
            parts.append(f"<i style='color:#4b5563'>{html.escape(tr('Answer to'))} {html.escape(who)}: "
                         f"«{rich(c.quote, shown)}»</i>")
        parts.append(rich(c.text, shown))
        files = [f"{html.escape(tr('File'))}: <a href='file:{html.escape(f.id)}'>{html.escape(f.name)}</a> "
                 f"<span style='color:#6b7280'>({html.escape(comments.size_text(f.size))})</span>" for f in c.files]
        if files:
            parts.append("<br>".join(files))
        if c.author == me:
            seen = reads.readers(tab.replica, c.id)
            if seen:
                names = ", ".join(html.escape(shown.get(r.user, r.user)) + (" ✓" if r.ack else "") for r in seen)
                parts.append(f"<span style='color:#047857'>{html.escape(tr('Read by'))}: {names}</span>")
        actions = [("reply", tr("Reply"))]
        if c.author == me:
            actions += [("edit", tr("Edit")), ("delete", tr("Delete"))]
        elif tab.replica.meta("role") == "admin":
            actions.append(("delete", tr("Delete")))
        if me in c.mentions and c.author != me:
            if reads.acknowledged(tab.replica, c.id):
                parts.append(f"<span style='color:#047857'>✓ {html.escape(tr('You acknowledged it'))}</span>")
            else:
                actions.append(("ack", tr("Acknowledged")))
        parts.append(" · ".join(f"<a href='{key}:{html.escape(c.id)}'>{html.escape(text)}</a>"
                                for key, text in actions))
        self.label = QLabel("<br>".join(p for p in parts if p))
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.label.setOpenExternalLinks(False)
        self.label.linkActivated.connect(tab.act)
        layout.addWidget(self.label)


class CommentsTab(QWidget):
    counted = pyqtSignal(int)  # how many comments the shown record has (the tab's title shows it)

    def __init__(self, replica: Replica) -> None:
        super().__init__()
        self.replica = replica
        self.record: Record | None = None
        self.views: list[CommentView] = []
        self.pending: list[NewFile] = []
        self.reply_to: str | None = None
        self.editing: str | None = None
        self.open_files = True  # a file clicked opens in its program; tests turn this off
        self.last_opened: Path | None = None
        self._pasted = 0
        self._new: set[str] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        self.follow_button = QPushButton()
        self.follow_button.setCheckable(True)
        self.follow_button.clicked.connect(self._follow_clicked)
        top.addStretch(1)
        top.addWidget(self.follow_button)
        layout.addLayout(top)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.thread_host = QWidget()
        self.thread_layout = QVBoxLayout(self.thread_host)
        self.thread_layout.setContentsMargins(2, 2, 2, 2)
        self.thread_layout.setSpacing(6)
        self.scroller.setWidget(self.thread_host)
        layout.addWidget(self.scroller, 1)
        self.empty = QLabel()
        self.empty.setStyleSheet("color: #6b7280;")
        self.reply_bar = QLabel()
        self.reply_bar.setWordWrap(True)
        self.reply_bar.setStyleSheet("color: #4b5563; background: #f3f4f6; padding: 4px;")
        self.reply_bar.linkActivated.connect(lambda _: self.cancel())
        self.reply_bar.hide()
        layout.addWidget(self.reply_bar)
        self.input = MentionEdit(lambda: people.colleagues(self.replica))
        self.input.send.connect(self.send)
        self.input.picture.connect(self.add_picture)
        layout.addWidget(self.input)
        self.files_label = QLabel()
        self.files_label.setWordWrap(True)
        self.files_label.linkActivated.connect(self._unattach)
        layout.addWidget(self.files_label)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #6b7280;")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        row.addStretch(1)
        self.attach_button = QPushButton()
        self.attach_button.clicked.connect(self.choose_files)
        row.addWidget(self.attach_button)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        self.send_button = QPushButton()
        self.send_button.clicked.connect(self.send)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self._seen_timer = QTimer(self)
        self._seen_timer.setSingleShot(True)
        self._seen_timer.setInterval(400)  # shown long enough to count as seen
        self._seen_timer.timeout.connect(self.mark_seen)
        self.retranslate()

    def retranslate(self) -> None:
        self.input.setPlaceholderText(tr("Write a comment; @ and a name tells a colleague"))
        self.hint.setText(tr("Files up to {limit} each; a picture can be pasted. Ctrl+Enter sends.").replace(
            "{limit}", comments.limit_text()))
        self.attach_button.setText(tr("Attach a file…"))
        self.cancel_button.setText(tr("Cancel"))
        self.send_button.setText(tr("Save the change") if self.editing else tr("Send"))
        self.empty.setText(tr("No comments yet. Write the first one below."))
        self._show_follow()
        self._show_files()

    # ---- showing

    def load(self, record: Record | None) -> None:
        """Show a record's thread (None: nothing); what the user typed for the same record stays."""
        if record is None or self.record is None or record.id != self.record.id:
            self.cancel(keep_text=False)
            self._new = set()
        self.record = record
        self.setEnabled(record is not None and record.kind not in talk.TALK_KINDS)
        self.reload()

    def reload(self) -> None:
        bar = self.scroller.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        while self.thread_layout.count():
            item = self.thread_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.empty:
                widget.hide()  # gone from the screen now; deleted at the next turn of the event loop
                widget.deleteLater()
        self.views = []
        found = comments.thread(self.replica, self.record.id) if self.record is not None else []
        unread = {n.item for n in notifications.among(self.replica, [c.id for c in found])}
        self._new |= unread  # marked new while this record is shown, though seen meanwhile
        shown = people.names(self.replica)
        for c in found:
            view = CommentView(self, c, shown, c.id in self._new)
            self.views.append(view)
            self.thread_layout.addWidget(view)
        if not found and self.record is not None:
            self.thread_layout.addWidget(self.empty)
            self.empty.show()
        else:
            self.empty.hide()
        self.thread_layout.addStretch(1)
        self._show_follow()
        self.counted.emit(len(found))
        if at_bottom or unread:
            QTimer.singleShot(0, lambda: bar.setValue(bar.maximum()))  # the newest is at the bottom
        if unread and self.isVisible():
            self._seen_timer.start()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._seen_timer.start()

    def mark_seen(self) -> None:
        """What mentions or answers the user, shown here, counts as seen (the author learns it)."""
        if self.record is None or not self.isVisible():
            return
        found = notifications.among(self.replica, [v.comment.id for v in self.views])
        if found:
            notifications.mark_read(self.replica, found)

    def show_comment(self, comment_id: str) -> None:
        """Scroll to a comment (a notification opened it)."""
        for view in self.views:
            if view.comment.id == comment_id:
                QTimer.singleShot(0, lambda v=view: self.scroller.ensureWidgetVisible(v))
                return

    def changed(self, change: Change) -> None:
        """A comment, file or read mark of the shown record arrived or changed: show it."""
        if self.record is None or not change.kinds & talk.TALK_KINDS:
            return
        mine = {v.comment.id for v in self.views}
        for rec in change.records:
            found = talk.parse(rec)
            if found is None:
                continue
            if (found.kind == talk.COMMENT and found.parent == self.record.id) or found.parent in mine or \
                    (found.kind == talk.FOLLOW and found.parent == self.record.id):
                self.reload()
                return

    # ---- following

    def _show_follow(self) -> None:
        on = self.record is not None and feed.is_followed(self.replica, self.record)
        self.follow_button.setChecked(on)
        self.follow_button.setText(tr("You follow this record") if on else tr("Follow this record"))
        self.follow_button.setToolTip(tr("Its comments and changes come to your feed"))
        self.follow_button.setVisible(self.record is not None)

    def _follow_clicked(self) -> None:
        if self.record is not None:
            feed.follow(self.replica, self.record.id, self.follow_button.isChecked())
            self._show_follow()

    # ---- writing

    def send(self) -> str | None:
        """Post what is typed (or save the edit); returns the comment's id, or None when it cannot be posted."""
        if self.record is None:
            return None
        self.error.clear()
        text = self.input.toPlainText()
        try:
            if self.editing:
                comments.edit(self.replica, self.editing, text)
                cid: str | None = self.editing
            else:
                cid = comments.post(self.replica, self.record.id, text, reply_to=self.reply_to, files=self.pending)
        except ValueError as e:
            self.error.setText(str(e))
            return None
        except Exception as e:  # a full disk: say so, and keep what was typed
            log.exception("posting a comment failed")
            self.error.setText(tr("Could not save; what you typed is kept. Try again.") + f" ({in_words(e)})")
            return None
        self.cancel(keep_text=False)
        self.reload()
        bar = self.scroller.verticalScrollBar()
        QTimer.singleShot(0, lambda: bar.setValue(bar.maximum()))
        return cid

    def cancel(self, keep_text: bool = True) -> None:
        """Leave a reply or an edit (what was typed for a new comment stays unless `keep_text` is False)."""
        if self.editing or not keep_text:
            self.input.clear()
            self.pending = []
        self.reply_to = self.editing = None
        self.reply_bar.hide()
        self.cancel_button.hide()
        self.attach_button.setEnabled(True)
        self.error.clear()
        self.retranslate()

    def act(self, link: str) -> None:
        """A link under a comment: reply, edit, delete, acknowledge, or a file."""
        action, _, target = link.partition(":")
        found = comments.get(self.replica, target) if action != "file" else None
        try:
            if action == "reply" and found is not None:
                self.reply_to, self.editing = found.id, None
                shown = people.names(self.replica)
                self.reply_bar.setText(f"{html.escape(tr('Answer to'))} {html.escape(shown.get(found.author, ''))}: "
                                       f"«{html.escape(found.text[:120])}» <a href='cancel'>✕</a>")
                self.reply_bar.show()
                self.cancel_button.show()
                self.input.setFocus()
            elif action == "edit" and found is not None:
                self.editing, self.reply_to = found.id, None
                self.input.setPlainText(found.text)
                self.reply_bar.hide()
                self.cancel_button.show()
                self.attach_button.setEnabled(False)
                self.retranslate()
                self.input.setFocus()
            elif action == "delete" and found is not None:
                from client.ui.qt import QMessageBox
                if self.ask_delete and QMessageBox.question(
                        self, tr("Delete"), tr("Delete this comment?")) != QMessageBox.StandardButton.Yes:
                    return
                comments.delete(self.replica, found.id)
                self.reload()
            elif action == "ack" and found is not None:
                reads.acknowledge(self.replica, found.id)
                self.reload()
            elif action == "file":
                self.open_file(target)
        except ValueError as e:
            self.error.setText(str(e))

    ask_delete = True  # tests answer the question themselves

    def open_file(self, attachment_id: str) -> Path | None:
        """Save an attached file into this PC's attachments folder and open it in its program."""
        found = comments.file_bytes(self.replica, attachment_id)
        if found is None:
            self.error.setText(tr("This file has not reached this PC yet."))
            return None
        name, data = found
        folder = self.replica.profile / "attachments" / attachment_id.rsplit(":", 1)[-1]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(name).name
        path.write_bytes(data)
        self.last_opened = path
        if self.open_files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    # ---- files

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Attach a file…"), str(documents_folder()))
        self.attach_paths([Path(p) for p in paths])

    def attach_paths(self, paths: list[Path]) -> None:
        """Files chosen to attach; one over the limit is refused here, saying the limit."""
        self.error.clear()
        for path in paths:
            try:
                self.pending.append(comments.read_file(path))
            except ValueError as e:
                self.error.setText(str(e))
        self._show_files()

    def add_picture(self, image: QImage) -> None:
        self._pasted += 1
        found = picture_file(image, self._pasted)
        if len(found.data) > talk.MAX_ATTACHMENT_BYTES:
            self.error.setText(comments.too_big(found.name, len(found.data)))
            return
        self.pending.append(found)
        self._show_files()

    def _show_files(self) -> None:
        self.files_label.setText("  ".join(
            f"📎 {html.escape(f.name)} ({html.escape(comments.size_text(len(f.data)))}) <a href='{i}'>✕</a>"
            for i, f in enumerate(self.pending)))
        self.files_label.setVisible(bool(self.pending))

    def _unattach(self, link: str) -> None:
        if link.isdigit() and int(link) < len(self.pending):
            del self.pending[int(link)]
        self._show_files()
