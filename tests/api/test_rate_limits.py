import socket
import uuid

import pytest

from loyalty_app.api.errors import ApiError
from loyalty_app.api.ratelimit import RateLimits
from loyalty_app.settings import get_settings

from .conftest import error_code

REDIS = ("127.0.0.1", 6379)


def test_the_61st_stamp_in_a_minute_is_rate_limited(client, headers, join):
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
    assert r.json()["error"]["details"]["retry_after_seconds"] == int(r.headers["Retry-After"])
    # The limit is per user: the store's staff account still stamps.
    r = client.post("/api/v1/stores/lumiere-centre/stamps", json=body, headers=headers("lumiere_staff"))
    assert r.status_code == 201


def test_rate_limits_can_be_switched_off(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "rate_limits_enabled", False)
    for i in range(12):
        r = client.post(
            "/api/v1/storefront/lumiere-centre/enroll",
            json={"email": f"guest{i}@example.com", "first_name": "Guest", "accept_terms": True},
        )
        assert r.status_code == 201


def test_an_unreachable_limit_store_lets_requests_through():
    limits = RateLimits("redis://127.0.0.1:1/0")
    for _ in range(3):
        limits.hit("stamp", "1/minute", "user:1")


def _redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_reachable(), reason="Redis unreachable on 127.0.0.1:6379")
def test_limits_are_shared_through_redis():
    """Two apps (two workers) on one Redis count against the same limit."""
    key = f"user:{uuid.uuid4()}"
    first, second = RateLimits("redis://127.0.0.1:6379/15"), RateLimits("redis://127.0.0.1:6379/15")
    first.hit("stamp", "2/minute", key)
    second.hit("stamp", "2/minute", key)
    with pytest.raises(ApiError) as refused:
        first.hit("stamp", "2/minute", key)
    assert refused.value.status == 429 and 1 <= int(refused.value.headers["Retry-After"]) <= 60
