"""The one rule for what an e-mail address looks like, for the window, the commands, imports and the browser."""

from __future__ import annotations

import re

# name@domain.zone: a domain with at least one dot, no spaces; ivan@ and ivan@mail would only bounce
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


def is_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text))
