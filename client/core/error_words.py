"""What went wrong, in words in the user's language: the system's and the network's errors ("[Errno 111] Connect
call failed", "[Errno 13] Permission denied: 'C:\\...'") are never shown raw, in the window, the commands or the
status bar. The one home for that wording."""

from __future__ import annotations

import errno
import re
import socket
import sys
from pathlib import PurePath

from client.core.i18n import _

_NUMBERS = re.compile(r"\[Errno (-?\d+)\]")


def _number(error: OSError) -> int | None:
    """The system's error number; asyncio's "Multiple exceptions: [Errno 111] ..., [Errno 111] ..." (one try per
    address of a name such as localhost) carries them only in its text: the first is taken."""
    if error.errno is not None:
        return error.errno
    found = _NUMBERS.search(str(error))
    return int(found.group(1)) if found else None


def refused(error: OSError) -> bool:
    """Nothing listens where it was sent (at every address a name has): the program there is not running."""
    return isinstance(error, ConnectionRefusedError) or _number(error) == errno.ECONNREFUSED


def _said(error: OSError) -> str:
    ssl = sys.modules.get("ssl")  # no TLS error without the ssl module: a command that opened no connection skips it
    if ssl is not None and isinstance(error, ssl.SSLError):
        return _("the secure connection failed: the program at that address does not seem to be the organizer's server")
    if isinstance(error, socket.gaierror):
        return _("no computer with that name was found on the network")
    if isinstance(error, TimeoutError):
        return _("no answer came in time")
    if refused(error):
        return _("nothing answers at that address (the program there is not running)")
    number = _number(error)
    words = {getattr(errno, name, None): said for names, said in (
        (("ECONNRESET", "ECONNABORTED", "EPIPE"), _("the connection was broken off")),
        (("ETIMEDOUT",), _("no answer came in time")),
        (("EHOSTUNREACH", "ENETUNREACH", "ENETDOWN"),
         _("that computer cannot be reached: is this PC connected to the network?")),
        (("EADDRNOTAVAIL",), _("that address is not one this PC can reach")),
        (("ENOSPC", "EDQUOT"), _("the disk is full")),
        (("EACCES", "EPERM"),
         _("access denied: the file may be open in another program, or the folder may not be written")),
        (("ENOENT",), _("no such file or folder")),
        (("ENOTDIR",), _("no such folder")),
        (("EISDIR",), _("that is a folder, not a file")),
        (("EROFS",), _("the disk may only be read")),
        (("EEXIST",), _("a file of that name is already there")),
        (("ENAMETOOLONG",), _("the file's name or path is too long")),
        (("EIO",), _("the disk could not be read or written (it may be failing or unplugged)")),
    ) for name in names}.get(number) if number is not None else None
    if words:
        return words
    return _("the system refused (error {number})").format(number=number) if number is not None \
        else _("the system refused")


def in_words(error: BaseException, *, file: bool = True) -> str:
    """`error` as a sentence for the user. A system error in words (with the file's name when it names one and
    `file` is true); any other error's own message, which our code writes in words already."""
    if isinstance(error, OSError):
        said = _said(error)
        name = PurePath(str(error.filename)).name if file and error.filename else ""
        return f"{name}: {said}" if name else said
    return str(error) or type(error).__name__
