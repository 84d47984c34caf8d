"""A photo in a card: chosen from a file, shrunk and kept in the record itself, so every PC shows it."""

from __future__ import annotations

import base64

from client.ui.files import documents_folder
from client.ui.i18n import tr
from client.ui.qt import (
    QBuffer,
    QByteArray,
    QFileDialog,
    QHBoxLayout,
    QImage,
    QIODevice,
    QLabel,
    QPixmap,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    pyqtSignal,
)

MAX_SIDE = 320          # enough for a card; a 12-megapixel original would be megabytes in every sync
PREFIX = "data:image/jpeg;base64,"


def encode(image: QImage) -> str:
    if max(image.width(), image.height()) > MAX_SIDE:
        image = image.scaled(MAX_SIDE, MAX_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPEG", 85)
    buffer.close()
    return PREFIX + base64.b64encode(bytes(data.data())).decode("ascii")


def decode(value: str) -> QImage:
    """The picture in a stored value (a data URL, or the file path an older version stored)."""
    image = QImage()
    if value.startswith("data:image/") and "," in value:
        try:
            image.loadFromData(base64.b64decode(value.split(",", 1)[1], validate=True))
        except ValueError:
            pass
    elif value:
        image.load(value)
    return image


class PhotoField(QWidget):
    changed = pyqtSignal()
    failed = pyqtSignal(str)   # a message for the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: str | None = None
        self.picture = QLabel()
        self.picture.setFixedSize(120, 120)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("border: 1px solid #cfd6df; border-radius: 6px; background: white; color: #9ca3af;")
        self.choose_button = QPushButton(tr("Choose…"))
        self.choose_button.clicked.connect(lambda: self.choose())
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.clicked.connect(self.remove)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.set_value(None)

    def value(self) -> str | None:
        return self._value

    def set_value(self, value: str | None) -> None:
        self._value = value or None
        image = decode(value) if value else QImage()
        if image.isNull():
            self.picture.setPixmap(QPixmap())
            self.picture.setText(tr("No photo") if not value else tr("Cannot show this picture"))
        else:
            self.picture.setPixmap(QPixmap.fromImage(image).scaled(
                self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.remove_button.setEnabled(self._value is not None)

    def choose(self, path: str | None = None) -> bool:
        """Take a picture from a file (asks for one when `path` is None); False if it is not a picture."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Choose a photo"), str(documents_folder()),
                                                  tr("Pictures") + " (*.jpg *.jpeg *.png *.bmp *.gif *.webp)")
            if not path:
                return False
        image = QImage(path)
        if image.isNull():
            self.failed.emit(tr("This file is not a picture") + f": {path}")
            return False
        self.set_value(encode(image))
        self.changed.emit()
        return True

    def remove(self) -> None:
        self.set_value(None)
        self.changed.emit()
