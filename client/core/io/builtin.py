"""The formats every installation has, registered through the same plugin path as third-party ones."""

from __future__ import annotations

from client.core.io import readers, writers
from client.core.plugins import Registry


def register(registry: Registry) -> None:
    for ext in ("csv", "txt"):
        registry.add_reader(ext, readers.read_csv)
    for ext in ("xlsx", "xlsm", "xls", "ods"):
        registry.add_reader(ext, readers.read_calamine)
    registry.add_writer("xlsx", writers.write_xlsx)
    registry.add_writer("csv", writers.write_csv)
    registry.add_writer("txt", writers.write_txt)
    registry.add_writer("html", writers.write_html)
    registry.add_writer("htm", writers.write_html)
    registry.add_writer("docx", writers.write_docx)
