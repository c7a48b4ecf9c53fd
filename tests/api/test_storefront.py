from datetime import date, timedelta

from sqlmodel import select

from loyalty_app.models import Customer, LoyaltyTransaction

from .conftest import error_code


def test_program_shows_what_a_customer_needs_and_no_secrets(client):
    r = client.get("/api/v1/storefront/atelier-ville/program")
    assert r.status_code == 200
    body = r.json()
    assert body["store"] == {"code": "atelier-ville", "name": "Mode Atelier Ville"}
    assert body["merchant"] == {"name": "Mode Atelier"}
    assert body["program"]["rewards"] == [
        {"id": "voucher-5", "name": "5 EUR voucher", "points_cost": 500},
        {"id": "voucher-15", "name": "15 EUR voucher", "points_cost": 1200},
    ]
    assert body["program"]["welcome_bonus_points"] == 50
    for secret in ("google_class_id", "pin_required", "cooldown_minutes", "merchant_id"):
        assert secret not in r.text


def test_program_of_unknown_store_is_store_not_found(client):
    r = client.get("/api/v1/storefront/nowhere/program")
    assert r.status_code == 404 and error_code(r) == "STORE_NOT_FOUND"


def test_enroll_creates_a_card_with_locations_and_empty_wallet_links(client, db):
    r = client.post(
        "/api/v1/storefront/atelier-ville/enroll",
        json={
            "email": "Ada@Example.com",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "phone": "+352 621 123 456",
            "birthday": "1990-02-28",
            "locale": "fr",
            "marketing_consent": True,
            "accept_terms": True,
        },
    )
    assert r.status_code == 201
    body = r.json()
    card = body["card"]
    assert body["already_enrolled"] is False
    assert card["loyalty_type"] == "points" and card["points_balance"] == 50 and len(card["card_number"]) == 12
    assert card["enrolled_at_store"] == {"code": "atelier-ville", "name": "Mode Atelier Ville"}
    assert card["customer"] == {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
    assert body["locations"] == [{"code": "atelier-ville", "name": "Mode Atelier Ville"}]  # cross-location off
    assert body["wallet"] == {"google_save_url": None, "apple_pass_url": None}
    customer = db.exec(select(Customer).where(Customer.email == "ada@example.com")).one()
    assert (customer.birth_date, customer.phone) == (date(1990, 2, 28), "+352 621 123 456")
    bonus = db.exec(select(LoyaltyTransaction)).one()
    assert bonus.type == "welcome_bonus" and bonus.ip_address == "testclient"


def test_enrolling_again_returns_the_same_card_with_200(client, join):
    first = join("lumiere-centre")
    r = client.post(
        "/api/v1/storefront/lumiere-gare/enroll",
        json={"email": "ADA@example.com", "first_name": "Ada", "accept_terms": True},
    )
    assert r.status_code == 200
    assert r.json()["already_enrolled"] is True and r.json()["card"]["id"] == first["card"]["id"]
    assert {s["code"] for s in r.json()["locations"]} == {"lumiere-centre", "lumiere-gare"}


def test_enroll_requires_accepting_the_terms(client):
    r = client.post(
        "/api/v1/storefront/lumiere-centre/enroll",
        json={"email": "ada@example.com", "first_name": "Ada", "accept_terms": False},
    )
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"accept_terms": "must_accept_terms"}


def test_enroll_refuses_a_birthday_in_the_future(client):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    r = client.post(
        "/api/v1/storefront/lumiere-centre/enroll",
        json={"email": "ada@example.com", "first_name": "Ada", "birthday": tomorrow, "accept_terms": True},
    )
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"birthday": "birthday_in_future"}


def test_enroll_refuses_an_impossible_date(client):
    r = client.post(
        "/api/v1/storefront/lumiere-centre/enroll",
        json={"email": "ada@example.com", "first_name": "Ada", "birthday": "2001-02-29", "accept_terms": True},
    )
    assert r.status_code == 422 and "birthday" in r.json()["error"]["details"]["fields"]


def test_enroll_refuses_an_invalid_email(client):
    r = client.post(
        "/api/v1/storefront/lumiere-centre/enroll",
        json={"email": "not-an-email", "first_name": "Ada", "accept_terms": True},
    )
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"email": "invalid_email"}


def test_enroll_at_unknown_store_is_store_not_found(client):
    r = client.post(
        "/api/v1/storefront/nowhere/enroll",
        json={"email": "ada@example.com", "first_name": "Ada", "accept_terms": True},
    )
    assert r.status_code == 404 and error_code(r) == "STORE_NOT_FOUND"


def test_enroll_is_limited_to_ten_a_minute_per_address(client):
    for i in range(10):
        r = client.post(
            "/api/v1/storefront/lumiere-centre/enroll",
            json={"email": f"guest{i}@example.com", "first_name": "Guest", "accept_terms": True},
        )
        assert r.status_code == 201
    r = client.post(
        "/api/v1/storefront/lumiere-centre/enroll",
        json={"email": "guest10@example.com", "first_name": "Guest", "accept_terms": True},
    )
    assert r.status_code == 429 and error_code(r) == "RATE_LIMITED"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
