"""The PassKit web service under /api/v1/apple, the storefront's .pkpass, and the enroll answer's links."""

import io
import json
import logging
import zipfile
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from loyalty_app.api.app import create_api
from loyalty_app.demo import LUMIERE_STAFF, PINS
from loyalty_app.demo.accounts import get_user
from loyalty_app.models import AppleDeviceRegistration
from loyalty_app.services.ledger import stamps
from loyalty_app.services.staff import accounts
from loyalty_app.wallet.pkpass import MIME_TYPE

from .pki import PASS_TYPE_ID

BASE = "/api/v1/apple/v1"


@pytest.fixture
def client(db, wallet_env):
    with TestClient(create_api()) as c:
        yield c


@pytest.fixture
def member(client) -> dict:
    """A new card through the storefront, with its pass downloaded once (as Wallet does when adding it)."""
    r = client.post(
        "/api/v1/storefront/lumiere-centre/enroll",
        json={"email": "ada@example.com", "first_name": "Ada", "accept_terms": True},
    )
    assert r.status_code == 201, r.text
    answer = r.json()
    pkpass = client.get(answer["wallet"]["apple_pass_url"].split("localhost:3000", 1)[1])
    assert pkpass.status_code == 200 and pkpass.headers["content-type"] == MIME_TYPE
    with zipfile.ZipFile(io.BytesIO(pkpass.content)) as archive:
        document = json.loads(archive.read("pass.json"))
    return {
        "card": answer["card"],
        "wallet": answer["wallet"],
        "pass": document,
        "serial": document["serialNumber"],
        "auth": {"Authorization": f"ApplePass {document['authenticationToken']}"},
    }


def stamp(db, card_number: str) -> None:
    actor = accounts.actor_for(get_user(db, LUMIERE_STAFF))
    db.commit()
    stamps.add_stamp(db, "lumiere-centre", card_number, actor, staff_pin=PINS["lumiere-centre"])


def registration_url(member, device="device-1") -> str:
    return f"{BASE}/devices/{device}/registrations/{PASS_TYPE_ID}/{member['serial']}"


def registrations(db) -> list[tuple[str, str, str]]:
    """(device, serial, push token) of every device registration, as the API committed them.

    In a short transaction of its own: an open one would hold SQLite's write lock (BEGIN IMMEDIATE) against the API.
    """
    with Session(db.get_bind()) as session:
        rows = session.exec(select(AppleDeviceRegistration).order_by(AppleDeviceRegistration.id)).all()
        return [(r.device_library_id, r.serial_number, r.push_token) for r in rows]


def pass_document(content: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return json.loads(archive.read("pass.json"))


def test_enroll_answer_carries_both_wallet_links(member, wallet_env):
    assert member["wallet"]["google_save_url"].startswith("https://pay.google.com/gp/v/save/")
    assert member["wallet"]["apple_pass_url"] == (
        f"{wallet_env.public_base_url}/api/v1/storefront/cards/{member['card']['qr_token']}/pass.pkpass"
    )
    assert member["serial"] == member["card"]["card_number"]


def test_unknown_qr_token_has_no_pass(client):
    assert client.get("/api/v1/storefront/cards/nope/pass.pkpass").status_code == 404


def test_registering_records_the_device_once_and_needs_the_pass_token(client, member, db):
    body = {"pushToken": "f" * 64}
    assert client.post(registration_url(member), json=body, headers=member["auth"]).status_code == 201
    assert registrations(db) == [("device-1", member["serial"], "f" * 64)]
    assert client.post(registration_url(member), json=body, headers=member["auth"]).status_code == 200
    assert registrations(db) == [("device-1", member["serial"], "f" * 64)]  # the same device, not a second row

    wrong = {"Authorization": "ApplePass " + "0" * 32}
    assert client.post(registration_url(member, "device-2"), json=body, headers=wrong).status_code == 401
    assert client.post(registration_url(member, "device-2"), json=body).status_code == 401
    other_type = registration_url(member).replace(PASS_TYPE_ID, "pass.com.example.other")
    assert client.post(other_type, json=body, headers=member["auth"]).status_code == 404
    assert [device for device, _, _ in registrations(db)] == ["device-1"]  # refused requests registered nothing


def test_serials_updated_since_a_tag(client, member, db):
    client.post(registration_url(member), json={"pushToken": "f" * 64}, headers=member["auth"])
    listing = f"{BASE}/devices/device-1/registrations/{PASS_TYPE_ID}"
    first = client.get(listing)
    assert first.status_code == 200 and first.json()["serialNumbers"] == [member["serial"]]
    tag = first.json()["lastUpdated"]
    assert client.get(listing, params={"passesUpdatedSince": tag}).status_code == 204
    stamp(db, member["serial"])
    again = client.get(listing, params={"passesUpdatedSince": tag})
    assert again.status_code == 200 and again.json()["serialNumbers"] == [member["serial"]]
    assert int(again.json()["lastUpdated"]) > int(tag)
    assert client.get(f"{BASE}/devices/unknown-device/registrations/{PASS_TYPE_ID}").status_code == 204


def test_latest_pass_has_last_modified_and_answers_304(client, member, db):
    url = f"{BASE}/passes/{PASS_TYPE_ID}/{member['serial']}"
    latest = client.get(url, headers=member["auth"])
    assert latest.status_code == 200 and latest.headers["content-type"] == MIME_TYPE
    assert pass_document(latest.content)["serialNumber"] == member["serial"]
    modified = latest.headers["last-modified"]
    unchanged = client.get(url, headers={**member["auth"], "If-Modified-Since": modified})
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    earlier = format_datetime(parsedate_to_datetime(modified).replace(year=2020), usegmt=True)
    again = client.get(url, headers={**member["auth"], "If-Modified-Since": earlier})
    assert again.status_code == 200 and pass_document(again.content)["serialNumber"] == member["serial"]
    refused = client.get(url, headers={"Authorization": "ApplePass wrong-token-0123456789"})
    assert refused.status_code == 401 and refused.headers["content-type"] != MIME_TYPE


def test_latest_pass_shows_the_new_balance(client, member, db):
    stamp(db, member["serial"])
    latest = client.get(f"{BASE}/passes/{PASS_TYPE_ID}/{member['serial']}", headers=member["auth"])
    assert pass_document(latest.content)["storeCard"]["primaryFields"][0]["value"] == "1 / 10"


def test_unregistering_deletes_the_registration_and_stops_the_listing(client, member, db):
    client.post(registration_url(member), json={"pushToken": "f" * 64}, headers=member["auth"])
    client.post(registration_url(member, "device-2"), json={"pushToken": "e" * 64}, headers=member["auth"])
    assert client.delete(registration_url(member), headers={"Authorization": "ApplePass nope"}).status_code == 401
    assert [device for device, _, _ in registrations(db)] == ["device-1", "device-2"]  # a refused delete keeps it

    assert client.delete(registration_url(member), headers=member["auth"]).status_code == 200
    assert registrations(db) == [("device-2", member["serial"], "e" * 64)]  # only that device's row is gone
    assert client.get(f"{BASE}/devices/device-1/registrations/{PASS_TYPE_ID}").status_code == 204
    listing = client.get(f"{BASE}/devices/device-2/registrations/{PASS_TYPE_ID}")
    assert listing.json()["serialNumbers"] == [member["serial"]]


def test_device_log_messages_reach_the_server_log(client, caplog):
    message = "Web service error for pass.com.example: 401"
    with caplog.at_level(logging.WARNING, logger="loyalty_app.services.wallet.apple_devices"):
        assert client.post(f"{BASE}/log", json={"logs": [message]}).status_code == 200
    assert [r.getMessage() for r in caplog.records] == [f"Apple Wallet device log: {message}"]


def test_web_service_is_absent_when_apple_wallet_is_off(db, set_wallet_env):
    with TestClient(create_api()) as c:
        r = c.get(f"{BASE}/devices/device-1/registrations/{PASS_TYPE_ID}")
    assert r.status_code == 404
