"""Entry of Organizer.exe (a windowed program): the window, or a command when given one."""

import sys
from pathlib import Path

if sys.stdout is None or sys.stderr is None:
    # A windowed program has no console: messages and tracebacks go to a log beside the PC's data instead.
    import platformdirs
    log = Path(platformdirs.user_log_dir("lan-organizer", appauthor=False)) / "organizer.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout = sys.stderr = open(log, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives as long as the app

import multiprocessing  # noqa: E402

# A big import reads its columns in a second process (spawned: this program started again); in it this runs that
# work and exits instead of opening a window.
multiprocessing.freeze_support()

from client.__main__ import main  # noqa: E402 - after the streams exist

sys.exit(main())
