"""A PC's copy with colleagues, for the talk's Qt-free tests: edits made "as" a colleague carry their name as the
server would stamp it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import pytest

from client.core.replica import Replica
from client.core.talk import people


class Office:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    @contextlib.contextmanager
    def as_user(self, name: str) -> Iterator[Replica]:
        """Write as a colleague on this copy (their edits are stamped with their name), then back to olga."""
        self.replica.set_meta("user", name)
        try:
            yield self.replica
        finally:
            self.replica.set_meta("user", "olga")


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    replica = Replica(tmp_path / "pc")
    replica.set_metas({"user": "olga", people.META: [
        {"name": "admin", "full_name": "Администратор"}, {"name": "ivan", "full_name": "Иван Сидоров"},
        {"name": "olga", "full_name": "Ольга Петрова"}, {"name": "olga2", "full_name": "Ольга Смирнова"}]})
    try:
        yield Office(replica)
    finally:
        replica.close()
