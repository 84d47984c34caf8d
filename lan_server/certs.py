"""The server's self-signed TLS certificate and the fingerprint clients pin.

Only `create` needs the cryptography package (7 MiB of native code resident): a running server reads its
certificate with the standard library's ssl, so it never loads it."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from pathlib import Path

from lan_server.files import protect
from lan_server.protocol.pinning import fingerprint

CERT_FILE = "server.crt"
KEY_FILE = "server.key"


def create(data_dir: Path, name: str) -> str:
    """Write a new key and a ten-year self-signed certificate; returns its fingerprint."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name[:64] or "organizer"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "LAN organizer")])
    now = dt.datetime.now(dt.timezone.utc)
    alt = [x509.DNSName("localhost"), x509.DNSName(socket.gethostname() or "localhost"),
           x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .sign(key, hashes.SHA256()))
    key_path = data_dir / KEY_FILE
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    protect(key_path)
    (data_dir / CERT_FILE).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return fingerprint_of_file(data_dir / CERT_FILE)


def fingerprint_of_file(cert_path: Path) -> str:
    """The fingerprint of the (first) certificate in a PEM file: its DER bytes hashed."""
    return fingerprint(ssl.PEM_cert_to_DER_cert(cert_path.read_text(encoding="ascii")))


def server_context(data_dir: Path) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(data_dir / CERT_FILE, data_dir / KEY_FILE)
    return ctx
