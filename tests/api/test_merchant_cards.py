import pytest
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import AuditLog, LoyaltyTransaction

from .conftest import error_code

CARDS = "/api/v1/merchant/cards"


@pytest.fixture
def owner(headers):
    return headers("atelier_owner")


@pytest.fixture
def cards(join) -> list[dict]:
    return [
        join("atelier-ville", "ada@example.com", first_name="Ada", last_name="Lovelace")["card"],
        join("atelier-kirchberg", "grace@example.com", first_name="Grace", last_name="Hopper")["card"],
        join("atelier-ville", "alan@example.com", first_name="Alan", last_name="Turing")["card"],
    ]


def numbers(r) -> list[str]:
    return [c["card_number"] for c in r.json()["items"]]


def test_list_is_newest_first_and_paginated(client, owner, cards):
    r = client.get(CARDS, params={"page_size": 2}, headers=owner)
    assert (
        r.status_code == 200
        and r.json()["total"] == 3
        and numbers(r) == [cards[2]["card_number"], cards[1]["card_number"]]
    )
    r = client.get(CARDS, params={"page_size": 2, "page": 2}, headers=owner)
    assert numbers(r) == [cards[0]["card_number"]]


def test_search_by_email_name_and_card_number(client, owner, cards):
    assert numbers(client.get(CARDS, params={"q": "GRACE@"}, headers=owner)) == [cards[1]["card_number"]]
    assert numbers(client.get(CARDS, params={"q": "ada lovelace"}, headers=owner)) == [cards[0]["card_number"]]
    assert numbers(client.get(CARDS, params={"q": "turing"}, headers=owner)) == [cards[2]["card_number"]]
    n = cards[0]["card_number"]
    assert numbers(client.get(CARDS, params={"q": f"{n[:4]} {n[4:8]}"}, headers=owner))[-1] == n
    assert client.get(CARDS, params={"q": "%"}, headers=owner).json()["total"] == 0


def test_filter_by_store_and_activity(client, owner, cards):
    assert numbers(client.get(CARDS, params={"store": "atelier-kirchberg"}, headers=owner)) == [cards[1]["card_number"]]
    client.post(f"{CARDS}/{cards[0]['id']}/deactivate", json={"reason": "lost"}, headers=owner)
    assert numbers(client.get(CARDS, params={"active": "false"}, headers=owner)) == [cards[0]["card_number"]]
    assert client.get(CARDS, params={"active": "true"}, headers=owner).json()["total"] == 2


def test_cards_of_another_merchant_are_not_listed(client, headers, cards):
    assert client.get(CARDS, headers=headers("lumiere_owner")).json()["total"] == 0


def test_detail_shows_phone_birthday_and_paginated_history(client, owner, join):
    card = join("atelier-ville", "eve@example.com", phone="+352 661 000 111", birthday="1985-07-14")["card"]
    for cents in (1000, 2000):
        client.post(
            "/api/v1/stores/atelier-ville/points/earn",
            headers=owner,
            json={
                "card_number": card["card_number"],
                "purchase_amount_cents": cents,
                "staff_pin": PINS["atelier-ville"],
            },
        )
    r = client.get(f"{CARDS}/{card['id']}", params={"page_size": 2}, headers=owner)
    assert r.status_code == 200
    body = r.json()
    assert body["customer"]["phone"] == "+352 661 000 111" and body["customer"]["birthday"] == "1985-07-14"
    assert body["card"]["points_balance"] == 50 + 100 + 200 and body["lifetime_points"] == 350
    assert body["history"]["total"] == 3 and [t["points_delta"] for t in body["history"]["items"]] == [200, 100]
    page2 = client.get(f"{CARDS}/{card['id']}", params={"page_size": 2, "page": 2}, headers=owner).json()
    assert [t["type"] for t in page2["history"]["items"]] == ["welcome_bonus"]


def test_detail_of_unknown_or_foreign_card_is_not_found(client, owner, headers, cards):
    assert error_code(client.get(f"{CARDS}/999999", headers=owner)) == "CARD_NOT_FOUND"
    r = client.get(f"{CARDS}/{cards[0]['id']}", headers=headers("lumiere_owner"))
    assert r.status_code == 404 and error_code(r) == "CARD_NOT_FOUND"


def test_owner_adjusts_points_with_a_reason(client, owner, cards, db):
    r = client.post(f"{CARDS}/{cards[0]['id']}/adjust", json={"points_delta": 25, "reason": "goodwill"}, headers=owner)
    assert r.status_code == 201
    assert r.json()["transaction"]["type"] == "admin_adjustment" and r.json()["card"]["points_balance"] == 75
    audit = db.exec(select(AuditLog).where(AuditLog.action == "card.adjust_points")).one()
    assert audit.new_values["reason"] == "goodwill"


def test_adjust_errors(client, owner, cards, headers):
    url = f"{CARDS}/{cards[0]['id']}/adjust"
    r = client.post(url, json={"points_delta": -51, "reason": "oops"}, headers=owner)
    assert r.status_code == 409 and error_code(r) == "INSUFFICIENT_POINTS"
    r = client.post(url, json={"points_delta": 5, "reason": "  "}, headers=owner)
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"reason": "required"}
    r = client.post(url, json={"points_delta": 100_001, "reason": "x"}, headers=owner)
    assert r.status_code == 422
    r = client.post(url, json={"points_delta": 5, "reason": "x"}, headers=headers("atelier_staff"))
    assert r.status_code == 403 and error_code(r) == "FORBIDDEN"


def test_admin_adjustment_stamps_the_admin_on_ledger_and_audit(client, headers, demo, cards, db):
    admin = headers("admin")
    admin_id = client.get("/api/v1/auth/me", headers=admin).json()["id"]
    r = client.post(
        f"{CARDS}/{cards[0]['id']}/adjust",
        params={"merchant_id": demo["merchants"]["atelier"].id},
        json={"points_delta": 10, "reason": "restore after outage"},
        headers=admin,
    )
    assert r.status_code == 201
    row = db.get(LoyaltyTransaction, r.json()["transaction"]["id"])
    assert row.acting_admin_id == admin_id and row.reason == "restore after outage"
    assert db.exec(select(AuditLog).where(AuditLog.action == "card.adjust_points")).one().acting_admin_id == admin_id


def test_deactivate_then_reactivate(client, owner, cards):
    url = f"{CARDS}/{cards[0]['id']}"
    r = client.post(f"{url}/deactivate", json={"reason": "reported stolen"}, headers=owner)
    assert r.status_code == 200 and r.json()["card"]["is_active"] is False
    r = client.post(f"{url}/deactivate", json={"reason": "again"}, headers=owner)
    assert r.status_code == 409 and error_code(r) == "CARD_INACTIVE"
    r = client.post(f"{url}/reactivate", headers=owner)
    assert r.status_code == 200 and r.json()["card"]["is_active"] is True
    r = client.post(f"{url}/reactivate", json={"reason": "found"}, headers=owner)
    assert r.status_code == 409 and error_code(r) == "CARD_ALREADY_ACTIVE"


def test_deactivate_needs_a_reason(client, owner, cards):
    r = client.post(f"{CARDS}/{cards[0]['id']}/deactivate", json={"reason": ""}, headers=owner)
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"reason": "required"}
