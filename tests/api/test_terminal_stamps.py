import pytest

from loyalty_app.models import LoyaltyTransaction

from .conftest import PIN, error_code

STORE = "lumiere-centre"


@pytest.fixture
def owner(headers):
    return headers("lumiere_owner")


@pytest.fixture
def card(join) -> dict:
    return join(STORE)["card"]


def stamp(client, h, card_number, store=STORE, pin=None, path="stamps"):
    body = {"card_number": card_number}
    if pin != "":
        body["staff_pin"] = pin or PIN[store]
    return client.post(f"/api/v1/stores/{store}/{path}", json=body, headers=h)


def no_cooldown(client, owner, **more):
    r = client.patch(
        "/api/v1/merchant/program", headers=owner, json={"cooldown_minutes": 0, "max_stamps_per_day": 100, **more}
    )
    assert r.status_code == 200, r.text


def test_stamp_adds_one_and_answers_the_row_and_the_card(client, owner, card):
    r = stamp(client, owner, card["card_number"])
    assert r.status_code == 201
    body = r.json()
    assert body["card"]["stamp_count"] == 1 and body["reward_ready"] is False
    tx = body["transaction"]
    assert tx["type"] == "stamp_earned" and tx["stamps_delta"] == 1 and tx["store_code"] == STORE
    assert tx["staff_name"] == "Marie" and tx["card_number"] == card["card_number"] and tx["voided_by_id"] is None


def test_store_staff_stamps_at_their_own_store(client, headers, card):
    assert stamp(client, headers("lumiere_staff"), card["card_number"]).status_code == 201


def test_store_staff_cannot_operate_another_store(client, headers, card):
    r = stamp(client, headers("lumiere_staff"), card["card_number"], store="lumiere-gare")
    assert r.status_code == 403 and error_code(r) == "FORBIDDEN"


def test_admin_stamping_is_recorded_as_acting_admin(client, headers, card, db):
    admin = headers("admin")
    admin_id = client.get("/api/v1/auth/me", headers=admin).json()["id"]
    r = stamp(client, admin, card["card_number"])
    assert r.status_code == 201
    row = db.get(LoyaltyTransaction, r.json()["transaction"]["id"])
    assert (row.user_id, row.acting_admin_id, row.ip_address) == (admin_id, admin_id, "testclient")


def test_card_number_with_spaces_and_dashes_is_accepted(client, owner, card):
    n = card["card_number"]
    assert stamp(client, owner, f"{n[:4]} {n[4:8]}-{n[8:]}").status_code == 201


def test_second_stamp_during_cooldown_is_refused_with_retry_after(client, owner, card):
    stamp(client, owner, card["card_number"])
    r = stamp(client, owner, card["card_number"])
    assert r.status_code == 409 and error_code(r) == "COOLDOWN_ACTIVE"
    assert 0 < r.json()["error"]["details"]["retry_after_seconds"] <= 15 * 60


def test_daily_stamp_limit(client, owner, card):
    no_cooldown(client, owner, max_stamps_per_day=2)
    for _ in range(2):
        assert stamp(client, owner, card["card_number"]).status_code == 201
    r = stamp(client, owner, card["card_number"])
    assert r.status_code == 409 and error_code(r) == "DAILY_STAMP_LIMIT"


def test_deactivated_card_is_refused(client, owner, card):
    client.post(f"/api/v1/merchant/cards/{card['id']}/deactivate", json={"reason": "lost"}, headers=owner)
    r = stamp(client, owner, card["card_number"])
    assert r.status_code == 409 and error_code(r) == "CARD_INACTIVE"


def test_unknown_card_is_card_not_found(client, owner):
    r = stamp(client, owner, "000000000000")
    assert r.status_code == 404 and error_code(r) == "CARD_NOT_FOUND"


def test_unknown_store_is_store_not_found(client, owner, card):
    r = client.post("/api/v1/stores/nowhere/stamps", json={"card_number": card["card_number"]}, headers=owner)
    assert r.status_code == 404 and error_code(r) == "STORE_NOT_FOUND"


def test_pin_required_wrong_and_locked(client, owner, card):
    r = stamp(client, owner, card["card_number"], pin="")
    assert r.status_code == 401 and error_code(r) == "PIN_REQUIRED"
    r = stamp(client, owner, card["card_number"], pin="0000")
    assert r.status_code == 401 and error_code(r) == "INVALID_PIN"
    for _ in range(3):
        stamp(client, owner, card["card_number"], pin="0000")
    r = stamp(client, owner, card["card_number"], pin="0000")
    assert r.status_code == 423 and error_code(r) == "PIN_LOCKED"
    r = stamp(client, owner, card["card_number"])  # even the right PIN waits for the lockout
    assert r.status_code == 423 and error_code(r) == "PIN_LOCKED"


def test_stamp_at_a_points_program_is_refused(client, headers, join):
    card = join("atelier-ville")["card"]
    r = stamp(client, headers("atelier_owner"), card["card_number"], store="atelier-ville")
    assert r.status_code == 409 and error_code(r) == "NOT_IN_PROGRAM"


def test_reward_ready_then_redeem_brings_the_counter_back(client, owner, card):
    no_cooldown(client, owner)
    for _ in range(10):
        r = stamp(client, owner, card["card_number"])
    assert r.json()["reward_ready"] is True and r.json()["card"]["stamp_count"] == 10
    r = stamp(client, owner, card["card_number"], path="stamps/redeem")
    assert r.status_code == 201
    assert r.json()["transaction"]["type"] == "stamp_redeemed" and r.json()["transaction"]["stamps_delta"] == -10
    assert r.json()["card"]["stamp_count"] == 0


def test_redeem_without_enough_stamps_is_insufficient_stamps(client, owner, card):
    r = stamp(client, owner, card["card_number"], path="stamps/redeem")
    assert r.status_code == 409 and error_code(r) == "INSUFFICIENT_STAMPS"
