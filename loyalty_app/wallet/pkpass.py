"""The signed .pkpass archive: manifest of SHA-1 hashes, detached PKCS#7 signature with the WWDR chain."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from ..settings import Settings

MIME_TYPE = "application/vnd.apple.pkpass"


@dataclass(frozen=True)
class PassSigner:
    """The Pass Type ID certificate and key, and Apple's WWDR intermediate that issued it."""

    certificate: x509.Certificate
    key: object
    wwdr: x509.Certificate

    @property
    def pass_type_id(self) -> str | None:
        uid = self.certificate.subject.get_attributes_for_oid(NameOID.USER_ID)
        return str(uid[0].value) if uid else None

    @property
    def not_after(self) -> datetime:
        return self.certificate.not_valid_after_utc


def load_certificate(path: Path | str) -> x509.Certificate:
    data = Path(path).read_bytes()
    return x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data else x509.load_der_x509_certificate(data)


def load_signer(cert_file: Path | str, key_file: Path | str, wwdr_file: Path | str) -> PassSigner:
    """Read and cross-check the three files; raises ValueError naming what is wrong."""
    certificate = load_certificate(cert_file)
    key = serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None)
    wwdr = load_certificate(wwdr_file)
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.PEM, public) != certificate.public_key().public_bytes(
        serialization.Encoding.PEM, public
    ):
        raise ValueError(f"the key in {key_file} does not belong to the certificate in {cert_file}")
    if certificate.issuer != wwdr.subject:
        raise ValueError(
            f"the WWDR certificate in {wwdr_file} did not issue the pass certificate "
            f"(issuer {certificate.issuer.rfc4514_string()})"
        )
    return PassSigner(certificate, key, wwdr)


@lru_cache(maxsize=2)
def _cached_signer(cert_file: str, key_file: str, wwdr_file: str, _mtimes: tuple) -> PassSigner:
    return load_signer(cert_file, key_file, wwdr_file)


def signer_for(settings: Settings) -> PassSigner:
    files = (str(settings.apple_cert_file), str(settings.apple_key_file), str(settings.apple_wwdr_file))
    return _cached_signer(*files, tuple(Path(f).stat().st_mtime_ns for f in files))


def manifest_for(files: dict[str, bytes]) -> bytes:
    return json.dumps(
        {name: hashlib.sha1(data).hexdigest() for name, data in files.items()}, sort_keys=True, indent=1
    ).encode()


def sign_manifest(manifest: bytes, signer: PassSigner) -> bytes:
    # SHA-256 signer (cryptography refuses SHA-1 here); Binary stops the LF -> CRLF rewrite before hashing,
    # which would break the signature of any manifest with a newline; signing time stays in (default).
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(manifest)
        .add_signer(signer.certificate, signer.key, hashes.SHA256())
        .add_certificate(signer.wwdr)
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
    )


def build_pkpass(pass_json: dict, images: dict[str, bytes], signer: PassSigner) -> bytes:
    files = {"pass.json": json.dumps(pass_json, ensure_ascii=False, indent=1).encode(), **images}
    manifest = manifest_for(files)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", manifest)
        archive.writestr("signature", sign_manifest(manifest, signer))
    return buf.getvalue()


def days_left(signer: PassSigner, now: datetime | None = None) -> int:
    return (signer.not_after - (now or datetime.now(UTC))).days
