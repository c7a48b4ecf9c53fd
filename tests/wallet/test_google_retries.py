"""The retry rules (on SQLite only: they do not depend on the database), the throttle and the save link."""

import time

import jwt
import pytest

from loyalty_app.services.wallet import passes as wallet_passes
from loyalty_app.services.wallet import sync as wallet_sync
from loyalty_app.wallet import google
from loyalty_app.wallet.clients import WalletClients
from tests.conftest import _clean

from .pki import ISSUER_ID
from .test_google_sync import join, reload


@pytest.fixture
def engine(sqlite_engine):
    _clean(sqlite_engine)
    return sqlite_engine


def test_two_503s_then_success_are_retried_with_backoff(session, demo_db, wallet_clients, google_server, sleeps):
    card = join(session)
    google_server.fail("/loyaltyObject", 503, 503)
    outcome = wallet_sync.sync_card(session, card.id, wallet_clients)
    assert outcome.ok
    assert [c.status for c in google_server.calls_to("/loyaltyObject", "POST")] == [503, 503, 200]
    assert len(sleeps) == 2 and 1.0 <= sleeps[0] <= 1.1 and 4.0 <= sleeps[1] <= 4.4
    assert reload(session, card).wallet_last_error is None


def test_the_backoff_base_is_a_setting(wallet_env, set_wallet_env, sleeps):
    set_wallet_env(WALLET_RETRY_BASE_SECONDS=0.25)
    assert WalletClients(sleep=sleeps).delays == (0.25, 1.0, 4.0)
    set_wallet_env(WALLET_RETRY_BASE_SECONDS=None)
    assert WalletClients(sleep=sleeps).delays == (1.0, 4.0, 16.0)


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_are_not_retried_and_are_recorded(
    session, demo_db, wallet_clients, google_server, sleeps, status
):
    card = join(session)
    google_server.fail("/loyaltyObject", status)
    outcome = wallet_sync.sync_card(session, card.id, wallet_clients)
    assert not outcome.ok and sleeps == []
    assert len(google_server.calls_to("/loyaltyObject", "POST")) == 1
    card = reload(session, card)
    assert f"-> {status}" in card.wallet_last_error and card.google_object_id is None
    assert card.id in wallet_sync.cards_to_sweep(session)


def test_429_until_the_last_try_is_recorded_after_four_attempts(
    session, demo_db, wallet_clients, google_server, sleeps
):
    card = join(session)
    google_server.fail("/loyaltyObject", 429, 429, 429, 429)
    outcome = wallet_sync.sync_card(session, card.id, wallet_clients)
    assert not outcome.ok and len(sleeps) == 3 and 16.0 <= sleeps[2] <= 17.6
    assert "429" in reload(session, card).wallet_last_error and "after 4 attempts" in outcome.errors[0]


def test_no_answer_is_retried_then_recorded(session, demo_db, wallet_env, set_wallet_env, sleeps):
    set_wallet_env(GOOGLE_API_BASE_URL="http://127.0.0.1:9/walletobjects/v1")  # the discard port: refused
    card = join(session)
    with WalletClients(sleep=sleeps) as c:
        outcome = wallet_sync.sync_card(session, card.id, c)
    assert not outcome.ok and len(sleeps) == 3
    assert "no answer" in reload(session, card).wallet_last_error


def test_save_link_is_short_and_verifies_with_the_service_account_key(session, demo_db, wallet_env, pki):
    card = join(session)
    url = wallet_passes.wallet_links(card)["google_save_url"]
    assert url.startswith("https://pay.google.com/gp/v/save/") and len(url) < 1800
    claims = jwt.decode(url.rsplit("/", 1)[1], pki.service_account_public_key, algorithms=["RS256"], audience="google")
    assert claims["typ"] == "savetowallet" and claims["iss"] == pki.service_account["client_email"]
    assert claims["payload"] == {"loyaltyObjects": [{"id": f"{ISSUER_ID}.card-{card.card_number}"}]}
    assert claims["origins"] == [wallet_env.public_base_url]


def test_wallet_links_are_empty_when_the_wallets_are_off(session, demo_db, set_wallet_env):
    card = join(session)
    assert wallet_passes.wallet_links(card) == {"google_save_url": None, "apple_pass_url": None}


def test_the_throttle_holds_calls_per_second():
    throttle = google.Throttle(20)
    started = time.monotonic()
    stamps_ = []
    for _ in range(30):
        throttle.wait()
        stamps_.append(time.monotonic())
    assert stamps_[-1] - started >= 0.9
    assert max(sum(1 for t in stamps_ if s <= t < s + 1.0) for s in stamps_) <= 20


def test_after_a_failed_schedule_the_next_cards_get_one_quick_try(
    session, demo_db, wallet_clients, google_server, sleeps
):
    first, second = join(session, email="a@example.com"), join(session, email="b@example.com")
    google_server.fail("/loyalty", 503, 503, 503, 503, 503)
    assert wallet_sync.sync_cards(session, [first.id, second.id], wallet_clients)["failed"] == 2
    assert len(sleeps) == 3  # the first card waited 1 s, 4 s, 16 s; the second one did not wait again
    assert {c.id for c in (first, second)} <= set(wallet_sync.cards_to_sweep(session))
