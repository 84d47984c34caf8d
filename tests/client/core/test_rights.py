"""What the PC knows of the user's rights, as the server last said: a section's rule, else the rule for every
section; a PC that never logged in may do anything with its own data."""

from __future__ import annotations

from pathlib import Path

from client.core.replica import Replica
from client.core.rights import may_export, rule


def test_the_servers_rules_say_what_may_be_exported(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "pc")
    try:
        assert rule(replica, "contact") is None and may_export(replica, "contact")  # never logged in
        replica.set_meta("rules", {"*": {"read": "own", "export": False}, "task": {"read": "all", "export": True}})
        assert rule(replica, "contact") == {"read": "own", "export": False}
        assert not may_export(replica, "contact") and may_export(replica, "task")
        replica.set_meta("rules", "not rules")  # a server too old to say: nothing refused here
        assert rule(replica, "contact") is None and may_export(replica, "contact")
    finally:
        replica.close()
