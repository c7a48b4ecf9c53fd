"""The PassKit web service under /api/v1/apple, the storefront's .pkpass, and the enroll answer's links."""

import io
import json
import zipfile
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi.testclient import TestClient

from loyalty_app.api.app import create_api
from loyalty_app.demo import LUMIERE_STAFF, PINS
from loyalty_app.demo.accounts import get_user
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


def test_enroll_answer_carries_both_wallet_links(member, wallet_env):
    assert member["wallet"]["google_save_url"].startswith("https://pay.google.com/gp/v/save/")
    assert member["wallet"]["apple_pass_url"] == (
        f"{wallet_env.public_base_url}/api/v1/storefront/cards/{member['card']['qr_token']}/pass.pkpass"
    )
    assert member["serial"] == member["card"]["card_number"]


def test_unknown_qr_token_has_no_pass(client):
    assert client.get("/api/v1/storefront/cards/nope/pass.pkpass").status_code == 404


def test_register_is_201_then_200_and_needs_the_pass_token(client, member):
    body = {"pushToken": "f" * 64}
    assert client.post(registration_url(member), json=body, headers=member["auth"]).status_code == 201
    assert client.post(registration_url(member), json=body, headers=member["auth"]).status_code == 200
    wrong = {"Authorization": "ApplePass " + "0" * 32}
    assert client.post(registration_url(member, "device-2"), json=body, headers=wrong).status_code == 401
    assert client.post(registration_url(member, "device-2"), json=body).status_code == 401
    other_type = registration_url(member).replace(PASS_TYPE_ID, "pass.com.example.other")
    assert client.post(other_type, json=body, headers=member["auth"]).status_code == 404


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
    modified = latest.headers["last-modified"]
    assert client.get(url, headers={**member["auth"], "If-Modified-Since": modified}).status_code == 304
    earlier = format_datetime(parsedate_to_datetime(modified).replace(year=2020), usegmt=True)
    assert client.get(url, headers={**member["auth"], "If-Modified-Since": earlier}).status_code == 200
    assert client.get(url, headers={"Authorization": "ApplePass wrong-token-0123456789"}).status_code == 401


def test_latest_pass_shows_the_new_balance(client, member, db):
    stamp(db, member["serial"])
    latest = client.get(f"{BASE}/passes/{PASS_TYPE_ID}/{member['serial']}", headers=member["auth"])
    with zipfile.ZipFile(io.BytesIO(latest.content)) as archive:
        assert json.loads(archive.read("pass.json"))["storeCard"]["primaryFields"][0]["value"] == "1 / 10"


def test_unregister_stops_the_listing(client, member):
    client.post(registration_url(member), json={"pushToken": "f" * 64}, headers=member["auth"])
    assert client.delete(registration_url(member), headers={"Authorization": "ApplePass nope"}).status_code == 401
    assert client.delete(registration_url(member), headers=member["auth"]).status_code == 200
    assert client.get(f"{BASE}/devices/device-1/registrations/{PASS_TYPE_ID}").status_code == 204


def test_log_is_accepted(client):
    assert client.post(f"{BASE}/log", json={"logs": ["Web service error for pass.com.example: 401"]}).status_code == 200


def test_web_service_is_absent_when_apple_wallet_is_off(db, set_wallet_env):
    with TestClient(create_api()) as c:
        r = c.get(f"{BASE}/devices/device-1/registrations/{PASS_TYPE_ID}")
    assert r.status_code == 404
