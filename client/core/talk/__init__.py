"""Colleagues talk in the organizer: comments on records, office messages, read marks, notifications and the feed.

Each is a record of its own hidden section (lan_server/records/talk.py), written and read through the Replica only,
so it works offline, syncs, merges and has history like any record; the server decides who may read it.
"""

from __future__ import annotations

from client.core.replica import Replica


def now_ms(replica: Replica) -> int:
    """The office's time (the server's clock, as this PC knows it) in milliseconds: what `at` fields hold."""
    return replica.local_ms() + replica.clock_offset_ms
