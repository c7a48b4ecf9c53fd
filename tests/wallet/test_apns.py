"""APNs pushes over HTTP/2 with the pass certificate, to every device holding a card's pass."""

import json
import ssl
import time

import httpx
import pytest
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import AppleDeviceRegistration
from loyalty_app.services.ledger import stamps
from loyalty_app.services.wallet import sync as wallet_sync
from loyalty_app.wallet.apns import ApnsPusher
from loyalty_app.wallet.retry import WalletError

from .apns_server import subject_value
from .pki import PASS_TYPE_ID
from .test_google_sync import join, reload


def register(session, card, device: str, token: str) -> None:
    session.add(
        AppleDeviceRegistration(
            device_library_id=device, push_token=token, pass_type_id=PASS_TYPE_ID, serial_number=card.card_number
        )
    )
    session.commit()


def registrations(session, card) -> list[str]:
    rows = session.exec(
        select(AppleDeviceRegistration).where(AppleDeviceRegistration.serial_number == card.card_number)
    ).all()
    session.commit()
    return sorted(r.device_library_id for r in rows)


def test_a_balance_change_pushes_to_every_registered_device(session, demo_db, wallet_clients, apns_server):
    card = join(session)
    register(session, card, "phone", "a" * 64)
    register(session, card, "watch", "b" * 64)
    stamps.add_stamp(
        session,
        "lumiere-centre",
        card.card_number,
        demo_db["actors"]["lumiere_staff"],
        staff_pin=PINS["lumiere-centre"],
    )
    outcome = wallet_sync.sync_card(session, card.id, wallet_clients)
    assert outcome.ok and outcome.pushed == 2
    assert sorted(p.path for p in apns_server.pushes) == [f"/3/device/{'a' * 64}", f"/3/device/{'b' * 64}"]
    push = apns_server.pushes[0]
    assert push.headers["apns-topic"] == PASS_TYPE_ID and push.headers[":method"] == "POST"
    assert json.loads(push.body) == {}
    assert subject_value(push.client_subject, "userId") == PASS_TYPE_ID
    assert reload(session, card).wallet_synced_version == card.wallet_version


def test_410_removes_the_registration(session, demo_db, wallet_clients, apns_server):
    card = join(session)
    register(session, card, "phone", "a" * 64)
    register(session, card, "old-phone", "dead" * 16)
    apns_server.gone.add("dead" * 16)
    outcome = wallet_sync.sync_card(session, card.id, wallet_clients, force=True)
    assert outcome.ok and outcome.pushed == 1 and outcome.unregistered == 1
    assert registrations(session, card) == ["phone"]


def test_apns_503_is_retried_then_succeeds(wallet_env, apns_server, sleeps):
    apns_server.fail(503)
    pusher = ApnsPusher(wallet_env, delays=(1.0, 4.0, 16.0), sleep=sleeps)
    try:
        assert pusher.push("c" * 64) is True
    finally:
        pusher.close()
    assert len(apns_server.pushes) == 2 and len(sleeps) == 1


def test_apns_400_is_not_retried(wallet_env, apns_server, sleeps):
    apns_server.fail(400)
    pusher = ApnsPusher(wallet_env, delays=(1.0, 4.0, 16.0), sleep=sleeps)
    try:
        with pytest.raises(WalletError) as failed:
            pusher.push("c" * 64)
    finally:
        pusher.close()
    assert failed.value.status == 400 and sleeps == []


def test_the_local_apns_speaks_http2_and_refuses_a_client_without_the_certificate(wallet_env, apns_server, pki):
    with ApnsPusher(wallet_env).client as client:
        response = client.post(f"/3/device/{'d' * 64}", content=b"{}", headers={"apns-topic": PASS_TYPE_ID})
    assert response.status_code == 200 and response.http_version == "HTTP/2"
    context = ssl.create_default_context(cafile=str(pki.root_file))
    refused = apns_server.handshake_failures
    with pytest.raises(httpx.HTTPError):
        with httpx.Client(http2=True, verify=context) as anonymous:
            anonymous.post(f"{apns_server.url}/3/device/{'d' * 64}", content=b"{}")
    deadline = time.monotonic() + 2
    while apns_server.handshake_failures == refused and time.monotonic() < deadline:
        time.sleep(0.01)  # the server counts the refused handshake on its own thread
    assert apns_server.handshake_failures == refused + 1
