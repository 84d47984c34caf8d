"""A pinned fingerprint recognises its server's certificate however it was typed, and no other."""

from __future__ import annotations

import hashlib

from lan_server.protocol.pinning import fingerprint, matches, normalize


def test_a_fingerprint_matches_its_certificate_in_any_spelling_and_no_other() -> None:
    der = b"certificate bytes"
    hexed = hashlib.sha256(der).hexdigest()
    assert fingerprint(der) == "SHA256:" + hexed
    colons = ":".join(hexed[i:i + 2] for i in range(0, len(hexed), 2)).upper()
    for typed in (fingerprint(der), hexed, hexed.upper(), "sha256:" + colons, f"  {hexed}  "):
        assert normalize(typed) == fingerprint(der) and matches(typed, der)
    assert not matches(fingerprint(b"another server"), der)
