from loyalty_app.demo import DEMO_PASSWORD, LUMIERE_STAFF

from .conftest import USERS, error_code


def test_login_returns_bearer_token_and_user(client, demo):
    r = client.post("/api/v1/auth/login", json={"email": "Staff.Lumiere@example.com", "password": DEMO_PASSWORD})
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["access_token"]
    assert body["user"] == {
        "id": body["user"]["id"],
        "email": LUMIERE_STAFF,
        "role": "store_staff",
        "merchant_id": demo["merchants"]["lumiere"].id,
        "store_id": demo["stores"]["lumiere-centre"].id,
    }


def test_login_with_wrong_password_is_invalid_credentials(client):
    r = client.post("/api/v1/auth/login", json={"email": USERS["admin"], "password": "wrong-password"})
    assert r.status_code == 401 and error_code(r) == "INVALID_CREDENTIALS"


def test_login_with_unknown_email_is_invalid_credentials(client):
    r = client.post("/api/v1/auth/login", json={"email": "nobody@example.com", "password": DEMO_PASSWORD})
    assert r.status_code == 401 and error_code(r) == "INVALID_CREDENTIALS"


def test_login_without_password_is_a_validation_error(client):
    r = client.post("/api/v1/auth/login", json={"email": USERS["admin"]})
    assert r.status_code == 422
    assert r.json()["error"]["details"]["fields"] == {"password": "missing"}


def test_me_answers_the_signed_in_user(client, headers):
    r = client.get("/api/v1/auth/me", headers=headers("atelier_owner"))
    assert r.status_code == 200 and r.json()["role"] == "merchant_owner"


def test_me_without_token_is_unauthenticated(client):
    r = client.get("/api/v1/auth/me")
    assert r.status_code == 401 and error_code(r) == "UNAUTHENTICATED"
    assert r.headers["WWW-Authenticate"] == "Bearer"


def test_me_with_a_forged_token_is_unauthenticated(client, headers):
    token = headers("admin")["Authorization"]
    r = client.get("/api/v1/auth/me", headers={"Authorization": token[:-3] + "abc"})
    assert r.status_code == 401 and error_code(r) == "UNAUTHENTICATED"


def test_every_non_public_endpoint_needs_a_token(client):
    for method, path in [
        ("GET", "/api/v1/stores/lumiere-centre/transactions"),
        ("POST", "/api/v1/stores/lumiere-centre/stamps"),
        ("GET", "/api/v1/merchant/program"),
        ("GET", "/api/v1/admin/jobs"),
    ]:
        r = client.request(method, path, json={})
        assert r.status_code == 401 and error_code(r) == "UNAUTHENTICATED", path
