"""The storefront's sign-in endpoints over HTTP: same answer for anyone, typed errors, the cookie."""

import httpx
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def api(storefront_app):
    with httpx.Client(base_url=storefront_app.base_url, timeout=30) as client:
        yield client


def test_asking_for_a_link_answers_the_same_for_members_and_strangers(api, storefront_app):
    from .. import server as srv

    srv.enroll(storefront_app.engine, "lumiere-centre", "irene@example.com", "Irène")
    for email in ("irene@example.com", "stranger@example.com"):
        r = api.post("/api/v1/storefront/lumiere-centre/sign-in-link", json={"email": email, "locale": "fr"})
        assert (r.status_code, r.json()) == (202, {"status": "accepted"})


def test_a_bad_email_or_store_is_a_typed_error(api):
    r = api.post("/api/v1/storefront/lumiere-centre/sign-in-link", json={"email": "nope"})
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"email": "invalid_email"}
    r = api.post("/api/v1/storefront/nowhere/sign-in-link", json={"email": "a@example.com"})
    assert (r.status_code, r.json()["error"]["code"]) == (404, "STORE_NOT_FOUND")


def test_a_forged_link_sets_no_cookie_and_signing_out_clears_it(api):
    r = api.post("/api/v1/storefront/lumiere-centre/session", json={"token": "forged.token.value"})
    assert (r.status_code, r.json()["error"]["code"]) == (401, "SIGN_IN_LINK_INVALID")
    assert "loyalty_customer" not in r.headers.get("set-cookie", "")
    r = api.delete("/api/v1/storefront/lumiere-centre/session")
    assert r.status_code == 204 and 'loyalty_customer=""' in r.headers["set-cookie"]
    assert "HttpOnly" in r.headers["set-cookie"]
