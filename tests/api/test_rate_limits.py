import socket
import uuid

import pytest
from limits import parse
from sqlmodel import select

from loyalty_app.components.failure import error_message
from loyalty_app.models import CustomerSignInLink, LoyaltyTransaction
from loyalty_app.pages.storefront import card_state, join_state
from loyalty_app.services import errors
from loyalty_app.services.rate_limits import RateLimits, rate_limits
from loyalty_app.settings import get_settings

from .conftest import error_code

REDIS = ("127.0.0.1", 6379)
LOCALES = ("en", "fr", "de", "lb")
LINK = "/api/v1/storefront/lumiere-centre/sign-in-link"


def test_the_61st_stamp_in_a_minute_is_refused_and_adds_no_transaction(client, headers, join, db):
    assert get_settings().rate_limits_enabled
    owner = headers("lumiere_owner")
    r = client.patch(
        "/api/v1/merchant/program", headers=owner, json={"cooldown_minutes": 0, "max_stamps_per_day": 1000}
    )
    assert r.status_code == 200
    card = join()["card"]
    body = {"card_number": card["card_number"], "staff_pin": "1234"}
    for i in range(60):
        assert client.post("/api/v1/stores/lumiere-centre/stamps", json=body, headers=owner).status_code == 201, i
    r = client.post("/api/v1/stores/lumiere-centre/stamps", json=body, headers=owner)
    assert r.status_code == 429 and error_code(r) == "RATE_LIMITED"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert r.json()["error"]["details"] == {"limit": "60/minute", "retry_after_seconds": int(r.headers["Retry-After"])}
    db.commit()
    stamps = db.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.card_id == card["id"])).all()
    assert sum(tx.stamps_delta for tx in stamps) == 60
    db.commit()
    # The limit is per user: the store's staff account still stamps.
    r = client.post("/api/v1/stores/lumiere-centre/stamps", json=body, headers=headers("lumiere_staff"))
    assert r.status_code == 201


def test_sign_in_links_from_one_address_share_one_budget_over_the_api_and_the_pages(client, join, db):
    """The API, the card page and the join page count against one limit, not one limit each."""
    join(email="ada@example.com")
    allowed = parse(rate_limits().rate("sign_in_link")).amount
    ip = "testclient"  # the address TestClient requests come from
    entry_points = [
        lambda email: client.post(LINK, json={"email": email}).raise_for_status(),
        lambda email: card_state._request_link("lumiere-centre", email, "en", ip),
        lambda email: join_state._send_link("lumiere-centre", email, "en", ip),
    ]
    for i in range(allowed):
        entry_points[i % 3](f"guest{i}@example.com")
    r = client.post(LINK, json={"email": "ada@example.com"})
    assert r.status_code == 429 and error_code(r) == "RATE_LIMITED"
    for page_entry in entry_points[1:]:
        with pytest.raises(errors.RateLimited) as refused:
            page_entry("ada@example.com")
        assert 1 <= refused.value.retry_after <= 60
    db.commit()
    assert db.exec(select(CustomerSignInLink)).all() == [], "a refused request sends no link"
    db.commit()
    # Another address still gets its link.
    card_state._request_link("lumiere-centre", "ada@example.com", "en", "198.51.100.4")
    db.commit()
    assert len(db.exec(select(CustomerSignInLink)).all()) == 1


def test_rate_limits_can_be_switched_off(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "rate_limits_enabled", False)
    for i in range(12):
        r = client.post(
            "/api/v1/storefront/lumiere-centre/enroll",
            json={"email": f"guest{i}@example.com", "first_name": "Guest", "accept_terms": True},
        )
        assert r.status_code == 201


def test_the_enroll_limit_is_read_from_the_settings(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "enroll_rate_limit", "2/minute")
    body = {"first_name": "Guest", "accept_terms": True}
    codes = [
        client.post("/api/v1/storefront/lumiere-centre/enroll", json={**body, "email": f"g{i}@example.com"}).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 429]


def test_an_unreachable_limit_store_lets_requests_through():
    limits = RateLimits("redis://127.0.0.1:1/0", {"tiny": "1/minute"})
    for _ in range(3):
        limits.hit("tiny", "user:1")


def _redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="Redis unreachable on 127.0.0.1:6379")
def test_limits_are_shared_through_redis():
    """Two processes (two limiters) on one Redis count against the same limit."""
    key = f"user:{uuid.uuid4()}"
    table = {"tiny": "2/minute"}
    first, second = RateLimits("redis://127.0.0.1:6379/15", table), RateLimits("redis://127.0.0.1:6379/15", table)
    first.hit("tiny", key)
    second.hit("tiny", key)
    with pytest.raises(errors.RateLimited) as refused:
        first.hit("tiny", key)
    assert 1 <= refused.value.retry_after <= 60 and refused.value.details["limit"] == "2/minute"


def test_pages_tell_a_refused_request_in_the_reader_s_language():
    texts = {locale: error_message(errors.RateLimited(retry_after=30, limit="10/minute"), locale) for locale in LOCALES}
    assert texts["en"] == "Too many attempts. Wait a minute and try again."
    assert len(set(texts.values())) == len(LOCALES), texts
