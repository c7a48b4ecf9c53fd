"""The signed .pkpass: manifest hashes, a detached PKCS#7 signature openssl accepts, and tampering caught."""

import hashlib
import io
import json
import subprocess
import zipfile

import pytest
from cryptography.hazmat.primitives.serialization import pkcs7

from loyalty_app.services.wallet import passes as wallet_passes
from tests.conftest import _clean

from .pki import PASS_TYPE_ID, TEAM_ID
from .test_google_sync import join, reload


@pytest.fixture
def engine(sqlite_engine):
    """Signing does not depend on the database: SQLite only."""
    _clean(sqlite_engine)
    return sqlite_engine


@pytest.fixture
def built(session, demo_db, wallet_env):
    card = join(session)
    return card, wallet_passes.build_card_pass(session, card)


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def openssl_verify(tmp_path, manifest: bytes, signature: bytes, root_file) -> subprocess.CompletedProcess:
    (tmp_path / "manifest.json").write_bytes(manifest)
    (tmp_path / "signature").write_bytes(signature)
    return subprocess.run(
        [
            "openssl",
            "smime",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            tmp_path / "signature",
            "-content",
            tmp_path / "manifest.json",
            "-CAfile",
            root_file,
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
    )


def test_manifest_lists_every_file_with_its_sha1(built):
    _, built_pass = built
    files = unzip(built_pass.content)
    manifest = json.loads(files["manifest.json"])
    assert set(manifest) == set(files) - {"manifest.json", "signature"}
    assert {"pass.json", "icon.png", "icon@2x.png", "logo.png"} <= set(manifest)
    assert all(hashlib.sha1(files[name]).hexdigest() == digest for name, digest in manifest.items())
    assert files["icon.png"].startswith(b"\x89PNG")


def test_openssl_accepts_the_signature_and_it_carries_the_wwdr_certificate(built, pki, tmp_path):
    _, built_pass = built
    files = unzip(built_pass.content)
    assert b"\n" in files["manifest.json"]  # only the Binary option keeps a multi-line manifest verifiable
    result = openssl_verify(tmp_path, files["manifest.json"], files["signature"], pki.root_file)
    assert result.returncode == 0, result.stderr
    assert "Verification successful" in result.stderr
    subjects = {c.subject.rfc4514_string() for c in pkcs7.load_der_pkcs7_certificates(files["signature"])}
    assert any("Worldwide Developer Relations" in s for s in subjects)
    assert any(PASS_TYPE_ID in s for s in subjects)


def test_the_signature_records_its_signing_time(built, tmp_path):
    _, built_pass = built
    (tmp_path / "signature").write_bytes(unzip(built_pass.content)["signature"])
    printed = subprocess.run(
        ["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", tmp_path / "signature"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "signingTime" in printed


def test_a_tampered_manifest_fails_verification(built, pki, tmp_path):
    _, built_pass = built
    files = unzip(built_pass.content)
    manifest = json.loads(files["manifest.json"])
    manifest["pass.json"] = hashlib.sha1(b"a different pass").hexdigest()
    tampered = json.dumps(manifest, sort_keys=True, indent=1).encode()
    result = openssl_verify(tmp_path, tampered, files["signature"], pki.root_file)
    assert result.returncode != 0


def test_pass_json_is_a_store_card_with_branding_barcode_and_web_service(built, session, wallet_env):
    card, built_pass = built
    document = json.loads(unzip(built_pass.content)["pass.json"])
    card = reload(session, card)
    assert document["formatVersion"] == 1 and document["passTypeIdentifier"] == PASS_TYPE_ID
    assert document["teamIdentifier"] == TEAM_ID and document["serialNumber"] == card.card_number
    assert document["organizationName"] == "Café Lumière" and document["backgroundColor"] == "rgb(139, 90, 43)"
    assert document["barcodes"][0]["format"] == "PKBarcodeFormatQR"
    assert document["barcodes"][0]["message"] == card.qr_token
    assert document["webServiceURL"] == wallet_env.public_base_url + "/api/v1/apple"
    assert document["authenticationToken"] == card.apple_auth_token and len(card.apple_auth_token) >= 16
    field = document["storeCard"]["primaryFields"][0]
    assert field["value"] == "0 / 10" and "%@" in field["changeMessage"]
    assert "Ada Lovelace" in [f["value"] for f in document["storeCard"]["secondaryFields"]]


def test_the_token_is_made_once_per_card(built, session):
    card, _ = built
    token = reload(session, card).apple_auth_token
    wallet_passes.build_card_pass(session, reload(session, card))
    assert reload(session, card).apple_auth_token == token
