"""Certificate fingerprints: how a client recognises its office server without a certificate authority."""

from __future__ import annotations

import hashlib
import hmac


def fingerprint(der: bytes) -> str:
    return "SHA256:" + hashlib.sha256(der).hexdigest()


def normalize(text: str) -> str:
    """Accept `SHA256:ab:cd...`, plain hex, any case."""
    hexpart = text.strip().split(":", 1)[1] if text.strip().upper().startswith("SHA256:") else text.strip()
    return "SHA256:" + hexpart.replace(":", "").lower()


def matches(expected: str, der: bytes) -> bool:
    return hmac.compare_digest(normalize(expected), fingerprint(der))
