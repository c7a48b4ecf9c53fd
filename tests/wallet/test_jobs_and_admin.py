"""End to end through the API and the job queue, and the admin's wallet debug endpoints."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

import jobs.wallet
from jobs import embedded
from jobs.registry import spec_for
from jobs.schedule import SCHEDULES
from loyalty_app.api.app import create_api
from loyalty_app.demo import ADMIN_EMAIL, LUMIERE_OWNER, LUMIERE_STAFF, PINS
from loyalty_app.demo.accounts import DEMO_PASSWORD
from loyalty_app.models import LoyaltyCard

from .pki import ISSUER_ID


@pytest.fixture
def client(db, wallet_env):
    embedded.reset()
    embedded.start(schedules=False)
    with TestClient(create_api()) as c:
        yield c
    embedded.stop()
    embedded.reset()


def login(client, email: str) -> dict:
    r = client.post("/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def enroll(client, email="ada@example.com", store="lumiere-centre") -> dict:
    r = client.post(
        f"/api/v1/storefront/{store}/enroll", json={"email": email, "first_name": "Ada", "accept_terms": True}
    )
    assert r.status_code == 201, r.text
    return r.json()["card"]


def card_row(db, card_id: int) -> LoyaltyCard:
    db.expire_all()
    card = db.exec(select(LoyaltyCard).where(LoyaltyCard.id == card_id)).one()
    db.commit()
    return card


def test_wallet_jobs_are_registered_and_the_sweep_is_hourly():
    for func in (jobs.wallet.sync_card, jobs.wallet.sync_batch, jobs.wallet.sync_program, jobs.wallet.wallet_sweep):
        assert spec_for(func).func is func
    sweep = next(s for s in SCHEDULES if s.func is jobs.wallet.wallet_sweep)
    assert sweep.cron == "20 * * * *"


def test_enrollment_and_a_stamp_reach_google_through_the_job_queue(client, db, google_server):
    card = enroll(client)
    assert embedded.drain(20)
    object_id = f"{ISSUER_ID}.card-{card['card_number']}"
    assert google_server.resources["loyaltyObject"][object_id]["loyaltyPoints"]["balance"] == {"string": "0 / 10"}
    staff = login(client, LUMIERE_STAFF)
    r = client.post(
        "/api/v1/stores/lumiere-centre/stamps",
        json={"card_number": card["card_number"], "staff_pin": PINS["lumiere-centre"]},
        headers=staff,
    )
    assert r.status_code == 201, r.text
    assert embedded.drain(20)
    assert google_server.resources["loyaltyObject"][object_id]["loyaltyPoints"]["balance"] == {"string": "1 / 10"}
    row = card_row(db, card["id"])
    assert row.wallet_synced_version == row.wallet_version and row.wallet_last_error is None


def test_the_sweep_job_retries_failed_cards(client, db, google_server):
    google_server.fail("/loyaltyObject", 400)
    card = enroll(client)
    assert embedded.drain(20)
    assert "400" in card_row(db, card["id"]).wallet_last_error
    assert jobs.wallet.wallet_sweep() == {"cards": 1, "batches": 1}
    assert embedded.drain(20)
    assert card_row(db, card["id"]).wallet_last_error is None


def test_admin_wallet_debug(client, db, google_server, pki):
    card = enroll(client)
    assert embedded.drain(20)
    admin = login(client, ADMIN_EMAIL)
    config = client.get("/api/v1/admin/wallet/config", headers=admin).json()
    assert config["google"]["enabled"] and config["apple"]["enabled"] and config["apple"]["problems"] == []
    classes = client.get("/api/v1/admin/wallet/classes", headers=admin).json()["items"]
    lumiere = next(c for c in classes if c["card_name"] == "Café Lumière")
    assert lumiere["created"] and lumiere["review_status"] == "UNDER_REVIEW" and lumiere["cards"] == 1
    inspected = client.get(f"/api/v1/admin/wallet/cards/{card['id']}", headers=admin).json()
    assert inspected["google"]["object"]["barcode"]["value"] == card["qr_token"]
    assert inspected["apple"]["pass_json"]["authenticationToken"] == "<made at first download>"
    assert inspected["sync"]["in_sync"] is True
    link = client.get(f"/api/v1/admin/wallet/cards/{card['id']}/save-link", headers=admin).json()
    assert link["under_limit"] and link["signature_valid"] and link["object_exists"] is True
    assert client.get("/api/v1/admin/wallet/failures", headers=admin).json() == {"total": 0, "items": []}


def test_admin_sees_failures_and_resyncs(client, db, google_server):
    google_server.fail("/loyaltyObject", 403)
    card = enroll(client)
    assert embedded.drain(20)
    admin = login(client, ADMIN_EMAIL)
    failures = client.get("/api/v1/admin/wallet/failures", headers=admin).json()
    assert failures["total"] == 1 and "403" in failures["items"][0]["last_error"]
    assert client.post(f"/api/v1/admin/wallet/cards/{card['id']}/resync", headers=admin).status_code == 202
    assert embedded.drain(20)
    assert client.get("/api/v1/admin/wallet/failures", headers=admin).json()["total"] == 0
    assert client.post("/api/v1/admin/wallet/cards/999999/resync", headers=admin).status_code == 404


def test_wallet_debug_is_for_platform_admins_only(client):
    owner = login(client, LUMIERE_OWNER)
    assert client.get("/api/v1/admin/wallet/config", headers=owner).status_code == 403
    assert client.get("/api/v1/admin/wallet/config").status_code == 401
