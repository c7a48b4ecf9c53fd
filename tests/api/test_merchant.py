import pytest
from sqlmodel import select

from loyalty_app.demo import PINS as DEMO_PINS
from loyalty_app.models import AuditLog

from .conftest import error_code

PROGRAM = "/api/v1/merchant/program"
PINS = "/api/v1/merchant/staff-pins"


@pytest.fixture
def owner(headers):
    return headers("lumiere_owner")


def test_owner_reads_the_program(client, owner):
    r = client.get(PROGRAM, headers=owner)
    assert r.status_code == 200
    assert r.json()["loyalty_type"] == "stamps" and r.json()["card_name"] == "Café Lumière"
    assert r.json()["points_expiry_days"] is None


def test_owner_updates_the_program_and_an_audit_row_records_it(client, owner, db):
    r = client.patch(PROGRAM, headers=owner, json={"stamps_target": 8, "card_color": "#112233"})
    assert r.status_code == 200 and r.json()["stamps_target"] == 8 and r.json()["card_color"] == "#112233"
    audit = db.exec(select(AuditLog).where(AuditLog.action == "program.update")).one()
    assert audit.old_values == {"stamps_target": 10, "card_color": "#8B5A2B"}
    assert audit.new_values == {"stamps_target": 8, "card_color": "#112233"}
    assert audit.acting_admin_id is None and audit.ip_address == "testclient"


def test_program_update_is_validated_field_by_field(client, owner):
    r = client.patch(PROGRAM, headers=owner, json={"card_color": "red", "stamps_target": 0})
    assert r.status_code == 422
    assert r.json()["error"]["details"]["fields"] == {"card_color": "invalid_color", "stamps_target": "out_of_range"}


def test_program_update_refuses_unknown_fields(client, owner):
    r = client.patch(PROGRAM, headers=owner, json={"google_class_id": "x"})
    assert r.status_code == 422 and "google_class_id" in r.json()["error"]["details"]["fields"]


def test_staff_cannot_use_merchant_endpoints(client, headers):
    r = client.get(PROGRAM, headers=headers("lumiere_staff"))
    assert r.status_code == 403 and error_code(r) == "FORBIDDEN"


def test_admin_acts_on_behalf_of_a_merchant_and_is_recorded(client, headers, demo, db):
    admin = headers("admin")
    admin_id = client.get("/api/v1/auth/me", headers=admin).json()["id"]
    atelier = demo["merchants"]["atelier"].id
    r = client.patch(PROGRAM, params={"merchant_id": atelier}, headers=admin, json={"welcome_bonus_points": 75})
    assert r.status_code == 200 and r.json()["merchant_id"] == atelier
    audit = db.exec(select(AuditLog).where(AuditLog.action == "program.update")).one()
    assert audit.acting_admin_id == admin_id and audit.actor_user_id == admin_id and audit.merchant_id == atelier


def test_admin_must_name_the_merchant(client, headers):
    r = client.get(PROGRAM, headers=headers("admin"))
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"merchant_id": "required"}
    r = client.get(PROGRAM, params={"merchant_id": 999}, headers=headers("admin"))
    assert r.status_code == 404 and error_code(r) == "NOT_FOUND"


def test_owner_cannot_name_another_merchant(client, owner, demo):
    r = client.get(PROGRAM, params={"merchant_id": demo["merchants"]["atelier"].id}, headers=owner)
    assert r.status_code == 403 and error_code(r) == "FORBIDDEN"


def test_stores_of_the_merchant(client, owner):
    r = client.get("/api/v1/merchant/stores", headers=owner)
    assert [s["code"] for s in r.json()["items"]] == ["lumiere-centre", "lumiere-gare"]


def test_staff_pins_are_listed_without_secrets(client, owner):
    r = client.get(PINS, headers=owner)
    assert [(p["store_code"], p["staff_name"]) for p in r.json()["items"]] == [
        ("lumiere-centre", "Marie"),
        ("lumiere-gare", "Luc"),
    ]
    assert "pin_hash" not in r.text and "pin_lookup" not in r.text
    r = client.get(PINS, params={"store": "lumiere-gare"}, headers=owner)
    assert [p["staff_name"] for p in r.json()["items"]] == ["Luc"]


def test_create_a_staff_pin_that_then_works_at_the_terminal(client, owner, join):
    r = client.post(PINS, headers=owner, json={"store_code": "lumiere-gare", "staff_name": "Eva", "pin": "2468"})
    assert r.status_code == 201 and r.json()["staff_name"] == "Eva" and r.json()["store_code"] == "lumiere-gare"
    card = join("lumiere-gare")["card"]
    r = client.post(
        "/api/v1/stores/lumiere-gare/stamps",
        headers=owner,
        json={"card_number": card["card_number"], "staff_pin": "2468"},
    )
    assert r.status_code == 201 and r.json()["transaction"]["staff_name"] == "Eva"


def test_create_pin_errors(client, owner):
    r = client.post(
        PINS,
        headers=owner,
        json={"store_code": "lumiere-centre", "staff_name": "Eva", "pin": DEMO_PINS["lumiere-centre"]},
    )
    assert r.status_code == 409 and error_code(r) == "ALREADY_EXISTS"
    r = client.post(PINS, headers=owner, json={"store_code": "lumiere-centre", "staff_name": "Eva", "pin": "12a"})
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"pin": "pin_format"}
    r = client.post(PINS, headers=owner, json={"store_code": "atelier-ville", "staff_name": "Eva", "pin": "2468"})
    assert r.status_code == 404 and error_code(r) == "STORE_NOT_FOUND"


def test_bulk_create_pins(client, owner):
    body = {"store_code": "lumiere-centre", "lines": "Eva, 2468\nTom, 1357"}
    r = client.post(f"{PINS}/bulk", headers=owner, json=body)
    assert r.status_code == 201 and [p["staff_name"] for p in r.json()["items"]] == ["Eva", "Tom"]
    r = client.post(f"{PINS}/bulk", headers=owner, json={"store_code": "lumiere-centre", "lines": "Ann, 2468"})
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"line_1": "pin_taken"}


def test_rename_unlock_and_deactivate_a_pin(client, owner, demo, join):
    pin_id = demo["staff"]["lumiere-centre"].id
    r = client.patch(f"{PINS}/{pin_id}", headers=owner, json={"staff_name": "Marie W."})
    assert r.status_code == 200 and r.json()["staff_name"] == "Marie W."
    card = join()["card"]
    for _ in range(5):
        client.post(
            "/api/v1/stores/lumiere-centre/stamps",
            headers=owner,
            json={"card_number": card["card_number"], "staff_pin": "0000"},
        )
    assert client.get(PINS, headers=owner).json()["items"][0]["locked_until"] is not None
    r = client.post(f"{PINS}/{pin_id}/unlock", headers=owner)
    assert r.status_code == 200 and r.json()["locked_until"] is None
    r = client.post(f"{PINS}/{pin_id}/deactivate", headers=owner)
    assert r.status_code == 200 and r.json()["is_active"] is False
    r = client.post(
        "/api/v1/stores/lumiere-centre/stamps",
        headers=owner,
        json={"card_number": card["card_number"], "staff_pin": DEMO_PINS["lumiere-centre"]},
    )
    assert r.status_code == 401 and error_code(r) == "INVALID_PIN"


def test_pin_of_another_merchant_is_not_found(client, owner, demo):
    r = client.patch(f"{PINS}/{demo['staff']['atelier-ville'].id}", headers=owner, json={"staff_name": "X"})
    assert r.status_code == 404 and error_code(r) == "STAFF_PIN_NOT_FOUND"


def test_a_field_with_several_problems_names_them_in_one_string(client, owner):
    """API.md's error shape is kept: details.fields maps a field to its codes, joined by ", "."""
    body = {"store_code": "lumiere-centre", "lines": "Eva, 2468\n , 12"}
    r = client.post(f"{PINS}/bulk", headers=owner, json=body)
    assert r.status_code == 422 and r.json()["error"]["details"]["fields"] == {"line_2": "pin_format, required"}


def test_the_program_update_body_is_documented_with_the_rules_the_service_checks(client):
    schema = client.get("/api/v1/openapi.json").json()["paths"][PROGRAM]["patch"]["requestBody"]
    body = schema["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False
    assert (body["properties"]["stamps_target"]["minimum"], body["properties"]["stamps_target"]["maximum"]) == (1, 1000)
    assert body["properties"]["rewards"]["items"]["properties"]["points_cost"]["minimum"] == 1
