"""Debian's Chromium driven by Playwright for the browser tests: phone-sized, the office's certificate trusted by
its key (as a phone that installed it would), a fresh profile per test."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def spki_hash(cert_file: Path) -> str:
    """What Chromium's --ignore-certificate-errors-spki-list takes: the base64 SHA-256 of the public key."""
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    der = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def chromium_or_skip() -> str:
    found = shutil.which("chromium") or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if found is None:
        if os.environ.get("CI"):
            raise AssertionError("chromium is missing: installers/common.sh installs it when run as root")
        pytest.skip("Debian's chromium is not installed (installers/common.sh installs it when run as root)")
    return found


@contextlib.contextmanager
def browser(cert_file: Path) -> Iterator[Any]:
    """A Chromium that trusts this office's certificate, as a phone that installed it does (service workers
    then work too)."""
    from playwright.sync_api import sync_playwright
    path = chromium_or_skip()
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path,
                                     args=[*FLAGS, f"--ignore-certificate-errors-spki-list={spki_hash(cert_file)}"])
        try:
            yield launched
        finally:
            launched.close()


def phone(launched: Any, lang: str = "ru") -> Any:
    """A new phone-sized page in a fresh profile, in `lang`."""
    context = launched.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                   locale="ru-RU" if lang == "ru" else "en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def log_in(page: Any, url: str, user: str = "admin", password: str = "admin-pass-1") -> None:
    page.goto(url)
    page.fill("input[name=user]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector("input[name=q]")
