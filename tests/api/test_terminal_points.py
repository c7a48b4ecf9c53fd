import pytest
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import LoyaltyTransaction, Sale

from .conftest import error_code

STORE = "atelier-ville"
BASE = f"/api/v1/stores/{STORE}"


@pytest.fixture
def owner(headers):
    return headers("atelier_owner")


@pytest.fixture
def card(join) -> dict:
    return join(STORE)["card"]


def earn(client, h, card_number, cents, **more):
    return client.post(
        f"{BASE}/points/earn",
        headers=h,
        json={"card_number": card_number, "purchase_amount_cents": cents, "staff_pin": PINS["atelier-ville"], **more},
    )


def test_earn_gives_floor_of_euros_times_rate(client, owner, card):
    r = earn(client, owner, card["card_number"], 1234)
    assert r.status_code == 201
    body = r.json()
    assert body["points_earned"] == 123  # floor(12.34 EUR * 10)
    assert body["card"]["points_balance"] == 50 + 123
    assert body["transaction"]["type"] == "points_earned" and body["transaction"]["purchase_amount_cents"] == 1234


def test_earn_replayed_with_the_same_order_reference_answers_the_original(client, owner, card, db):
    first = earn(client, owner, card["card_number"], 2000, order_reference="POS-1")
    again = earn(client, owner, card["card_number"], 2000, order_reference="POS-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["transaction"] == first.json()["transaction"]
    assert again.json()["card"]["points_balance"] == 50 + 200
    assert len(db.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "points_earned")).all()) == 1


def test_same_order_reference_for_another_amount_is_a_conflict(client, owner, card):
    earn(client, owner, card["card_number"], 2000, order_reference="POS-1")
    r = earn(client, owner, card["card_number"], 3000, order_reference="POS-1")
    assert r.status_code == 409 and error_code(r) == "ORDER_REFERENCE_CONFLICT"


def test_earn_below_minimum_purchase(client, owner, card):
    r = earn(client, owner, card["card_number"], 499)
    assert r.status_code == 422 and error_code(r) == "BELOW_MINIMUM_PURCHASE"


def test_earn_at_another_store_without_cross_location(client, owner, card):
    r = client.post(
        "/api/v1/stores/atelier-kirchberg/points/earn",
        headers=owner,
        json={
            "card_number": card["card_number"],
            "purchase_amount_cents": 1000,
            "staff_pin": PINS["atelier-kirchberg"],
        },
    )
    assert r.status_code == 403 and error_code(r) == "CROSS_LOCATION_NOT_ALLOWED"


def test_redeem_a_reward(client, owner, card):
    earn(client, owner, card["card_number"], 5000)
    r = client.post(
        f"{BASE}/points/redeem",
        headers=owner,
        json={"card_number": card["card_number"], "reward_id": "voucher-5", "staff_pin": PINS["atelier-ville"]},
    )
    assert r.status_code == 201
    assert r.json()["transaction"]["reward_id"] == "voucher-5" and r.json()["transaction"]["points_delta"] == -500
    assert r.json()["card"]["points_balance"] == 50


def test_redeem_without_enough_points(client, owner, card):
    r = client.post(
        f"{BASE}/points/redeem",
        headers=owner,
        json={"card_number": card["card_number"], "reward_id": "voucher-15", "staff_pin": PINS["atelier-ville"]},
    )
    assert r.status_code == 409 and error_code(r) == "INSUFFICIENT_POINTS"


def test_redeem_unknown_reward(client, owner, card):
    r = client.post(
        f"{BASE}/points/redeem",
        headers=owner,
        json={"card_number": card["card_number"], "reward_id": "yacht", "staff_pin": PINS["atelier-ville"]},
    )
    assert r.status_code == 404 and error_code(r) == "REWARD_NOT_FOUND"


def test_void_writes_a_reversing_row_once(client, owner, card):
    tx = earn(client, owner, card["card_number"], 1000).json()["transaction"]
    r = client.post(
        f"{BASE}/transactions/{tx['id']}/void",
        headers=owner,
        json={"staff_pin": PINS["atelier-ville"], "reason": "typo"},
    )
    assert r.status_code == 201
    assert r.json()["transaction"]["type"] == "points_voided" and r.json()["transaction"]["points_delta"] == -100
    assert r.json()["card"]["points_balance"] == 50
    items = client.get(f"{BASE}/transactions", headers=owner).json()["items"]
    assert [i["id"] for i in items][:2] == [r.json()["transaction"]["id"], tx["id"]]  # newest first
    assert items[1]["voided_by_id"] == r.json()["transaction"]["id"]
    again = client.post(
        f"{BASE}/transactions/{tx['id']}/void", headers=owner, json={"staff_pin": PINS["atelier-ville"]}
    )
    assert again.status_code == 409 and error_code(again) == "ALREADY_VOIDED"


def test_a_void_row_itself_is_not_voidable(client, owner, card):
    tx = earn(client, owner, card["card_number"], 1000).json()["transaction"]
    void = client.post(
        f"{BASE}/transactions/{tx['id']}/void", headers=owner, json={"staff_pin": PINS["atelier-ville"]}
    ).json()
    r = client.post(
        f"{BASE}/transactions/{void['transaction']['id']}/void",
        headers=owner,
        json={"staff_pin": PINS["atelier-ville"]},
    )
    assert r.status_code == 409 and error_code(r) == "NOT_VOIDABLE"


def test_void_of_unknown_transaction(client, owner):
    r = client.post(f"{BASE}/transactions/999999/void", headers=owner, json={"staff_pin": PINS["atelier-ville"]})
    assert r.status_code == 404 and error_code(r) == "TRANSACTION_NOT_FOUND"


def test_transactions_list_respects_limit(client, owner, join):
    for i in range(3):
        join(STORE, email=f"guest{i}@example.com")
    r = client.get(f"{BASE}/transactions", params={"limit": 2}, headers=owner)
    assert r.status_code == 200 and len(r.json()["items"]) == 2
    assert client.get(f"{BASE}/transactions", params={"limit": 0}, headers=owner).status_code == 422


def test_lookup_by_number_qr_token_and_email(client, owner, card):
    n = card["card_number"]
    for q in (n, f"{n[:4]}-{n[4:8]}-{n[8:]}", card["qr_token"], "ADA@example.com"):
        r = client.get(f"{BASE}/cards/lookup", params={"q": q}, headers=owner)
        assert r.status_code == 200 and r.json() == card | {"points_balance": 50}, q


def test_lookup_of_unknown_card(client, owner):
    r = client.get(f"{BASE}/cards/lookup", params={"q": "nobody@example.com"}, headers=owner)
    assert r.status_code == 404 and error_code(r) == "CARD_NOT_FOUND"


def test_sale_reported_once_per_order_reference(client, owner, card, db):
    body = {"amount_cents": 4590, "card_number": card["card_number"], "order_reference": "POS-9"}
    first = client.post(f"{BASE}/sales", json=body, headers=owner)
    again = client.post(f"{BASE}/sales", json=body, headers=owner)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["sale"]["card_number"] == card["card_number"] and again.json() == first.json()
    conflict = client.post(f"{BASE}/sales", json=body | {"amount_cents": 1}, headers=owner)
    assert conflict.status_code == 409 and error_code(conflict) == "ORDER_REFERENCE_CONFLICT"
    assert len(db.exec(select(Sale)).all()) == 1


def test_sale_without_a_card(client, owner):
    r = client.post(f"{BASE}/sales", json={"amount_cents": 1200}, headers=owner)
    assert r.status_code == 201 and r.json()["sale"]["card_number"] is None
