"""The tests' own helper for child processes: reap collects a child whatever the test already did with its pipes."""

from __future__ import annotations

import subprocess
import sys

from tests.servers import reap


def test_reap_collects_a_child_whose_stdin_the_test_closed_and_one_whose_output_it_read() -> None:
    # A test ends a reading child by closing its stdin (its end of input), and reads another's output itself.
    fed = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    read = subprocess.Popen([sys.executable, "-c", "print('done')"], stdout=subprocess.PIPE, text=True)
    assert fed.stdin is not None
    fed.stdin.close()
    assert read.communicate(timeout=30)[0] == "done\n"
    reap(fed, read)
    # collected either way: `fed` may still be ending when reaped (then it is killed), `read` ended by itself
    assert fed.returncode is not None and read.returncode == 0
    assert fed.stdout is not None and fed.stdout.closed


def test_reap_kills_a_child_still_running() -> None:
    hung = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], stdin=subprocess.PIPE)
    reap(hung, None)
    assert hung.returncode is not None and hung.returncode != 0
