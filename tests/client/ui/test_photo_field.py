"""A photo chosen from a file goes into the record (shrunk), shows in the card, and a non-picture is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from client.core.replica import Replica
from client.ui.main_window import MainWindow
from client.ui.photo_field import MAX_SIDE, PhotoField, decode
from client.ui.qt import QColor, QImage, Qt


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    replica = Replica(tmp_path / "pc")
    w = MainWindow(replica)
    qtbot.addWidget(w)
    w.show()
    try:
        yield w
    finally:
        w.close()
        replica.close()


def test_photo_from_a_file_is_kept_in_the_record(qtbot, window: MainWindow, tmp_path: Path) -> None:
    big = QImage(1600, 1200, QImage.Format.Format_RGB32)
    big.fill(QColor("#2f6feb"))
    big.save(str(tmp_path / "portrait.png"))
    rec = window.replica.add("contact", {"name": "С фото"})
    window.open_record(rec)
    photo = window.card.editors["photo"].widget
    assert isinstance(photo, PhotoField) and photo.picture.text() == "No photo"
    assert photo.choose(str(tmp_path / "portrait.png"))
    qtbot.mouseClick(window.card.save_button, Qt.MouseButton.LeftButton)
    stored = window.replica.get(rec).fields["photo"]
    assert stored.startswith("data:image/jpeg;base64,") and len(stored) < 60_000  # synced to every PC as is
    image = decode(stored)
    assert (image.width(), image.height()) == (MAX_SIDE, MAX_SIDE * 3 // 4)
    assert QColor(image.pixel(10, 10)).blue() > 200
    column = [fd.key for fd in window.model.fields].index("photo")
    assert window.model.data(window.model.index(0, column)) == "photo"  # not the picture's data as text

    window.open_record(rec)  # shown again from the stored value
    assert not window.card.editors["photo"].widget.picture.pixmap().isNull()
    qtbot.mouseClick(window.card.editors["photo"].widget.remove_button, Qt.MouseButton.LeftButton)
    window.card.save()
    assert window.replica.get(rec).fields.get("photo") is None


def test_a_file_that_is_not_a_picture_is_refused_and_the_photo_stays(window: MainWindow, tmp_path: Path) -> None:
    good = QImage(50, 50, QImage.Format.Format_RGB32)
    good.fill(QColor("white"))
    good.save(str(tmp_path / "ok.png"))
    (tmp_path / "scan.jpg").write_bytes(b"%PDF-1.4 not really a picture")
    rec = window.replica.add("contact", {"name": "Снимок"})
    window.open_record(rec)
    photo = window.card.editors["photo"].widget
    photo.choose(str(tmp_path / "ok.png"))
    window.card.save()
    before = window.replica.get(rec).fields["photo"]
    assert not photo.choose(str(tmp_path / "scan.jpg"))
    assert "not a picture" in window.card.error.text() and "scan.jpg" in window.card.error.text()
    assert photo.value() == before and not window.card.has_unsaved()
