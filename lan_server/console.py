"""Console output that can print any language on Windows too (Cyrillic names through a pipe or a log file)."""

from __future__ import annotations

import sys


def utf8_output() -> None:
    """On Windows, text sent to a pipe or a file is encoded with the ANSI code page (cp1252 on an English
    system), where Cyrillic fails with UnicodeEncodeError; write UTF-8 there instead. A real console
    already takes any character, and other systems speak UTF-8."""
    if sys.platform != "win32":
        return
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure") and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors="replace")
