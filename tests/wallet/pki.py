"""Throwaway keys and certificates: a Google service account, and root -> WWDR -> pass (plus an APNs server)."""

import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASS_TYPE_ID = "pass.com.example.loyalty"
TEAM_ID = "ABCDE12345"
ISSUER_ID = "3388000000012345678"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def issue(
    subject: x509.Name, key, issuer: x509.Name, issuer_key, *, ca: bool, days: int = 365, extensions: list = ()
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    for extension in extensions:
        builder = builder.add_extension(extension, critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def name(**attrs) -> x509.Name:
    oids = {
        "CN": NameOID.COMMON_NAME,
        "O": NameOID.ORGANIZATION_NAME,
        "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "UID": NameOID.USER_ID,
        "C": NameOID.COUNTRY_NAME,
    }
    return x509.Name([x509.NameAttribute(oids[k], v) for k, v in attrs.items()])


@dataclass
class WalletPki:
    dir: Path
    service_account: dict
    service_account_file: Path
    service_account_public_key: object
    root_file: Path
    wwdr_file: Path
    pass_cert_file: Path
    pass_key_file: Path
    apns_cert_file: Path
    apns_key_file: Path
    other_pass_cert_file: Path  # a valid pass certificate for another pass type id


def make_pki(directory: Path, token_uri: str) -> WalletPki:
    directory.mkdir(parents=True, exist_ok=True)
    sa_key = new_key()
    service_account = {
        "type": "service_account",
        "project_id": "test",
        "private_key_id": "kid1",
        "private_key": key_pem(sa_key).decode(),
        "client_email": "wallet@test.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": token_uri,
    }
    root_key, wwdr_key, pass_key, apns_key = new_key(), new_key(), new_key(), new_key()
    root_name = name(CN="Test Root CA", O="Test Apple Inc.", C="US")
    wwdr_name = name(
        CN="Test Apple Worldwide Developer Relations Certification Authority", OU="G4", O="Test Apple Inc.", C="US"
    )
    root = issue(root_name, root_key, root_name, root_key, ca=True, days=3650)
    wwdr = issue(wwdr_name, wwdr_key, root_name, root_key, ca=True, days=1825)
    client_auth = [x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH])]

    def pass_cert(pass_type_id: str) -> x509.Certificate:
        subject = name(UID=pass_type_id, CN=f"Pass Type ID: {pass_type_id}", OU=TEAM_ID, O="Example Loyalty", C="LU")
        return issue(subject, pass_key, wwdr_name, wwdr_key, ca=False, extensions=client_auth)

    apns = issue(
        name(CN="localhost"),
        apns_key,
        root_name,
        root_key,
        ca=False,
        extensions=[
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
        ],
    )
    files = {
        "service_account.json": json.dumps(service_account).encode(),
        "root.pem": cert_pem(root),
        "wwdr.pem": cert_pem(wwdr),
        "pass_cert.pem": cert_pem(pass_cert(PASS_TYPE_ID)),
        "pass_key.pem": key_pem(pass_key),
        "other_pass_cert.pem": cert_pem(pass_cert("pass.com.example.other")),
        "apns_cert.pem": cert_pem(apns),
        "apns_key.pem": key_pem(apns_key),
    }
    for filename, data in files.items():
        (directory / filename).write_bytes(data)
    return WalletPki(
        directory,
        service_account,
        directory / "service_account.json",
        sa_key.public_key(),
        directory / "root.pem",
        directory / "wwdr.pem",
        directory / "pass_cert.pem",
        directory / "pass_key.pem",
        directory / "apns_cert.pem",
        directory / "apns_key.pem",
        directory / "other_pass_cert.pem",
    )
